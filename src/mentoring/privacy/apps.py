from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "mentoring.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # Connects the receivers of ``common.signals.periodic_task``.
        from mentoring.privacy import tasks  # noqa: F401
