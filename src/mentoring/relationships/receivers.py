"""Receivers of other apps' signals (each one line calling this app's code)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from mentoring.programmes.todo import TodoItem, coordinator_todo
from mentoring.relationships.selectors import coordinator_todo_items


@receiver(coordinator_todo, dispatch_uid="relationships-todo")
def relationships_todo(sender: Any, programme: Any, user: Any, **kwargs: Any) -> list[TodoItem]:
    return coordinator_todo_items(programme=programme, user=user)
