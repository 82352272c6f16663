from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "mentoring.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        # Connects the receivers of the lower apps' signals and of
        # ``common.signals.periodic_task``.
        from mentoring.webhooks import receivers, tasks  # noqa: F401
