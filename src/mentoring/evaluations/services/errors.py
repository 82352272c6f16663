"""Errors of the evaluations services, with a message for the person."""

from __future__ import annotations

from mentoring.common.errors import ServiceError


class SurveyError(ServiceError):
    """A refused write: ``message`` says why, in the active language."""


class SurveyConflict(SurveyError):
    """The answers were saved elsewhere (another tab) since the form was opened."""
