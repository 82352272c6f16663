from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "mentoring.meetings"
    label = "meetings"
    verbose_name = _("Meetings and journal")

    def ready(self) -> None:
        from mentoring.meetings import receivers  # noqa: F401  (connects the receivers)
