"""allauth's two-factor forms, with the code field focused when the page opens
(issue 17.5): the person came to type a code, so the cursor waits in the field.

A rejected code renders the form bound, without ``autofocus``: focus then goes
to the error summary (common/js/form-focus.js), which links back to the field.
Settings: ``MFA_FORMS``.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm


def _focus_code_when_unbound(form: AuthenticateForm | ReauthenticateForm) -> None:
    if not form.is_bound:
        form.fields["code"].widget.attrs["autofocus"] = True


class CodeFocusedAuthenticateForm(AuthenticateForm):
    """The code asked after the password at login."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _focus_code_when_unbound(self)


class CodeFocusedReauthenticateForm(ReauthenticateForm):
    """The code asked again before a sensitive change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _focus_code_when_unbound(self)
