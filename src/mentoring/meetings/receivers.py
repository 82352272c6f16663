"""Receivers of events of the apps below ``meetings``; each is one line
calling a service of this app. Connected in ``apps.MeetingsConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from mentoring.meetings.overview import coordinator_todo_items
from mentoring.meetings.services.goals import goals_sync
from mentoring.meetings.services.record import meeting_first_held_sync
from mentoring.programmes.todo import TodoCounts, coordinator_todo
from mentoring.relationships.signals import agreement_accepted, first_meeting_held


@receiver(agreement_accepted, dispatch_uid="meetings.goals_from_agreement")
def goals_from_agreement(*, mentorship: Any, **kwargs: Any) -> None:
    """The agreement's goals become the pair's goals."""
    goals_sync(mentorship=mentorship)


@receiver(first_meeting_held, dispatch_uid="meetings.first_meeting_as_meeting")
def first_meeting_as_meeting(
    *, mentorship: Any, by: Any, held_on: Any, previous: Any, now: Any, **kwargs: Any
) -> None:
    """The first meeting recorded at the trial gate is a held meeting."""
    meeting_first_held_sync(
        mentorship=mentorship, by=by, held_on=held_on, previous=previous, now=now
    )


@receiver(coordinator_todo, dispatch_uid="meetings-todo")
def meetings_todo(sender: Any, programme: Any, user: Any, **kwargs: Any) -> list[TodoCounts]:
    return coordinator_todo_items(programme=programme, user=user)
