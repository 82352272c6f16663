"""Reads of the privacy app: which programmes still run, whose erasure a
coordinator confirms, and when a programme's participants are anonymised."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.participants.enums import ApplicationStatus
from mentoring.participants.models import Participation
from mentoring.privacy.enums import ErasureStatus
from mentoring.privacy.models import ErasureRequest
from mentoring.programmes.models import Programme

#: Statuses in which a participation still takes part (or may).
OPEN_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
)


def running_programmes(*, today: date | None = None) -> QuerySet[Programme]:
    """Programmes that have not ended (no end date, or it is not past)."""
    today = today or timezone.localdate()
    return Programme.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def programmes_of_person(*, user: User, today: date | None = None) -> QuerySet[Programme]:
    """Running programmes the person takes part in (an open application or more)."""
    return (
        running_programmes(today=today)
        .filter(participations__user=user, participations__status__in=OPEN_STATUSES)
        .distinct()
    )


def needs_coordinator(*, user: User) -> bool:
    """True when a coordinator must confirm the person's erasure."""
    return programmes_of_person(user=user).exists()


def last_coordinator_of(*, user: User) -> list[Programme]:
    """Running programmes of which the person is the only coordinator."""
    return [
        programme
        for programme in running_programmes().filter(coordinators=user)
        if programme.coordinators.count() == 1
    ]


def requests_for_coordinator(*, user: User) -> QuerySet[ErasureRequest]:
    """Pending requests a coordinator may confirm: people in their running
    programmes (superusers: all pending requests)."""
    pending = ErasureRequest.objects.filter(status=ErasureStatus.PENDING).select_related("user")
    if user.is_superuser:
        return pending
    people = Participation.objects.filter(
        programme__in=running_programmes().filter(coordinators=user),
        status__in=OPEN_STATUSES,
    ).values("user")
    return pending.filter(user__in=people)


@dataclass(frozen=True)
class RetentionPeriods:
    """The deployment's retention periods, as the privacy page states them."""

    inactive_months: int
    audit_days: int
    mail_days: int
    deactivated_days: int


def retention_periods() -> RetentionPeriods:
    return RetentionPeriods(
        inactive_months=settings.MENTORING_RETENTION_INACTIVE_MONTHS,
        audit_days=settings.MENTORING_AUDIT_RETENTION_DAYS,
        mail_days=settings.MENTORING_OUTBOX_RETENTION_DAYS,
        deactivated_days=settings.MENTORING_DEACTIVATED_RETENTION_DAYS,
    )


#: Audit actions of the retention job itself: not activity of the programme.
RETENTION_ACTIONS = "privacy.retention"


def last_activity(programme: Programme) -> datetime:
    """When something last happened in the programme: its newest audit entry
    (every meaningful change is audited), else its creation."""
    latest = (
        programme.audit_entries.exclude(action__startswith=RETENTION_ACTIONS)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return max(latest, programme.created_at) if latest else programme.created_at


def anonymise_on(programme: Programme, *, last_active: datetime | None = None) -> date | None:
    """The day the programme's participants are anonymised: ``retention_months``
    after its end; without an end date, ``MENTORING_RETENTION_INACTIVE_MONTHS``
    after its last activity."""
    if programme.ends_on is not None:
        return programme.ends_on + relativedelta(months=programme.retention_months)
    active = last_active or last_activity(programme)
    months = settings.MENTORING_RETENTION_INACTIVE_MONTHS
    return timezone.localdate(active) + relativedelta(months=months)


def in_later_programme(programme: Programme) -> QuerySet[Participation]:
    """Participations of people who are also in a later programme (one that
    ends after this one, or has no end yet)."""
    if programme.ends_on is None:  # inactive, no end: people in a running one stay
        later = Participation.objects.filter(
            Q(programme__ends_on__isnull=True) | Q(programme__ends_on__gte=timezone.localdate())
        ).exclude(programme=programme)
        return programme.participations.filter(user__in=later.values("user"))
    later = Participation.objects.filter(
        Q(programme__ends_on__isnull=True) | Q(programme__ends_on__gt=programme.ends_on)
    ).exclude(programme=programme)
    return programme.participations.filter(user__in=later.values("user"))
