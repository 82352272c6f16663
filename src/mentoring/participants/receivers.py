"""Receivers of this app; each is one line calling a service of this app.
Connected in ``apps.ParticipantsConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from mentoring.common.signals import periodic_task
from mentoring.participants.io.pending import pending_imports_delete_expired


@receiver(periodic_task, dispatch_uid="participants.pending_imports_cleanup")
def pending_imports_cleanup(**kwargs: Any) -> None:
    """Expired pending import files are deleted (they hold people's data)."""
    pending_imports_delete_expired()
