"""Errors of the evaluations services, with a message for the person."""

from __future__ import annotations


class SurveyError(Exception):
    """A refused write: ``message`` says why, in the active language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SurveyConflict(SurveyError):
    """The answers were saved elsewhere (another tab) since the form was opened."""
