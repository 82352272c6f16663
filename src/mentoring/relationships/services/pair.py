"""Small helpers every writer of a mentorship shares: the lock order, which
side a user is on, and the two people of the pair."""

from __future__ import annotations

from typing import Any

from mentoring.participants.models import Participation
from mentoring.relationships.enums import Side
from mentoring.relationships.models import Mentorship


def lock_mentorship(mentorship: Mentorship) -> Mentorship:
    """Lock the mentor's participation, then the mentorship (the order every
    mentorship writer uses), and return the fresh mentorship."""
    Participation.objects.select_for_update(of=("self",)).filter(pk=mentorship.mentor_id).first()
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("programme", "mentee__user", "mentor__user")
        .get(pk=mentorship.pk)
    )


def side_of_user(mentorship: Mentorship, by: Any) -> Side | None:
    """``by``'s side of the mentorship, or None for anybody else."""
    user_id = getattr(by, "pk", None)
    if user_id is not None and user_id == mentorship.mentee.user_id:
        return Side.MENTEE
    if user_id is not None and user_id == mentorship.mentor.user_id:
        return Side.MENTOR
    return None


def participation_of(mentorship: Mentorship, side: Side | str) -> Participation:
    """The participation of ``side`` in the pair."""
    return mentorship.mentee if side == Side.MENTEE else mentorship.mentor


def other_side(side: Side | str) -> Side:
    return Side.MENTOR if side == Side.MENTEE else Side.MENTEE
