"""Reads for accounts."""

from __future__ import annotations

from mentoring.common.permissions import user_has_mfa

__all__ = ["user_has_mfa"]
