"""Receivers of events of the apps below ``relationships``; each is one line
calling a service of this app. Connected in ``apps.RelationshipsConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from mentoring.accounts.signals import user_deactivated
from mentoring.programmes.todo import TodoCounts, coordinator_todo
from mentoring.relationships.selectors import coordinator_todo_items
from mentoring.relationships.services.leaver import mentorships_end_for_leaver


@receiver(user_deactivated, dispatch_uid="relationships.leaver")
def end_mentorships_of_leaver(*, user: Any, by: Any, now: Any, **kwargs: Any) -> None:
    """A person who left the organisation ends their mentorships early, without blame."""
    mentorships_end_for_leaver(user=user, by=by, now=now)


@receiver(coordinator_todo, dispatch_uid="relationships-todo")
def relationships_todo(sender: Any, programme: Any, user: Any, **kwargs: Any) -> list[TodoCounts]:
    return coordinator_todo_items(programme=programme, user=user)
