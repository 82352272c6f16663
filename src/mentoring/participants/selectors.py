"""Reads for applications and participations, scoped to what the user may see.

Applicants see only their own rows. Coordinators see the rows of the
programmes they coordinate, and never drafts (a draft is the applicant's
until it is sent). Superusers see every programme's rows, drafts excluded too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet, TextChoices
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentoring.common.enums import OutboxStatus
from mentoring.common.models import OutboxMessage
from mentoring.participants.enums import (
    ApplicationStatus,
    ChangeSituation,
    InvitationStatus,
    Language,
    Role,
)
from mentoring.participants.models import Invitation, Participation
from mentoring.participants.readiness import assess
from mentoring.programmes.enums import BenefitArea, MentorRole
from mentoring.programmes.models import Programme
from mentoring.programmes.selectors import programmes_for_user
from mentoring.programmes.todo import TodoCounts, TodoItem

#: The 0-3 scales of the per-role and per-area answers.
WISH_CHOICES: list[tuple[int, Any]] = [
    (0, _("Not important")),
    (1, _("Less important")),
    (2, _("Important")),
    (3, _("Very important")),
]
COMFORT_CHOICES: list[tuple[int, Any]] = [
    (0, _("Not for me")),
    (1, _("Somewhat")),
    (2, _("Comfortable")),
    (3, _("Very comfortable")),
]

#: What coordinators can see: everything the applicant has sent.
VISIBLE_TO_COORDINATORS = tuple(
    status for status in ApplicationStatus.values if status != ApplicationStatus.DRAFT
)

#: Sort keys of the coordinator list: key -> ordering (empty values last).
SORTS: dict[str, tuple[Any, ...]] = {
    "name": ("user__full_name", "user__email", "pk"),
    "-name": ("-user__full_name", "-user__email", "-pk"),
    "submitted": (F("submitted_at").asc(nulls_last=True), "pk"),
    "-submitted": (F("submitted_at").desc(nulls_last=True), "-pk"),
    "experience": (F("years_of_experience").asc(nulls_last=True), "user__full_name", "pk"),
    "-experience": (F("years_of_experience").desc(nulls_last=True), "user__full_name", "pk"),
    # Ready first, then by the flags, so that similar cases sit together.
    "readiness": ("-is_ready", "readiness_issues", "user__full_name", "pk"),
    "-readiness": ("is_ready", "-readiness_issues", "user__full_name", "pk"),
}
DEFAULT_SORT = "name"


def readiness_flag_labels() -> dict[str, Promise]:
    """Readiness flag code -> its short label, for both roles, in display order.

    Derived from the rules themselves (an empty application fails every rule),
    so a new rule appears here without a second list to maintain.
    """
    labels: dict[str, Promise] = {}
    for role in Role.values:
        for check in assess(Participation(role=role)):
            labels.setdefault(check.code, check.label)
    return labels


# --- Applicant --------------------------------------------------------------


def applications_for_user(user: Any) -> QuerySet[Participation]:
    """The user's own applications, newest first."""
    if not user.is_authenticated:
        return Participation.objects.none()
    return (
        Participation.objects.filter(user=user)
        .select_related("programme")
        .order_by("-created_at", "-pk")
    )


def application_of(*, user: Any, programme: Programme, role: str) -> Participation | None:
    """The user's application to ``programme`` as ``role``, if there is one."""
    if not user.is_authenticated:
        return None
    return (
        Participation.objects.filter(user=user, programme=programme, role=role)
        .select_related("programme")
        .first()
    )


# --- Coordinator ------------------------------------------------------------


def participations_for_coordinator(user: Any) -> QuerySet[Participation]:
    """Every sent application in the programmes the user coordinates (all of
    them for a superuser). Drafts, and drafts withdrawn before they were
    sent, are never included."""
    return Participation.objects.filter(
        programme__in=programmes_for_user(user), status__in=VISIBLE_TO_COORDINATORS
    ).exclude(status=ApplicationStatus.WITHDRAWN, submitted_at__isnull=True)


def programme_participations(*, user: Any, programme: Programme) -> QuerySet[Participation]:
    """The sent applications of ``programme`` that ``user`` may see."""
    return (
        participations_for_coordinator(user)
        .filter(programme=programme)
        .select_related("user", "programme", "decided_by")
    )


def programme_invitations(*, user: Any, programme: Programme) -> QuerySet[Invitation]:
    """The import's open and declined invitations to ``programme`` that ``user``
    may see. Only the file's data (``email``, ``full_name``, ``role``) is meant
    for display: nothing of the invited account is loaded."""
    return (
        Invitation.objects.filter(programme__in=programmes_for_user(user), programme=programme)
        .exclude(status=InvitationStatus.ACCEPTED)
        .only("email", "full_name", "role", "status", "created_at", "expires_at", "programme_id")
        .order_by("status", "role", "email")
    )


@dataclass(frozen=True)
class ListFilters:
    role: str = ""
    status: str = ""
    readiness: str = ""  # "ready", or a flag code
    industry: str = ""
    region: str = ""
    q: str = ""
    sort: str = DEFAULT_SORT


def _has_flag(code: str) -> Q:
    """``readiness_issues`` (comma-separated codes) contains exactly ``code``."""
    return (
        Q(readiness_issues=code)
        | Q(readiness_issues__startswith=f"{code},")
        | Q(readiness_issues__endswith=f",{code}")
        | Q(readiness_issues__contains=f",{code},")
    )


def filter_participations(
    rows: QuerySet[Participation], filters: ListFilters
) -> QuerySet[Participation]:
    """Apply the coordinator list's filters, search and sort (one query)."""
    if filters.role:
        rows = rows.filter(role=filters.role)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.readiness == "ready":
        rows = rows.filter(is_ready=True)
    elif filters.readiness:
        rows = rows.filter(_has_flag(filters.readiness))
    if filters.industry:
        # A mentor lists several industries (the first is also in ``industry``).
        rows = rows.filter(
            Q(industry__iexact=filters.industry)
            | Q(role=Role.MENTOR, industries__icontains=f'"{filters.industry}"')
        )
    if filters.region:
        rows = rows.filter(region=filters.region)
    if filters.q:
        for word in filters.q.split():
            rows = rows.filter(
                Q(user__full_name__icontains=word)
                | Q(user__email__icontains=word)
                | Q(organisation__icontains=word)
                | Q(job_title__icontains=word)
            )
    return rows.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def programme_industries(*, user: Any, programme: Programme) -> list[str]:
    """The industries named in the programme's sent applications (for the filter)."""
    values = (
        participations_for_coordinator(user)
        .filter(programme=programme)
        .exclude(industry="")
        .values_list("industry", flat=True)
        .distinct()
        .order_by("industry")
    )
    return list(values)


def participation_for_coordinator(*, user: Any, programme: Programme, pk: int) -> Participation:
    """One sent application of ``programme``; DoesNotExist when the user may not see it."""
    return programme_participations(user=user, programme=programme).get(pk=pk)


# --- Presentation of the answers ---------------------------------------------


@dataclass(frozen=True)
class Rating:
    code: str
    label: Any
    value: int | None
    value_label: Any


def _ratings(answers: dict[str, Any] | None, choices: Any, scale: dict[int, Any]) -> list[Rating]:
    answers = answers or {}
    rows = []
    for code, label in choices:
        value = answers.get(code)
        value = value if isinstance(value, int) else None
        rows.append(Rating(code, label, value, scale.get(value, "") if value is not None else ""))
    return rows


def _labels(codes: Any, choices: type[TextChoices]) -> list[Any]:
    known = dict(choices.choices)
    return [known.get(code, code) for code in (codes or [])]


def application_answers(participation: Participation) -> dict[str, Any]:
    """The answers of an application with the enums' labels, for display."""
    external = ChangeSituation.external()
    situation = participation.change_situation
    answers: dict[str, Any] = {
        "languages": _labels(participation.languages, Language),
        "region": participation.get_region_display() if participation.region else "",
        "meeting_format": (
            participation.get_meeting_format_display() if participation.meeting_format else ""
        ),
    }
    if participation.role == Role.MENTEE:
        answers.update(
            change_situation=participation.get_change_situation_display() if situation else "",
            change_direction=(
                (_("From outside") if situation in external else _("From inside"))
                if situation
                else ""
            ),
            goals=[goal for goal in (participation.goals or []) if str(goal).strip()],
            benefits=_ratings(
                participation.benefit_wishes, BenefitArea.choices, dict(WISH_CHOICES)
            ),
            roles=_ratings(participation.role_wishes, MentorRole.choices, dict(WISH_CHOICES)),
        )
    else:
        answers.update(
            change_situations_lived=_labels(participation.change_situations_lived, ChangeSituation),
            roles=_ratings(participation.role_comfort, MentorRole.choices, dict(COMFORT_CHOICES)),
        )
    return answers


# -- the coordinator's to-do panel (programmes.todo) ----------------------


def coordinator_todo_items(*, programme: Programme, user: Any) -> list[TodoCounts]:
    """The participants' lines of the coordinator's to-do panel: submitted
    applications to screen (and how many are flagged), counted with the
    participants list's own filter (``filter_participations``); mail to the
    programme's participants that failed for good. Counted by the panel with
    the other apps' counts (``programmes.todo.TodoCounts``)."""
    submitted = filter_participations(
        programme_participations(user=user, programme=programme),
        ListFilters(status=ApplicationStatus.SUBMITTED),
    )
    failed = (
        OutboxMessage.objects.filter(
            status=OutboxStatus.FAILED,
            recipient__participations__programme=programme,
        )
        .values("pk")
        .distinct()
    )
    list_url = reverse("participants:list", args=[programme.slug])

    def build(counts: Mapping[str, int]) -> list[TodoItem]:
        total, flagged, failed = counts["submitted"], counts["flagged"], counts["failed"]
        return [
            TodoItem(
                order=10,
                count=total,
                text=ngettext(
                    "%(count)d application to screen",
                    "%(count)d applications to screen",
                    total,
                )
                % {"count": total},
                detail=(
                    ngettext("%(count)d is flagged", "%(count)d are flagged", flagged)
                    % {"count": flagged}
                    if flagged
                    else ""
                ),
                url=f"{list_url}?{urlencode({'status': ApplicationStatus.SUBMITTED})}",
            ),
            TodoItem(
                order=90,
                count=failed,
                text=ngettext(
                    "%(count)d e-mail to a participant could not be delivered",
                    "%(count)d e-mails to participants could not be delivered",
                    failed,
                )
                % {"count": failed},
                detail=str(_("Check the address with the person.")) if failed else "",
                url=reverse("common:outbox") + "?status=failed" if user.is_staff else list_url,
            ),
        ]

    return [
        TodoCounts(
            counts={
                "submitted": submitted,
                "flagged": submitted.filter(is_ready=False),
                "failed": failed,
            },
            build=build,
        )
    ]
