"""allauth's MFA login stage, honouring MFA asserted by the identity provider.

After an SSO login whose signed id_token says (``amr``) that the provider
checked a second factor, our TOTP is not asked again, and the session is marked
(``common.permissions.MFA_ASSERTED_SESSION_KEY``, whose value is the provider's
short name) so the coordinator and staff pages accept it, and an API token made
in this session records which provider proved the second factor. Any other
login: allauth's stage as before."""

from __future__ import annotations

from typing import Any

from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage

from mentoring.common.permissions import MFA_ASSERTED_SESSION_KEY
from mentoring.sso import selectors


class AuthenticateStage(AllauthAuthenticateStage):
    def handle(self) -> tuple[Any, bool]:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and selectors.asserted_mfa(sociallogin.account.extra_data):
            self.request.session[MFA_ASSERTED_SESSION_KEY] = str(sociallogin.account.provider)
            return None, True
        self.request.session.pop(MFA_ASSERTED_SESSION_KEY, None)
        return super().handle()
