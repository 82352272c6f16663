from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "mentoring.participants"
    label = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        # Connects the receivers of ``common.signals.periodic_task`` and
        # ``programmes.todo.coordinator_todo``.
        from mentoring.participants import receivers  # noqa: F401
