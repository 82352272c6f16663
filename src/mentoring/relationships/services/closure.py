"""The end of a mentorship: the pair's own steps to its closure states (the
status itself changes in ``services.transition.mentorship_transition``).
Keyword-only, typed, atomic; side effects listed.

    ACCEPTED --(either side, after the trial gate)--> CLOSING
    CLOSING  --(the closing conversation held, or either side confirms)--> COMPLETED

COMPLETED is a closed status: the mentor's place and the mentee are free
again. The rules about meetings (no meeting still ahead when the end is
confirmed; the closing conversation) live with the meetings
(``mentoring.meetings.services.closure``), which calls this function; this
module knows only the mentorship. Locks follow the order of
``services.mentorship``: the mentor's participation, then the mentorship.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.mail import mail_queue
from mentoring.relationships.enums import CLOSURE_STEPS, MentorshipStatus
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.mentorship import MentorshipError
from mentoring.relationships.services.pair import (
    lock_mentorship,
    other_side,
    participation_of,
    side_of_user,
)
from mentoring.relationships.services.transition import mentorship_transition


class ClosureError(MentorshipError):
    """The mentorship cannot move to the asked state; ``message`` is for the user."""


#: The allowed moves: from -> to (the pair's own steps of the state machine).
TRANSITIONS = CLOSURE_STEPS


@transaction.atomic
def mentorship_close(
    *,
    mentorship: Mentorship,
    by: Any,
    to: MentorshipStatus | str,
    reason: str = "confirmed",
    now: datetime | None = None,
) -> Mentorship:
    """``by`` (the mentee or the mentor) moves the mentorship towards its end:
    to CLOSING (marking the relationship as ending: only once both chose to
    continue at the trial gate) or, from CLOSING, to COMPLETED. ``reason``
    is "closing_meeting" when the closing conversation was marked held, else
    "confirmed". Asking for the state the mentorship is already in changes
    nothing.

    Raises ClosureError when ``by`` is not one of the two, ``to`` is not the
    next state of the mentorship's closure, or the trial gate is not passed.
    Side effects: ``status`` (and ``ended_at``/``ended_by`` on completion);
    audit entry ``mentorship.closing`` or ``mentorship.completed`` (side,
    reason); on CLOSING an e-mail to the other person
    (``mentorship_closing``); on COMPLETED an e-mail to the other person
    (``mentorship_completed``) and to each active coordinator of the
    programme (``mentorship_completed_coordinator``), each in their language.
    """
    now = now or timezone.now()
    target = MentorshipStatus(to)
    mentorship = lock_mentorship(mentorship)
    side = side_of_user(mentorship, by)
    if side is None:
        raise ClosureError(_("Only the mentee and the mentor can end their mentorship."))
    if mentorship.status == target.value:
        return mentorship
    if TRANSITIONS.get(mentorship.status) != target.value:
        if mentorship.status in (
            MentorshipStatus.COMPLETED,
            MentorshipStatus.ENDED_EARLY,
            MentorshipStatus.DECLINED,
        ):
            raise ClosureError(_("This mentorship has already ended."))
        if target == MentorshipStatus.COMPLETED:
            raise ClosureError(
                _("Mark the mentorship as ending first; then you hold your closing conversation.")
            )
        raise ClosureError(
            _("This cannot be done now (the mentorship is “%(status)s”).")
            % {"status": MentorshipStatus(mentorship.status).label}
        )
    if target == MentorshipStatus.CLOSING and mentorship.trial_passed_at is None:
        raise ClosureError(
            _(
                "You can mark the mentorship as ending once you have both chosen to continue "
                "after the first meeting. Before that, either of you can end it at the trial."
            )
        )
    mentorship_transition(
        mentorship=mentorship,
        to=target,
        by=by,
        side=side,
        reason=reason,
        changes=(
            {"ended_at": now, "ended_by": side} if target == MentorshipStatus.COMPLETED else {}
        ),
        data={"reason": reason},
    )
    actor = participation_of(mentorship, side)
    other = participation_of(mentorship, other_side(side))
    context = {
        "mentorship": mentorship,
        "programme": mentorship.programme,
        "by": actor.user,
        "by_side": str(side),
        "reason": reason,
    }
    if target == MentorshipStatus.CLOSING:
        mail_queue(
            key=f"mentorship-closing:{mentorship.pk}:{other.user_id}",
            template="mentorship_closing",
            recipient=other.user,
            context={**context, "other": actor.user},
        )
        return mentorship
    mail_queue(
        key=f"mentorship-completed:{mentorship.pk}:{other.user_id}",
        template="mentorship_completed",
        recipient=other.user,
        context={**context, "other": actor.user},
    )
    for coordinator in mentorship.programme.coordinators.filter(is_active=True).order_by("pk"):
        mail_queue(
            key=f"mentorship-completed-coordinator:{mentorship.pk}:{coordinator.pk}",
            template="mentorship_completed_coordinator",
            recipient=coordinator,
            context={
                **context,
                "mentee": mentorship.mentee.user,
                "mentor": mentorship.mentor.user,
            },
        )
    return mentorship
