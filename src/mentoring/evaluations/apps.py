from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "mentoring.evaluations"
    label = "evaluations"
    verbose_name = _("Check-ins and evaluations")

    def ready(self) -> None:
        # Connects the receivers of ``common.signals.periodic_task``.
        from mentoring.evaluations import receivers, tasks  # noqa: F401
