from django.db import models
from django.utils.translation import gettext_lazy as _


class Protocol(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


#: allauth's provider for each protocol (``SocialApp.provider``).
ALLAUTH_PROVIDER = {Protocol.OIDC: "openid_connect", Protocol.SAML: "saml"}

#: A SAML provider's attribute names to start with (the standard OIDs; Entra ID,
#: Google Workspace and Okta use other names: docs/operations.md).
SAML_DEFAULT_ATTRIBUTES = {
    "claim_email": "urn:oid:0.9.2342.19200300.100.1.3",
    "claim_given_name": "urn:oid:2.5.4.42",
    "claim_family_name": "urn:oid:2.5.4.4",
    "claim_organisation": "urn:oid:2.5.4.10",
    "claim_job_title": "urn:oid:2.5.4.12",
    "claim_language": "urn:oid:2.16.840.1.113730.3.1.39",
}

#: SAML ``AuthnContextClassRef`` values that mean the identity provider checked
#: more than a password (REFEDS MFA, Entra ID's multipleauthn, and the SAML
#: classes for hardware/smart-card/time-sync tokens).
MFA_AUTHN_CONTEXTS = frozenset(
    {
        "https://refeds.org/profile/mfa",
        "http://schemas.microsoft.com/claims/multipleauthn",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorUnregistered",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI",
    }
)

#: ``amr`` values (RFC 8176) that mean the identity provider checked more than a
#: password: a one-time code, a hardware or software key, biometrics, SMS, or an
#: explicit "mfa".
MFA_AMR_VALUES = frozenset(
    {"mfa", "otp", "hwk", "swk", "sc", "fido", "face", "fpt", "iris", "retina", "vbm", "sms", "tel"}
)

#: Where the SAML login keeps the assertion's ``AuthnContextClassRef`` values in
#: the social account's extra data (beside the attributes, which are URIs).
SAML_AUTHN_CONTEXT_KEY = "_authn_context_class_refs"

#: Entra ID's SAML attribute listing the methods used (``.../multipleauthn`` for MFA).
ENTRA_AUTHN_METHODS_ATTRIBUTE = "http://schemas.microsoft.com/claims/authnmethodsreferences"

#: How our SAML requests and logout messages are signed (with ``SAML_SP_KEY_FILE``).
SAML_SIGNATURE_ALGORITHM = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SAML_DIGEST_ALGORITHM = "http://www.w3.org/2001/04/xmlenc#sha256"
