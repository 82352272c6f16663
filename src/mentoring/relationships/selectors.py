"""Reads for mentorships, scoped to what the user may see.

The two people of a mentorship see it; coordinators see the mentorships of
their programmes (through ``programme_mentorships`` after the programme was
scoped with ``programmes_for_user``); nobody else does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import CLOSED_STATUSES, Side
from mentoring.relationships.models import Mentorship


def active_mentorships() -> QuerySet[Mentorship]:
    """Mentorships that hold a mentor's place and the mentee (not closed)."""
    return Mentorship.objects.exclude(status__in=CLOSED_STATUSES)


def active_counts_by_mentor(*, programme: Programme) -> dict[int, int]:
    """Mentor participation id -> number of active mentorships (one query)."""
    rows = (
        active_mentorships()
        .filter(programme=programme)
        .order_by()
        .values("mentor_id")
        .annotate(n=Count("pk"))
    )
    return {row["mentor_id"]: row["n"] for row in rows}


def mentees_with_active_mentorship(*, programme: Programme) -> set[int]:
    """Ids of the mentee participations that have an active mentorship."""
    return set(active_mentorships().filter(programme=programme).values_list("mentee_id", flat=True))


def mentor_capacity(mentor: Participation) -> int:
    """How many mentees the mentor takes: their own answer, else the
    programme's default."""
    return int(mentor.capacity or mentor.programme.default_mentor_capacity)


def mentorships_for_user(user: Any) -> QuerySet[Mentorship]:
    """The mentorships in which ``user`` is the mentee or the mentor, newest first."""
    if not user.is_authenticated:
        return Mentorship.objects.none()
    return (
        Mentorship.objects.filter(Q(mentee__user=user) | Q(mentor__user=user))
        .select_related("programme", "mentee__user", "mentor__user")
        .order_by("-created_at", "-pk")
    )


def mentorship_for_user(*, user: Any, pk: int) -> Mentorship:
    """One of the user's own mentorships; DoesNotExist for anybody else's."""
    return mentorships_for_user(user).get(pk=pk)


def side_of(*, mentorship: Mentorship, user: Any) -> Side | None:
    """The user's side of the mentorship (the mentee's, if somebody were both)."""
    if mentorship.mentee.user_id == user.pk:
        return Side.MENTEE
    if mentorship.mentor.user_id == user.pk:
        return Side.MENTOR
    return None


def programme_mentorships(*, programme: Programme) -> QuerySet[Mentorship]:
    """Every mentorship of a programme, for its coordinators, newest first."""
    return (
        Mentorship.objects.filter(programme=programme)
        .select_related("mentee__user", "mentor__user", "run")
        .order_by("-created_at", "-pk")
    )
