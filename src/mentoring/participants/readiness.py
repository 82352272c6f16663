"""Readiness screening: transparent rules derived from the flyer's
prerequisites. Each rule gives a pass or a flag with its reason; nothing is
decided automatically, the coordinator decides.

Mentee (the flyer: truly motivated, concrete goals and tasks, time for the
meetings *and* the homework, in a change process); mentor (motivated, time
for the meetings, presence and concentration; how many mentees).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mentoring.participants.enums import Role

if TYPE_CHECKING:
    from mentoring.participants.models import Participation

MIN_MOTIVATION_CHARS = 40
MIN_GOAL_CHARS = 10
MAX_GOALS = 5
MIN_CHANGE_DESCRIPTION_CHARS = 20


@dataclass(frozen=True)
class Check:
    code: str
    label: Promise
    passed: bool
    reason: Promise


def _motivation(p: Participation) -> Check:
    ok = len(p.motivation.strip()) >= MIN_MOTIVATION_CHARS
    return Check(
        "motivation",
        _("Motivation"),
        ok,
        _("The motivation is described.")
        if ok
        else _("The motivation is missing or only a few words (at least 40 characters)."),
    )


def _goals(p: Participation) -> Check:
    goals = [str(g).strip() for g in (p.goals or []) if str(g).strip()]
    ok = 1 <= len(goals) <= MAX_GOALS and all(len(g) >= MIN_GOAL_CHARS for g in goals)
    if ok:
        reason = _("Concrete goals are given.")
    elif not goals:
        reason = _("No goals are given; the flyer asks for concrete goals and tasks.")
    elif len(goals) > MAX_GOALS:
        reason = _("More than five goals; concrete goals are few.")
    else:
        reason = _("A goal is too short to be concrete (at least 10 characters each).")
    return Check("goals", _("Concrete goals"), ok, reason)


def _mentee_time(p: Participation) -> Check:
    ok = p.commits_to_meetings and p.commits_to_homework
    if ok:
        reason = _("Time for the meetings and the homework is committed.")
    elif p.commits_to_meetings:
        reason = _("Time for homework between the meetings is not committed.")
    elif p.commits_to_homework:
        reason = _("Time for the meetings is not committed.")
    else:
        reason = _("Neither time for the meetings nor for the homework is committed.")
    return Check("time", _("Time for meetings and homework"), ok, reason)


def _change(p: Participation) -> Check:
    ok = bool(p.change_situation) and (
        len(p.change_description.strip()) >= MIN_CHANGE_DESCRIPTION_CHARS
    )
    if ok:
        reason = _("The change situation is chosen and described.")
    elif not p.change_situation:
        reason = _("No change situation is chosen.")
    else:
        reason = _("The change situation is not described (at least 20 characters).")
    return Check("change", _("Change situation"), ok, reason)


def _mentor_time(p: Participation) -> Check:
    ok = p.commits_to_meetings and p.commits_to_presence
    if ok:
        reason = _("Time for the meetings, presence and concentration are committed.")
    elif p.commits_to_meetings:
        reason = _("Presence and concentration during the meetings are not committed.")
    else:
        reason = _("Time for the meetings is not committed.")
    return Check("presence", _("Time and presence"), ok, reason)


def _capacity(p: Participation) -> Check:
    ok = p.capacity is not None and 1 <= p.capacity <= 3
    return Check(
        "capacity",
        _("Capacity"),
        ok,
        _("Capacity is set.") if ok else _("The number of mentees (1-3) is not set."),
    )


def assess(participation: Participation) -> list[Check]:
    """Every readiness rule for this application, in display order."""
    rules: tuple[Callable[[Participation], Check], ...]
    if participation.role == Role.MENTEE:
        rules = (_motivation, _goals, _mentee_time, _change)
    else:
        rules = (_motivation, _mentor_time, _capacity)
    return [rule(participation) for rule in rules]


def apply_readiness(participation: Participation) -> list[str]:
    """Set ``is_ready`` and ``readiness_issues`` from the rules (not saved).

    Returns the names of the fields it changed, for ``save(update_fields=...)``.
    """
    flags = [check.code for check in assess(participation) if not check.passed]
    participation.is_ready = not flags
    participation.readiness_issues = ",".join(flags)
    return ["is_ready", "readiness_issues"]
