from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "mentoring.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Connects the receivers of ``common.signals.periodic_task`` (heartbeat,
        # scheduled backups) and of ``privacy.signals.erasure_completed`` (ledger).
        from mentoring.operations import tasks  # noqa: F401
