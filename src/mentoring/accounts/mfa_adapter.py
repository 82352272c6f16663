"""allauth MFA integration: coordinators and staff keep their second factor."""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Coordinators and staff must keep two-factor authentication turned on."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Coordinators and staff must keep TOTP on (they may replace it by
        turning it off only after they stop being coordinators)."""
        from mentoring.common.permissions import is_staff
        from mentoring.programmes.selectors import is_coordinator

        user = authenticator.user
        if authenticator.type == Authenticator.Type.TOTP and (
            is_coordinator(user) or is_staff(user)
        ):
            return False
        return super().can_delete_authenticator(authenticator)
