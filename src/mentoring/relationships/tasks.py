"""Periodic jobs of the relationships app, run by the worker's clock
(``common.tasks.periodic_tick``). The e-mails of a proposal, its answers and
the trial gate go through the outbox (``common.mail``).

``trial_reminders_due``: a week after the first meeting, each side that has
not decided at the trial gate (no answer, or "still deciding") gets one
reminder. The outbox key ``trial-reminder:<mentorship>:<participation>``
makes it once per side, however often the job runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.utils import timezone

from mentoring.common.mail import mail_queue
from mentoring.common.models import OutboxMessage
from mentoring.common.signals import periodic_task
from mentoring.relationships.enums import MentorshipStatus, Side, TrialAnswer
from mentoring.relationships.models import Mentorship, TrialResponse

#: A side that has not decided this many days after the first meeting is reminded.
TRIAL_REMINDER_AFTER = timedelta(days=7)


def _reminder_key(mentorship_id: int, participation_id: int) -> str:
    return f"trial-reminder:{mentorship_id}:{participation_id}"


def trial_reminders_due(now: datetime | None = None) -> int:
    """Queue the trial-gate reminders that are due at ``now`` (default: the
    current time). Returns the number of reminders queued.

    Due: an accepted mentorship whose trial is undecided and whose first
    meeting was held at least ``TRIAL_REMINDER_AFTER`` ago, for each side
    without a decided answer. The mentorships are found in one query, the
    reminders already sent in one more, whatever the number of pairs.
    Side effects: one e-mail per due side in its language (outbox key
    ``trial-reminder:<mentorship>:<participation>``, so never twice).
    """
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - TRIAL_REMINDER_AFTER

    def decided(side: Side) -> Exists:
        return Exists(
            TrialResponse.objects.filter(mentorship=OuterRef("pk"), side=side).exclude(
                answer=TrialAnswer.UNDECIDED
            )
        )

    def undecided(side: Side) -> Exists:
        return Exists(
            TrialResponse.objects.filter(
                mentorship=OuterRef("pk"), side=side, answer=TrialAnswer.UNDECIDED
            )
        )

    due = list(
        Mentorship.objects.filter(
            status=MentorshipStatus.ACCEPTED,
            trial_passed_at__isnull=True,
            first_meeting_held_on__isnull=False,
            first_meeting_held_on__lte=cutoff,
        )
        .annotate(
            mentee_decided=decided(Side.MENTEE),
            mentor_decided=decided(Side.MENTOR),
            mentee_undecided=undecided(Side.MENTEE),
            mentor_undecided=undecided(Side.MENTOR),
        )
        .exclude(mentee_decided=True, mentor_decided=True)
        .select_related("programme", "mentee__user", "mentor__user")
        .order_by("pk")
    )
    wanted: list[tuple[Any, Side]] = []
    for mentorship in due:
        if not mentorship.mentee_decided:
            wanted.append((mentorship, Side.MENTEE))
        if not mentorship.mentor_decided:
            wanted.append((mentorship, Side.MENTOR))
    if not wanted:
        return 0
    keys = {
        (m, side): _reminder_key(m.pk, (m.mentee_id if side == Side.MENTEE else m.mentor_id))
        for m, side in wanted
    }
    sent = set(
        OutboxMessage.objects.filter(key__in=list(keys.values())).values_list("key", flat=True)
    )
    queued = 0
    for pair, side in wanted:
        key = keys[(pair, side)]
        if key in sent:
            continue
        person = pair.mentee if side == Side.MENTEE else pair.mentor
        other = pair.mentor if side == Side.MENTEE else pair.mentee
        with transaction.atomic():
            mail_queue(
                key=key,
                template="trial_reminder",
                recipient=person.user,
                context={
                    "mentorship": pair,
                    "programme": pair.programme,
                    "side": side.value,
                    "other": other.user,
                    "still_deciding": getattr(pair, f"{side.value}_undecided"),
                },
            )
        queued += 1
    return queued


@receiver(periodic_task, dispatch_uid="relationships.trial_reminders")
def periodic_trial_reminders(sender: Any, **kwargs: Any) -> int:
    return trial_reminders_due()
