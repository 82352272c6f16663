from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _no_active_language() -> Iterator[None]:
    """Each request chooses its own language (Accept-Language, else the owner's)."""
    yield
    translation.deactivate()
