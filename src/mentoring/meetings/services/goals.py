"""Writes for the mentee's goals and their progress. Keyword-only, typed,
atomic; side effects listed.

The goals come from the mentee's application (``Participation.goals``) and
from the collaboration agreement (``AgreementVersion.goals`` of the newest
version both accepted): ``goals_sync`` creates the missing ones. The mentee
may add and rename goals; both people post progress updates (0-100 % and a
comment) and may mark a goal achieved. The audit log records ids and
figures, never the goal text or the comments.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.meetings.models import Goal, GoalUpdate
from mentoring.meetings.selectors import pair_is_writable
from mentoring.relationships.enums import Side
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.selectors import side_of
from mentoring.relationships.services.mentorship import MentorshipError

#: Longest goal (the model's limit), most goals per pair, longest comment.
GOAL_TEXT_MAX = 300
MAX_GOALS = 20
GOAL_COMMENT_MAX = 2000


class GoalError(MentorshipError):
    """The goal or the update cannot be recorded; ``message`` is for the user."""


def _normal(text: str) -> str:
    """Whitespace collapsed and case folded: how two goals are compared."""
    return " ".join(str(text).split()).casefold()


def _clean_text(text: str) -> str:
    return " ".join(str(text).split())


def _check(mentorship: Mentorship, by: Any, *, mentee_only: bool = False) -> Side:
    side = side_of(mentorship=mentorship, user=by)
    if side is None:
        raise GoalError(_("Only the mentee and the mentor of the pair can do this."))
    if not pair_is_writable(mentorship):
        raise GoalError(_("This mentorship has ended, so its goals can no longer be changed."))
    if mentee_only and side != Side.MENTEE:
        raise GoalError(_("The goals are the mentee's: only the mentee adds or renames them."))
    return side


def _source_goals(mentorship: Mentorship) -> list[str]:
    """The goals of the application, then those of the newest agreement
    version both accepted, cleaned, without empty ones."""
    texts: list[Any] = list(mentorship.mentee.goals or [])
    agreed = (
        AgreementVersion.objects.filter(mentorship=mentorship, accepted_at__isnull=False)
        .order_by("-number")
        .values_list("goals", flat=True)
        .first()
    )
    texts.extend(agreed or [])
    return [_clean_text(text)[:GOAL_TEXT_MAX] for text in texts if _clean_text(text)]


def _missing(sources: Iterable[str], goals: Iterable[tuple[str, str]]) -> list[str]:
    known: set[str] = set()
    for text, imported_from in goals:
        known.add(_normal(text))
        if imported_from:
            known.add(_normal(imported_from))
    missing: list[str] = []
    for text in sources:
        if _normal(text) not in known:
            known.add(_normal(text))
            missing.append(text)
    return missing


def goals_sync(*, mentorship: Mentorship) -> list[Goal]:
    """Create the goals of the application and of the accepted agreement
    that the pair does not have yet, after the existing ones; return them.
    Idempotent: a goal is known by its text (case and spaces ignored) and by
    the text it was imported from, so a goal the mentee renamed is not
    imported again. Does nothing for a pair that no longer works together.
    Call it when the goals page is opened and when both accept an
    agreement version.

    Side effects: new Goal rows (``imported_from`` set); when any, audit
    entry ``goals.imported`` (how many).
    """
    if not pair_is_writable(mentorship):
        return []
    existing = Goal.objects.filter(mentorship=mentorship).values_list("text", "imported_from")
    if not _missing(_source_goals(mentorship), existing):
        return []  # the common case: read only, no write transaction
    with transaction.atomic():
        # Lock the pair so that two pages opened at once import only once.
        locked = Mentorship.objects.select_for_update(of=("self",)).get(pk=mentorship.pk)
        missing = _missing(
            _source_goals(mentorship),
            Goal.objects.filter(mentorship=locked).values_list("text", "imported_from"),
        )
        room = max(MAX_GOALS - Goal.objects.filter(mentorship=locked).count(), 0)
        missing = missing[:room]
        if not missing:
            return []
        position = Goal.objects.filter(mentorship=locked).aggregate(p=Max("position"))["p"]
        start = (position or 0) + 1
        created = Goal.objects.bulk_create(
            [
                Goal(mentorship=locked, text=text, imported_from=text, position=start + n)
                for n, text in enumerate(missing)
            ]
        )
        log_action(
            actor=None,
            action="goals.imported",
            obj=mentorship,
            programme=mentorship.programme,
            data={"count": len(created)},
        )
    return created


@transaction.atomic
def goal_add(*, mentorship: Mentorship, by: Any, text: str) -> Goal:
    """The mentee adds a goal, after the existing ones.

    Raises GoalError when ``by`` is not the mentee, the pair no longer works
    together, the text is empty or too long, the pair already has this goal
    or has ``MAX_GOALS``. Side effects: one Goal; audit entry ``goal.added``.
    """
    _check(mentorship, by, mentee_only=True)
    text = _validated(text)
    Mentorship.objects.select_for_update(of=("self",)).filter(pk=mentorship.pk).first()
    goals = Goal.objects.filter(mentorship=mentorship)
    if any(_normal(t) == _normal(text) for t in goals.values_list("text", flat=True)):
        raise GoalError(_("You already have this goal."))
    if goals.count() >= MAX_GOALS:
        raise GoalError(
            _("A pair can have at most %(count)s goals. Rename one instead.") % {"count": MAX_GOALS}
        )
    position = goals.aggregate(p=Max("position"))["p"]
    goal = Goal.objects.create(mentorship=mentorship, text=text, position=(position or 0) + 1)
    log_action(
        actor=by,
        action="goal.added",
        obj=mentorship,
        programme=mentorship.programme,
        data={"goal": goal.pk},
    )
    return goal


def _validated(text: str) -> str:
    text = _clean_text(text)
    if not text:
        raise GoalError(_("Please write the goal."))
    if len(text) > GOAL_TEXT_MAX:
        raise GoalError(_("Please keep the goal short (at most 300 characters)."))
    return text


def _locked(goal: Goal) -> Goal:
    return (
        Goal.objects.select_for_update(of=("self",))
        .select_related("mentorship__mentee", "mentorship__mentor", "mentorship__programme")
        .get(pk=goal.pk)
    )


@transaction.atomic
def goal_rename(*, goal: Goal, by: Any, text: str) -> Goal:
    """The mentee rewrites a goal. The same text again changes nothing.

    Raises GoalError when ``by`` is not the mentee, the pair no longer works
    together, the text is empty or too long, or another goal of the pair
    already says the same. Side effects: ``Goal.text``; audit entry
    ``goal.renamed``.
    """
    goal = _locked(goal)
    _check(goal.mentorship, by, mentee_only=True)
    text = _validated(text)
    if text == goal.text:
        return goal
    others = Goal.objects.filter(mentorship_id=goal.mentorship_id).exclude(pk=goal.pk)
    if any(_normal(t) == _normal(text) for t in others.values_list("text", flat=True)):
        raise GoalError(_("You already have this goal."))
    goal.text = text
    goal.save(update_fields=["text"])
    log_action(
        actor=by,
        action="goal.renamed",
        obj=goal.mentorship,
        programme=goal.mentorship.programme,
        data={"goal": goal.pk},
    )
    return goal


@transaction.atomic
def goal_progress_record(
    *,
    goal: Goal,
    by: Any,
    progress: int | None,
    comment: str = "",
    achieved: bool = False,
) -> GoalUpdate:
    """Record a progress update on a goal by either person of the pair:
    ``progress`` in per cent (0-100) and an optional comment. ``achieved``
    marks the goal achieved (progress 100 %, ``progress`` is then ignored);
    an update below 100 % on an achieved goal opens it again.

    Raises GoalError when ``by`` is not one of the pair, the pair no longer
    works together, the progress is outside 0-100 or the comment too long.
    Side effects: one GoalUpdate; ``Goal.progress`` and ``Goal.achieved_at``;
    audit entry ``goal.progress`` (goal id, progress, achieved, whether a
    comment was written).
    """
    goal = _locked(goal)
    _check(goal.mentorship, by)
    if achieved:
        progress = 100
    if progress is None or not 0 <= progress <= 100:
        raise GoalError(_("The progress is a percentage from 0 to 100."))
    comment = (comment or "").strip()
    if len(comment) > GOAL_COMMENT_MAX:
        raise GoalError(_("Please keep the comment shorter (at most 2,000 characters)."))
    fields = ["progress"]
    goal.progress = progress
    if achieved and goal.achieved_at is None:
        goal.achieved_at = timezone.now()
        fields.append("achieved_at")
    elif not achieved and progress < 100 and goal.achieved_at is not None:
        goal.achieved_at = None
        fields.append("achieved_at")
    goal.save(update_fields=fields)
    update = GoalUpdate.objects.create(goal=goal, author=by, progress=progress, comment=comment)
    log_action(
        actor=by,
        action="goal.progress",
        obj=goal.mentorship,
        programme=goal.mentorship.programme,
        data={
            "goal": goal.pk,
            "progress": progress,
            "achieved": goal.achieved_at is not None,
            "comment": bool(comment),
        },
    )
    return update
