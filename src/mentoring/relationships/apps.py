from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationshipsConfig(AppConfig):
    name = "mentoring.relationships"
    label = "relationships"
    verbose_name = _("Mentoring relationships")

    def ready(self) -> None:
        # Connects the receivers of ``common.signals.periodic_task`` (tasks), of
        # ``accounts.signals.user_deactivated`` and ``programmes.todo.coordinator_todo``
        # (receivers).
        from mentoring.relationships import receivers, tasks  # noqa: F401
