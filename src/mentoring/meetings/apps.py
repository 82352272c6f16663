from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "mentoring.meetings"
    label = "meetings"
    verbose_name = _("Meetings and journal")

    def ready(self) -> None:
        # Connects the receivers of this app's signals and of ``common.signals.periodic_task``.
        from mentoring.meetings import receivers, tasks  # noqa: F401
