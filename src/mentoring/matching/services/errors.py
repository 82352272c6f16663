"""The error the matching services raise: a business rule stopped the change."""

from __future__ import annotations

from mentoring.common.errors import ServiceError
from mentoring.matching.models import PairDecision


class MatchingError(ServiceError):
    """A business rule stopped the change; ``message`` is for the user."""


class PinReplacementNeeded(MatchingError):
    """The mentee is pinned to another mentor already (``current``): the new
    pin replaces it only when the coordinator confirmed it
    (``pair_pin(..., replaces=<the current pin's mentor id>)``)."""

    def __init__(self, message: str, *, current: PairDecision) -> None:
        super().__init__(message)
        self.current = current
