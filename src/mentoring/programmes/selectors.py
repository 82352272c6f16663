"""Reads for programmes, scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mentoring.common.models import AuditEntry
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.programmes.enums import Phase
from mentoring.programmes.models import Programme


def programmes_for_user(user: Any) -> QuerySet[Programme]:
    """Programmes the user coordinates; all of them for a superuser."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(coordinators=user)


def coordinated_programme_or_404(*, user: Any, slug: str) -> Programme:
    """The programme ``slug`` if the user coordinates it (any, for a
    superuser); Http404 otherwise. Every coordinator page starts here."""
    return get_object_or_404(programmes_for_user(user), slug=slug)


def coordinated_programme_and_others_or_404(
    *, user: Any, slug: str, others: int = 50
) -> tuple[Programme, list[Programme]]:
    """The programme ``slug`` as ``coordinated_programme_or_404`` finds it,
    and up to ``others`` of the user's other programmes, newest first (to
    compare with), in one query; Http404 like ``coordinated_programme_or_404``."""
    mine = programmes_for_user(user)
    newest_others = mine.exclude(slug=slug).order_by("-created_at", "-pk").values("pk")[:others]
    rows = list(mine.filter(Q(slug=slug) | Q(pk__in=newest_others)).order_by("-created_at", "-pk"))
    programme = next((row for row in rows if row.slug == slug), None)
    if programme is None:
        raise Http404
    return programme, [row for row in rows if row.pk != programme.pk]


#: Set on each request's user (``accounts.backends``): coordinates a programme.
COORDINATES_ANY = "mentoring_coordinates_any"


def coordinates_any() -> Exists:
    """Whether the user (``OuterRef("pk")``) coordinates a programme: read
    with the user's own row on every request (``accounts.backends``)."""
    return Exists(Programme.coordinators.through.objects.filter(user_id=OuterRef("pk")))


def is_coordinator(user: Any) -> bool:
    """A superuser, or a coordinator of at least one programme (the
    coordinator pages and the coordinator navigation are for them). The
    request's user carries the answer (``COORDINATES_ANY``); any other user
    costs a query."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    known = getattr(user, COORDINATES_ANY, None)
    if known is not None:
        return bool(known)
    return bool(user.coordinated_programmes.exists())


def programme_has_survey_answers(*, programme: Programme) -> bool:
    """True once anybody has submitted an answer to one of the programme's
    surveys: from then on its minimum number of respondents is frozen.
    (Through the reverse relations, so this app imports nothing from
    evaluations.)"""
    return programme.questionnaires.filter(responses__submitted_at__isnull=False).exists()


def programme_audit_entries(*, programme: Programme) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(programme=programme).select_related("actor")


def public_programmes() -> QuerySet[Programme]:
    """Programmes anyone may see: every programme past the decision phase."""
    return Programme.objects.exclude(phase=Phase.DECISION)


def programmes_open_for_applications(*, now: datetime | None = None) -> QuerySet[Programme]:
    """Programmes whose application window is open now (the same rule as
    ``Programme.applications_open``), closing soonest first."""
    now = now or timezone.now()
    return Programme.objects.filter(
        phase=Phase.PREPARATION, applications_open_at__lte=now, applications_close_at__gt=now
    ).order_by("applications_close_at", "name_da")


def programmes_opening_soon(*, now: datetime | None = None) -> QuerySet[Programme]:
    """Programmes recruiting soon: in preparation, window not open yet."""
    now = now or timezone.now()
    return Programme.objects.filter(phase=Phase.PREPARATION, applications_open_at__gt=now).order_by(
        "applications_open_at", "name_da"
    )


@dataclass(frozen=True)
class CountRow:
    role: str
    label: str
    counts: list[int]
    total: int


@dataclass(frozen=True)
class ApplicationCounts:
    """Applications of a programme by role (rows) and status (columns)."""

    statuses: list[tuple[str, str]]
    rows: list[CountRow]
    by_key: dict[tuple[str, str], int]

    def get(self, role: str, status: str) -> int:
        return self.by_key.get((role, status), 0)

    @property
    def total(self) -> int:
        return sum(self.by_key.values())

    def roles_with(self, status: str) -> set[str]:
        return {role for (role, st), n in self.by_key.items() if st == status and n}


def application_counts(*, programme: Programme) -> ApplicationCounts:
    """How many applications the programme has per role and status: one
    aggregate query, whatever the number of applications."""
    by_key = {
        (row["role"], row["status"]): row["n"]
        for row in Participation.objects.filter(programme=programme)
        .order_by()
        .values("role", "status")
        .annotate(n=Count("pk"))
    }
    statuses = [(str(value), str(label)) for value, label in ApplicationStatus.choices]
    rows = []
    for role, label in Role.choices:
        counts = [by_key.get((role, status), 0) for status, _label in statuses]
        rows.append(CountRow(role=role, label=str(label), counts=counts, total=sum(counts)))
    return ApplicationCounts(statuses=statuses, rows=rows, by_key=by_key)
