"""Writes for the first meeting and the trial gate after it. Keyword-only,
typed, atomic; side effects listed.

After the first meeting is marked held (``first_meeting_mark_held``), each of
the two is asked whether to continue: "good fit", "still deciding" or "not a
good fit" (``TrialAnswer``). ``trial_answer`` is the one transition function
of the gate:

- both "good fit" → the trial is passed (``Mentorship.trial_passed_at``);
- "not a good fit" from either → the mentorship *ends early*, without blame:
  status ``ENDED_EARLY`` (a closed status: the mentor's place and the mentee
  are free again), the pair is vetoed for later matching runs, the other
  person and the programme's coordinators are told.

Until the gate is decided, a side may change its answer ("still deciding"
is meant to change); once it is decided, answers are final. Locks follow the
order of ``services.mentorship``: the mentor's participation, then the
mentorship.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.relationships.enums import MentorshipStatus, Side, TrialAnswer
from mentoring.relationships.models import Mentorship, TrialResponse
from mentoring.relationships.services.mentorship import MentorshipError
from mentoring.relationships.services.pair import (
    lock_mentorship,
    other_side,
    participation_of,
    side_of_user,
)
from mentoring.relationships.services.transition import mentorship_transition
from mentoring.relationships.signals import first_meeting_held

#: Longest private comment to the coordinator when ending at the trial gate.
TRIAL_COMMENT_MAX = 2000


class TrialError(MentorshipError):
    """The first meeting or the trial answer cannot be recorded; ``message``
    is for the user."""


def _check_open(mentorship: Mentorship) -> None:
    """The gate is still open: accepted by both and not decided yet."""
    if mentorship.status == MentorshipStatus.ENDED_EARLY:
        raise TrialError(_("This mentorship has ended, so nothing more can be recorded here."))
    if mentorship.status != MentorshipStatus.ACCEPTED:
        raise TrialError(
            _("This can only be done once you have both accepted the match (now: “%(status)s”).")
            % {"status": MentorshipStatus(mentorship.status).label}
        )
    if mentorship.trial_passed_at is not None:
        raise TrialError(_("You have both already chosen to continue, so the answers are final."))


def _mail_pair(mentorship: Mentorship, *, kind: str, template: str, **context: Any) -> None:
    for side in (Side.MENTEE, Side.MENTOR):
        person = participation_of(mentorship, side)
        other = participation_of(mentorship, other_side(side))
        mail_queue(
            key=f"{kind}:{mentorship.pk}:{person.pk}",
            template=template,
            recipient=person.user,
            context={
                "mentorship": mentorship,
                "programme": mentorship.programme,
                "side": str(side),
                "other": other.user,
                **context,
            },
        )


@transaction.atomic
def first_meeting_mark_held(
    *, mentorship: Mentorship, by: Any, held_on: date, now: datetime | None = None
) -> Mentorship:
    """Record that the pair's first meeting was held on ``held_on``; this
    opens the trial gate. ``by`` is the mentee or the mentor (or None when
    the meetings feature marks it on their behalf). Either side may correct
    the date until the trial is decided; the same date again changes nothing.

    Raises TrialError when the mentorship is not accepted by both (or has
    ended), the trial is already decided, ``by`` is not one of the two, or
    ``held_on`` lies in the future or before the day both accepted.
    Side effects: ``Mentorship.first_meeting_held_on``; the first meeting as
    a held ``Meeting`` row (made, linked or moved by the ``meetings``
    receiver of ``signals.first_meeting_held``, so that it counts
    as a meeting held everywhere); audit entry
    ``mentorship.first_meeting_held`` (date, side, whether it was a
    correction); the first time, an e-mail to each of the two in their
    language asking whether they want to continue.
    """
    now = now or timezone.now()
    mentorship = lock_mentorship(mentorship)
    side = side_of_user(mentorship, by)
    if by is not None and side is None:
        raise TrialError(_("Only the mentee and the mentor can mark their first meeting as held."))
    _check_open(mentorship)
    today = timezone.localdate(now)
    if held_on > today:
        raise TrialError(_("The first meeting cannot be in the future."))
    accepted_on = timezone.localdate(mentorship.accepted_at) if mentorship.accepted_at else None
    if accepted_on is not None and held_on < accepted_on:
        raise TrialError(
            _("The first meeting cannot be before you both accepted the match (%(date)s).")
            % {"date": date_format(accepted_on)}
        )
    previous = mentorship.first_meeting_held_on
    _held_meeting(mentorship=mentorship, by=by, held_on=held_on, previous=previous, now=now)
    if previous == held_on:
        return mentorship
    mentorship.first_meeting_held_on = held_on
    mentorship.save(update_fields=["first_meeting_held_on"])
    log_action(
        actor=by,
        action="mentorship.first_meeting_held",
        obj=mentorship,
        programme=mentorship.programme,
        data={
            "held_on": held_on.isoformat(),
            "side": str(side) if side else None,
            "corrected": previous is not None,
        },
    )
    if previous is None:
        _mail_pair(
            mentorship,
            kind="first-meeting-held",
            template="first_meeting_held",
            marked_by=by if side is not None else None,
        )
    return mentorship


def _held_meeting(
    *, mentorship: Mentorship, by: Any, held_on: date, previous: date | None, now: datetime
) -> None:
    """The first meeting as a held meeting of the pair (one truth for
    "meetings held"): the ``meetings`` app's receiver of
    ``first_meeting_held`` makes it, and stops it with a TrialError."""
    first_meeting_held.send(
        sender=Mentorship,
        mentorship=mentorship,
        by=by,
        held_on=held_on,
        previous=previous,
        now=now,
    )


@transaction.atomic
def trial_answer(
    *,
    mentorship: Mentorship,
    by: Any,
    answer: TrialAnswer | str,
    comment: str = "",
    now: datetime | None = None,
) -> Mentorship:
    """``by`` (the mentee or the mentor) answers the trial gate after the
    first meeting: continue ("good fit"), "still deciding", or end ("not a
    good fit"). The one transition function of the gate. ``comment`` is an
    optional private word to the coordinator when ending; it goes into the
    coordinators' e-mail and the writer's own ``TrialResponse`` (so it is in
    their data export), never the audit log, never the other person.

    Answering is stored per side (a later answer replaces an earlier one
    while the gate is undecided). Both "good fit" → ``trial_passed_at``.
    "Not a good fit" → the mentorship ends early: status ``ENDED_EARLY``,
    ``ended_at``, ``ended_by``; the mentor's place and the mentee are free
    again and the pair is vetoed for later matching runs.

    Raises TrialError when the mentorship is not accepted by both (or has
    ended), the first meeting is not marked held yet, the gate is already
    decided, ``by`` is not one of the two, or ``answer`` is unknown.
    Side effects: a ``TrialResponse`` row; audit entry ``trial.answered``
    (side, answer); on passing, audit entry ``trial.passed`` and an e-mail to
    both; on ending, audit entry ``mentorship.ended_early`` (side), a
    ``PairDecision`` veto (the ``matching`` receiver of
    ``mentorship_status_changed``), a kind e-mail to the
    other person and an e-mail to each coordinator of the programme, each in
    their language.
    """
    now = now or timezone.now()
    if answer not in TrialAnswer.values:
        raise TrialError(_("Please choose one of the answers."))
    answer = TrialAnswer(answer)
    mentorship = lock_mentorship(mentorship)
    side = side_of_user(mentorship, by)
    if side is None:
        raise TrialError(_("Only the mentee and the mentor can answer this question."))
    _check_open(mentorship)
    if mentorship.first_meeting_held_on is None:
        raise TrialError(
            _("You can answer once your first meeting is marked as held. Mark it as held first.")
        )
    answers = dict(
        TrialResponse.objects.filter(mentorship=mentorship).values_list("side", "answer")
    )
    if answers.get(side.value) == answer.value:
        return mentorship  # the same answer again changes nothing
    comment = (comment or "").strip()[:TRIAL_COMMENT_MAX] if answer == TrialAnswer.NOT_A_FIT else ""
    TrialResponse.objects.update_or_create(
        mentorship=mentorship,
        side=side,
        defaults={"answer": answer, "answered_at": now, "comment": comment},
    )
    answers[side.value] = answer.value
    log_action(
        actor=by,
        action="trial.answered",
        obj=mentorship,
        programme=mentorship.programme,
        data={"side": str(side), "answer": str(answer)},
    )
    if answer == TrialAnswer.NOT_A_FIT:
        _end_early(mentorship=mentorship, by=by, side=side, comment=comment, now=now)
    elif set(answers.values()) == {TrialAnswer.GOOD_FIT.value} and len(answers) == len(Side):
        mentorship.trial_passed_at = now
        mentorship.save(update_fields=["trial_passed_at"])
        log_action(actor=by, action="trial.passed", obj=mentorship, programme=mentorship.programme)
        _mail_pair(mentorship, kind="trial-passed", template="trial_passed")
    return mentorship


def _end_early(*, mentorship: Mentorship, by: Any, side: Side, comment: str, now: datetime) -> None:
    mentorship_transition(
        mentorship=mentorship,
        to=MentorshipStatus.ENDED_EARLY,
        by=by,
        side=side,
        reason="trial",
        changes={"ended_at": now, "ended_by": side},
    )
    ender = participation_of(mentorship, side)
    other = participation_of(mentorship, other_side(side))
    mail_queue(
        key=f"trial-ended:{mentorship.pk}:{other.pk}",
        template="trial_ended",
        recipient=other.user,
        context={
            "mentorship": mentorship,
            "programme": mentorship.programme,
            "side": str(other_side(side)),
            "other": ender.user,
        },
    )
    comment = (comment or "").strip()[:TRIAL_COMMENT_MAX]
    for coordinator in mentorship.programme.coordinators.filter(is_active=True).order_by("pk"):
        mail_queue(
            key=f"trial-ended-coordinator:{mentorship.pk}:{coordinator.pk}",
            template="trial_ended_coordinator",
            recipient=coordinator,
            context={
                "mentorship": mentorship,
                "programme": mentorship.programme,
                "ended_by_side": str(side),
                "ender": ender.user,
                "mentee": mentorship.mentee.user,
                "mentor": mentorship.mentor.user,
                "comment": comment,
            },
        )
