from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "mentoring.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Connects the receivers of this app's signals and of ``common.signals.periodic_task``.
        from mentoring.matching import receivers, tasks  # noqa: F401
