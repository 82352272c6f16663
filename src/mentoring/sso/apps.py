from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "mentoring.sso"
    label = "sso"
    verbose_name = _("Single sign-on")

    def ready(self) -> None:
        from mentoring.sso import checks, receivers  # noqa: F401
