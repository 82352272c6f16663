"""Receivers of other apps' signals (each one line calling this app's code)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from mentoring.evaluations.selectors import coordinator_todo_items
from mentoring.programmes.todo import TodoCounts, coordinator_todo


@receiver(coordinator_todo, dispatch_uid="evaluations-todo")
def evaluations_todo(sender: Any, programme: Any, user: Any, **kwargs: Any) -> list[TodoCounts]:
    return coordinator_todo_items(programme=programme, user=user)
