"""Writes for mentorships. Keyword-only, typed, atomic; side effects listed.

The capacity invariant (``models.Mentorship``) is kept in two layers: the
database refuses two active mentorships on one place of a mentor, and
``mentorship_propose`` locks the mentor's participation (``select_for_update``;
on SQLite the IMMEDIATE transaction locks the database) before it counts the
places taken, so competing proposals are handled one after the other and the
loser is told the mentor is full. Locks are always taken in the same order:
the mentor's participation, then the mentee's, then the mentorship.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.common.errors import ServiceError
from mentoring.common.mail import mail_queue
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.selectors import active_mentorships, mentor_capacity
from mentoring.relationships.services.transition import mentorship_transition

if TYPE_CHECKING:
    from mentoring.matching.models import MatchingRun


class MentorshipError(ServiceError):
    """A business rule stopped the change; ``message`` is for the user."""


class MentorFull(MentorshipError):
    pass


class MenteeTaken(MentorshipError):
    pass


def _lock(participation: Participation) -> Participation:
    # of=("self",): lock the participation row only, not the joined programme
    # and user rows (other writers lock the programme first).
    return (
        Participation.objects.select_for_update(of=("self",))
        .select_related("user", "programme")
        .get(pk=participation.pk)
    )


@transaction.atomic
def mentorship_propose(
    *,
    programme: Programme,
    mentee: Participation,
    mentor: Participation,
    by: Any,
    run: MatchingRun | None = None,
) -> Mentorship:
    """Propose ``mentee`` and ``mentor`` as a pair: a mentorship in state
    *proposed* on the mentor's lowest free place.

    Raises MentorFull when the mentor has no free place, MenteeTaken when the
    mentee already has an active mentorship, MentorshipError when the two are
    not an accepted mentee and mentor of ``programme``. Side effects: audit
    entry ``mentorship.proposed``. No e-mail (the caller decides).
    """
    mentor = _lock(mentor)
    mentee = _lock(mentee)
    if (
        mentee.programme_id != programme.pk
        or mentor.programme_id != programme.pk
        or mentee.role != Role.MENTEE
        or mentor.role != Role.MENTOR
        or mentee.status != ApplicationStatus.ACCEPTED
        or mentor.status != ApplicationStatus.ACCEPTED
        or mentee.user_id == mentor.user_id
    ):
        raise MentorshipError(
            _("Only an accepted mentee and an accepted mentor of the programme can be paired.")
        )
    if active_mentorships().filter(programme=programme, mentee=mentee).exists():
        raise MenteeTaken(
            _("%(mentee)s already has a mentor in this programme.") % {"mentee": mentee.user}
        )
    taken = set(active_mentorships().filter(mentor=mentor).values_list("mentor_slot", flat=True))
    capacity = mentor_capacity(mentor)
    free = [slot for slot in range(1, capacity + 1) if slot not in taken]
    if not free or len(taken) >= capacity:
        raise MentorFull(
            _("%(mentor)s has no free place for another mentee.") % {"mentor": mentor.user}
        )
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(
                programme=programme,
                mentee=mentee,
                mentor=mentor,
                run=run,
                mentor_slot=free[0],
                created_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError as error:
        # Only reachable if a writer skipped the lock: the constraints hold.
        raise MentorFull(
            _("%(mentor)s has no free place for another mentee.") % {"mentor": mentor.user}
        ) from error
    log_action(
        actor=by,
        action="mentorship.proposed",
        obj=mentorship,
        programme=programme,
        data={
            "mentee_id": mentee.pk,
            "mentor_id": mentor.pk,
            "slot": mentorship.mentor_slot,
            "run": run.number if run is not None else None,
        },
    )
    return mentorship


def _other(mentorship: Mentorship, side: Side) -> Participation:
    return mentorship.mentor if side == Side.MENTEE else mentorship.mentee


def _mail_other_side(*, mentorship: Mentorship, side: Side, template: str, kind: str) -> None:
    other = _other(mentorship, side)
    responder = mentorship.mentee if side == Side.MENTEE else mentorship.mentor
    mail_queue(
        key=f"{kind}:{mentorship.pk}:{other.pk}",
        template=template,
        recipient=other.user,
        context={
            "mentorship": mentorship,
            "programme": mentorship.programme,
            "responder": responder.user,
            "responder_side": str(side),
            "recipient_side": Side.MENTOR if side == Side.MENTEE else Side.MENTEE,
            "both_accepted": mentorship.status == MentorshipStatus.ACCEPTED,
        },
    )


@transaction.atomic
def mentorship_respond(
    *,
    mentorship: Mentorship,
    participation: Participation,
    accept: bool,
    reason: str = "",
) -> Mentorship:
    """``participation`` (the mentee's or the mentor's side of ``mentorship``)
    accepts or declines the proposed match. The status changes through
    ``services.transition.mentorship_transition``.

    Accepting records the side's acceptance; when both have accepted, the
    mentorship becomes *accepted*. Declining needs a reason: the mentorship
    becomes *declined* (freeing the mentor's place and the mentee, who is back
    in the pool for the next matching run) and the pair is vetoed for later
    runs. Accepting twice changes nothing.

    Raises MentorshipError when the mentorship is no longer proposed, the
    reason is missing, or ``participation`` is not one of the two.
    Side effects: audit entry ``mentorship.accepted_by_side`` /
    ``mentorship.accepted`` / ``mentorship.declined`` (without the reason);
    an e-mail to the other person in their language; the status changes
    through ``mentorship_transition`` (on decline, ``matching`` vetoes the
    pair in its receiver).
    """
    _lock(mentorship.mentor)
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("programme", "mentee__user", "mentor__user")
        .get(pk=mentorship.pk)
    )
    if participation.pk == mentorship.mentee_id:
        side = Side.MENTEE
    elif participation.pk == mentorship.mentor_id:
        side = Side.MENTOR
    else:
        raise MentorshipError(_("Only the mentee and the mentor can answer this proposal."))
    if mentorship.status != MentorshipStatus.PROPOSED:
        raise MentorshipError(
            _("This proposal has already been answered (“%(status)s”).")
            % {"status": MentorshipStatus(mentorship.status).label}
        )
    now = timezone.now()
    actor = participation.user
    if accept:
        field = "mentee_accepted_at" if side == Side.MENTEE else "mentor_accepted_at"
        if getattr(mentorship, field) is not None:
            return mentorship
        other_field = "mentor_accepted_at" if side == Side.MENTEE else "mentee_accepted_at"
        if getattr(mentorship, other_field) is not None:
            mentorship_transition(
                mentorship=mentorship,
                to=MentorshipStatus.ACCEPTED,
                by=actor,
                side=side,
                reason="accepted",
                changes={field: now, "accepted_at": now},
            )
        else:
            setattr(mentorship, field, now)
            mentorship.save(update_fields=[field])
            log_action(
                actor=actor,
                action="mentorship.accepted_by_side",
                obj=mentorship,
                programme=mentorship.programme,
                data={"side": str(side)},
            )
        _mail_other_side(
            mentorship=mentorship, side=side, template="match_accepted", kind="match-accepted"
        )
        return mentorship

    reason = (reason or "").strip()
    if not reason:
        raise MentorshipError(_("Please tell us why you decline the proposal."))
    mentorship_transition(
        mentorship=mentorship,
        to=MentorshipStatus.DECLINED,
        by=actor,
        side=side,
        reason="declined",
        changes={"declined_at": now, "declined_by": side, "decline_reason": reason},
    )
    _mail_other_side(
        mentorship=mentorship, side=side, template="match_declined", kind="match-declined"
    )
    return mentorship
