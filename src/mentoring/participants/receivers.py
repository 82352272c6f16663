"""Receivers of this app; each is one line calling a service of this app.
Connected in ``apps.ParticipantsConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from mentoring.common.signals import periodic_task
from mentoring.participants.io.pending import pending_imports_delete_expired
from mentoring.participants.selectors import coordinator_todo_items
from mentoring.programmes.todo import TodoCounts, coordinator_todo


@receiver(periodic_task, dispatch_uid="participants.pending_imports_cleanup")
def pending_imports_cleanup(**kwargs: Any) -> None:
    """Expired pending import files are deleted (they hold people's data)."""
    pending_imports_delete_expired()


@receiver(coordinator_todo, dispatch_uid="participants-todo")
def participants_todo(sender: Any, programme: Any, user: Any, **kwargs: Any) -> list[TodoCounts]:
    return coordinator_todo_items(programme=programme, user=user)
