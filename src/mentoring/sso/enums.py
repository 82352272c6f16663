from django.db import models
from django.utils.translation import gettext_lazy as _


class Protocol(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")


#: allauth's provider for each protocol (``SocialApp.provider``).
ALLAUTH_PROVIDER = {Protocol.OIDC: "openid_connect"}

#: ``amr`` values (RFC 8176) that mean the identity provider checked more than a
#: password: a one-time code, a hardware or software key, biometrics, SMS, or an
#: explicit "mfa".
MFA_AMR_VALUES = frozenset(
    {"mfa", "otp", "hwk", "swk", "sc", "fido", "face", "fpt", "iris", "retina", "vbm", "sms", "tel"}
)
