"""A person left the organisation (their account was deactivated, see
``accounts.services.user_deactivate``): their running mentorships end early,
without blame, through ``mentorship_transition`` (reason
``left_organisation``), their open applications in running programmes are
withdrawn, and the coordinators of those programmes are told."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.participants.enums import ApplicationStatus
from mentoring.participants.models import Participation
from mentoring.participants.services import participations_withdraw
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import CLOSED_STATUSES, MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.pair import lock_mentorship
from mentoring.relationships.services.transition import mentorship_transition

#: The reason code of an end because a person left the organisation.
LEFT_ORGANISATION = "left_organisation"
#: A declined mentorship must keep a reason (a database constraint); the
#: code is in the audit entry, as for an erasure.
LEFT_REASON_TEXT = "–"
#: Applications still taking part (or that may).
_OPEN = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
)


@transaction.atomic
def mentorships_end_for_leaver(*, user: User, by: User | None, now: datetime) -> int:
    """End ``user``'s running mentorships early (proposed ones are declined),
    without blame, withdraw their open applications in running programmes,
    and mail each active coordinator of those programmes once (in their
    language) naming the person and the pairs that ended.

    Side effects: ``mentorship_transition`` per mentorship (audit
    ``mentorship.ended_early``/``mentorship.declined`` with reason
    ``left_organisation``; no veto: the pair did nothing wrong); the
    participations withdrawn; audit entry ``relationships.leaver_handled``;
    e-mails ``leaver_coordinator``. Returns the number of mentorships ended.
    """
    today = now.date()
    running = Programme.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    participations = Participation.objects.filter(user=user)
    active = (
        Mentorship.objects.filter(Q(mentee__user=user) | Q(mentor__user=user))
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("pk")
    )
    ended: dict[int, list[Mentorship]] = {}
    for found in active:
        mentorship = lock_mentorship(found)
        if mentorship.status in CLOSED_STATUSES:
            continue
        side = Side.MENTEE if mentorship.mentee.user_id == user.pk else Side.MENTOR
        if mentorship.status == MentorshipStatus.PROPOSED:
            mentorship_transition(
                mentorship=mentorship,
                to=MentorshipStatus.DECLINED,
                by=by,
                side=side,
                reason=LEFT_ORGANISATION,
                changes={
                    "declined_at": now,
                    "declined_by": side,
                    "decline_reason": LEFT_REASON_TEXT,
                },
                data={"reason": LEFT_ORGANISATION},
            )
        else:
            mentorship_transition(
                mentorship=mentorship,
                to=MentorshipStatus.ENDED_EARLY,
                by=by,
                side=side,
                reason=LEFT_ORGANISATION,
                changes={"ended_at": now, "ended_by": side},
                data={"reason": LEFT_ORGANISATION},
            )
        ended.setdefault(mentorship.programme_id, []).append(mentorship)
    # Evaluated now: the withdrawal below closes the open participations.
    programmes = list(
        running.filter(
            Q(pk__in=participations.filter(status__in=_OPEN).values("programme"))
            | Q(pk__in=list(ended))
        ).order_by("pk")
    )
    withdrawn = participations_withdraw(
        participations=participations.filter(status__in=_OPEN, programme__in=running)
    )
    stamp = int(now.timestamp())
    for programme in programmes:
        pairs = ended.get(programme.pk, [])
        for coordinator in programme.coordinators.filter(is_active=True).order_by("pk"):
            if coordinator.pk == user.pk:
                continue
            mail_queue(
                key=f"leaver-coordinator:{user.pk}:{programme.pk}:{coordinator.pk}:{stamp}",
                template="leaver_coordinator",
                recipient=coordinator,
                context={
                    "programme": programme,
                    "person": user,
                    "pairs": [
                        {
                            "mentee": pair.mentee.user.get_full_name(),
                            "mentor": pair.mentor.user.get_full_name(),
                            "was_proposed": pair.status == MentorshipStatus.DECLINED,
                        }
                        for pair in pairs
                    ],
                },
            )
    log_action(
        actor=by,
        action="relationships.leaver_handled",
        obj=user,
        data={
            "mentorships": sum(len(p) for p in ended.values()),
            "withdrawn": withdrawn,
        },
    )
    return sum(len(p) for p in ended.values())
