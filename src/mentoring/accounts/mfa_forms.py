"""allauth's two-factor forms, with the code field focused when the page opens
(issue 17.5): the person came to type a code, so the cursor waits in the field.

A rejected code renders the form bound, without ``autofocus``: focus then goes
to the error summary (common/js/form-focus.js), which links back to the field.
Settings: ``MFA_FORMS``.
"""

from __future__ import annotations

import copy
from typing import Any

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from django import forms
from django.core.validators import MaxLengthValidator

#: A code is 6 digits (TOTP) or 8 characters (a recovery code); allauth sets no limit.
CODE_MAX_LENGTH = 64


def _limited_code_field() -> forms.CharField:
    """allauth's code field (its label and widget), with an upper limit."""
    field = copy.deepcopy(AuthenticateForm.base_fields["code"])
    if not isinstance(field, forms.CharField):  # pragma: no cover - allauth changed
        raise TypeError("allauth's code field is no longer a CharField")
    field.max_length = CODE_MAX_LENGTH
    field.validators.append(MaxLengthValidator(CODE_MAX_LENGTH))
    field.widget.attrs["maxlength"] = str(CODE_MAX_LENGTH)
    return field


def _focus_code_when_unbound(form: AuthenticateForm | ReauthenticateForm) -> None:
    if not form.is_bound:
        form.fields["code"].widget.attrs["autofocus"] = True


class CodeFocusedAuthenticateForm(AuthenticateForm):
    """The code asked after the password at login."""

    code = _limited_code_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _focus_code_when_unbound(self)


class CodeFocusedReauthenticateForm(ReauthenticateForm):
    """The code asked again before a sensitive change."""

    code = _limited_code_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _focus_code_when_unbound(self)
