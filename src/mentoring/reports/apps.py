from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "mentoring.reports"
    label = "reports"
    verbose_name = _("Results and reports")

    def ready(self) -> None:
        # Connects the receivers of ``common.signals.periodic_task`` and of
        # the deletion of a report job (its file goes too).
        from mentoring.reports import receivers  # noqa: F401
