from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mentoring.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from mentoring.accounts import signals  # noqa: F401
        from mentoring.accounts.backends import register_user_annotation
        from mentoring.common.permissions import USER_HAS_TOTP

        register_user_annotation(USER_HAS_TOTP, _has_totp)


def _has_totp() -> object:
    from allauth.mfa.models import Authenticator
    from django.db.models import Exists, OuterRef

    return Exists(Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP))
