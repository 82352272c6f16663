"""Coordinators hear about declined proposals: at once or in a daily digest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.matching.enums import DeclinedNotice
from mentoring.matching.models import DeclineNotice
from mentoring.matching.services.errors import MatchingError
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship

#: The daily digest of declined proposals goes out from this local hour on.
DIGEST_HOUR = 7


def _declined_context(mentorship: Mentorship) -> dict[str, Any]:
    return {
        "mentorship": mentorship,
        "programme": mentorship.programme,
        "mentee": mentorship.mentee.user,
        "mentor": mentorship.mentor.user,
        "declined_by": str(mentorship.declined_by),
        "reason": mentorship.decline_reason,
    }


def _active_coordinators(programme: Programme) -> Any:
    return programme.coordinators.filter(is_active=True).order_by("pk")


def coordinators_notify_declined(*, mentorship: Mentorship) -> int:
    """E-mail each active coordinator of the programme who wants to hear at
    once (``DeclineNotice`` at once, or no choice made) that ``mentorship``
    was declined: who declined and why, in the coordinator's language.
    Coordinators who chose the daily digest get it from
    ``decline_digests_send``. Returns how many e-mails were queued.

    Side effects: e-mails (outbox, key ``match-declined-coordinator:<mentorship>:<user>``).
    """
    programme = mentorship.programme
    daily = set(
        DeclineNotice.objects.filter(
            programme=programme, declined=DeclinedNotice.DAILY
        ).values_list("user_id", flat=True)
    )
    sent = 0
    for coordinator in _active_coordinators(programme):
        if coordinator.pk in daily:
            continue
        mail_queue(
            key=f"match-declined-coordinator:{mentorship.pk}:{coordinator.pk}",
            template="match_declined_coordinator",
            recipient=coordinator,
            context=_declined_context(mentorship),
        )
        sent += 1
    return sent


@transaction.atomic
def decline_notice_set(
    *, programme: Programme, user: Any, declined: str, now: datetime | None = None
) -> DeclineNotice:
    """Store how ``user`` (a coordinator of ``programme``) hears about
    declined proposals: ``DeclinedNotice.AT_ONCE`` or ``DAILY``. Choosing the
    digest starts it from now (earlier declines were told at once).

    Raises MatchingError for an unknown choice or a user who does not
    coordinate the programme. Side effects: audit entry
    ``matching.decline_notice_changed`` (the choice).
    """
    if declined not in DeclinedNotice.values:
        raise MatchingError(_("Please choose how you want to hear about declined proposals."))
    if not programme.coordinators.filter(pk=user.pk).exists():
        raise MatchingError(_("Only the programme's coordinators choose this."))
    now = now or timezone.now()
    row, created = DeclineNotice.objects.select_for_update().get_or_create(
        programme=programme,
        user=user,
        defaults={
            "declined": declined,
            "digest_sent_until": now if declined == DeclinedNotice.DAILY else None,
        },
    )
    if not created:
        if row.declined == declined:
            return row
        row.declined = declined
        row.digest_sent_until = now if declined == DeclinedNotice.DAILY else None
        row.save(update_fields=["declined", "digest_sent_until", "updated_at"])
    log_action(
        actor=user,
        action="matching.decline_notice_changed",
        obj=row,
        programme=programme,
        data={"declined": declined},
    )
    return row


def decline_digests_send(*, now: datetime | None = None) -> int:
    """Send the daily digests of declined proposals (called by the worker's
    periodic tick every minute): once per local day, from ``DIGEST_HOUR``,
    each coordinator who chose the digest gets one e-mail per programme
    listing the proposals declined since their last digest, in their
    language; nothing when none were declined. Safe to run twice: the
    e-mail's key holds the day, and the row's ``digest_sent_until`` moves on.
    Returns how many e-mails were queued.

    Side effects: e-mails (key ``match-declined-digest:<row>:<date>``);
    ``DeclineNotice.digest_sent_until``.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return 0
    today = local.date()
    sent = 0
    rows = (
        DeclineNotice.objects.filter(declined=DeclinedNotice.DAILY, user__is_active=True)
        .select_related("programme", "user")
        .order_by("pk")
    )
    for row in rows:
        since = row.digest_sent_until
        if since is not None and timezone.localtime(since).date() >= today:
            continue
        if not row.programme.coordinators.filter(pk=row.user_id).exists():
            continue
        with transaction.atomic():
            claimed = DeclineNotice.objects.filter(pk=row.pk, digest_sent_until=since).update(
                digest_sent_until=now
            )
            if not claimed:
                continue
            declined = Mentorship.objects.filter(
                programme=row.programme,
                status=MentorshipStatus.DECLINED,
                declined_at__lte=now,
            ).select_related("mentee__user", "mentor__user", "programme")
            if since is not None:
                declined = declined.filter(declined_at__gt=since)
            items = [_declined_context(m) for m in declined.order_by("declined_at", "pk")]
            if not items:
                continue
            mail_queue(
                key=f"match-declined-digest:{row.pk}:{today.isoformat()}",
                template="match_declined_digest",
                recipient=row.user,
                context={"programme": row.programme, "items": items, "count": len(items)},
            )
            sent += 1
    return sent
