"""Service errors and how a view shows them.

Every service refuses a write by raising a ``ServiceError`` subclass of its
own app (``MentorshipError``, ``MeetingError``, …) whose ``message`` is a
translated sentence for the user and whose ``field``, if any, names the form
field it is about. ``add_service_errors`` moves such an error, or a
``ValidationError`` from a model's ``full_clean``, onto a form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class ServiceError(Exception):
    """A business rule stopped the change; ``message`` is for the user,
    ``field`` the form field it belongs to (``None``: the whole form)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def add_service_errors(
    form: forms.BaseForm,
    error: ValidationError | ServiceError,
    *,
    field_of: Mapping[str, str] | None = None,
) -> None:
    """Show a service's refusal on ``form``: each message on the form field
    it names (model field names translated through ``field_of``), or with
    the form's own errors when the form has no such field."""
    problems: Mapping[str, Any]
    if isinstance(error, ServiceError):
        problems = {error.field or "": [error.message]}
    elif hasattr(error, "error_dict"):
        problems = error.message_dict
    else:
        problems = {"": error.messages}
    for name, messages in problems.items():
        field = (field_of or {}).get(name, name)
        form.add_error(field if field in form.fields else None, messages)
