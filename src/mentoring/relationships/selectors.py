"""Reads for mentorships, scoped to what the user may see.

The two people of a mentorship see it; coordinators see the mentorships of
their programmes (through ``programme_mentorships`` after the programme was
scoped with ``programmes_for_user``); nobody else does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.http import Http404
from django.urls import reverse
from django.utils.translation import ngettext

from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.programmes.selectors import coordinated_programme_or_404
from mentoring.programmes.todo import TodoCounts, TodoItem
from mentoring.relationships.enums import CLOSED_STATUSES, MentorshipStatus, Side
from mentoring.relationships.models import (
    AgreementVersion,
    Mentorship,
    RolesExerciseAnswer,
    TrialResponse,
)


def active_mentorships() -> QuerySet[Mentorship]:
    """Mentorships that hold a mentor's place and the mentee (not closed)."""
    return Mentorship.objects.exclude(status__in=CLOSED_STATUSES)


def active_counts_by_mentor(*, programme: Programme) -> dict[int, int]:
    """Mentor participation id -> number of active mentorships (one query)."""
    rows = (
        active_mentorships()
        .filter(programme=programme)
        .order_by()
        .values("mentor_id")
        .annotate(n=Count("pk"))
    )
    return {row["mentor_id"]: row["n"] for row in rows}


def mentees_with_active_mentorship(*, programme: Programme) -> set[int]:
    """Ids of the mentee participations that have an active mentorship."""
    return set(active_mentorships().filter(programme=programme).values_list("mentee_id", flat=True))


def mentor_capacity(mentor: Participation) -> int:
    """How many mentees the mentor takes: their own answer, else the
    programme's default."""
    return int(mentor.capacity or mentor.programme.default_mentor_capacity)


def mentorships_for_user(user: Any) -> QuerySet[Mentorship]:
    """The mentorships in which ``user`` is the mentee or the mentor, newest first."""
    if not user.is_authenticated:
        return Mentorship.objects.none()
    # Two indexed lookups (mentee_id IN …, mentor_id IN … the user's few
    # participations) instead of joining both sides and testing the user on
    # either: that OR over two joins scans every mentorship in the database.
    own = Participation.objects.filter(user=user).values("pk")
    return (
        Mentorship.objects.filter(Q(mentee_id__in=own) | Q(mentor_id__in=own))
        .select_related("programme", "mentee__user", "mentor__user")
        .order_by("-created_at", "-pk")
    )


def mentorship_for_user(*, user: Any, pk: int) -> Mentorship:
    """One of the user's own mentorships; DoesNotExist for anybody else's."""
    return mentorships_for_user(user).get(pk=pk)


def pair_or_404(*, user: Any, pk: int) -> tuple[Mentorship, Side]:
    """The user's own mentorship ``pk`` and their side of it; Http404 for
    anybody else's, and for one that is not (or no longer) a pair. Every pair
    page (``/me/mentorships/<pk>/...``) starts here: only the mentee and the
    mentor get it, and only once both accepted the match (a proposal lives on
    the match page)."""
    try:
        mentorship = mentorships_for_user(user).filter(status__in=PAIR_STATUSES).get(pk=pk)
    except Mentorship.DoesNotExist as error:
        raise Http404 from error
    side = side_of(mentorship=mentorship, user=user)
    if side is None:  # pragma: no cover - the selector only returns the user's own
        raise Http404
    return mentorship, side


def coordinated_pair_or_404(*, user: Any, slug: str, pk: int) -> Mentorship:
    """Mentorship ``pk`` of programme ``slug`` if the user coordinates it
    (any, for a superuser); Http404 otherwise. Coordinators see status and
    dates, never the pair's content."""
    programme = coordinated_programme_or_404(user=user, slug=slug)
    try:
        return (
            Mentorship.objects.select_related("programme", "mentee__user", "mentor__user")
            .filter(programme=programme)
            .get(pk=pk)
        )
    except Mentorship.DoesNotExist as error:
        raise Http404 from error


def side_of(*, mentorship: Mentorship, user: Any) -> Side | None:
    """The user's side of the mentorship (the mentee's, if somebody were both)."""
    if mentorship.mentee.user_id == user.pk:
        return Side.MENTEE
    if mentorship.mentor.user_id == user.pk:
        return Side.MENTOR
    return None


def programme_mentorships(*, programme: Programme) -> QuerySet[Mentorship]:
    """Every mentorship of a programme, for its coordinators, newest first."""
    return (
        Mentorship.objects.filter(programme=programme)
        .select_related("mentee__user", "mentor__user", "run")
        .order_by("-created_at", "-pk")
    )


def programme_matches_list(*, programme: Programme) -> QuerySet[Mentorship]:
    """The programme's published matches for the matching page's list, newest
    first: the answers' columns and the two people's names only (never their
    applications)."""
    return programme_mentorships(programme=programme).only(
        "id",
        "programme_id",
        "status",
        "created_at",
        "run_id",
        "declined_by",
        "decline_reason",
        "mentee_accepted_at",
        "mentor_accepted_at",
        "run__id",
        "run__number",
        *(
            f"{side}__{name}"
            for side in ("mentee", "mentor")
            for name in ("id", "user__id", "user__full_name", "user__email")
        ),
    )


# -- the establishment phase (issue 5) ------------------------------------

#: States of a *pair*: accepted by both (working, closing, completed), or
#: ended early at the trial gate (kept readable). Pair pages exist in these.
PAIR_STATUSES: tuple[str, ...] = (
    MentorshipStatus.ACCEPTED.value,
    MentorshipStatus.ENDED_EARLY.value,
    MentorshipStatus.CLOSING.value,
    MentorshipStatus.COMPLETED.value,
)


def progress_prefetches(*, agreement_fields: Iterable[str] = ()) -> list[Prefetch[Any]]:
    """What ``progress.progress_of`` reads, as prefetches: one query each for
    any number of mentorships. Only status and dates are loaded (never
    ratings, comments or agreement text), so a page built on them cannot
    show content by mistake; ``agreement_fields`` adds columns of the
    agreement versions a page reads too (the pair's home page: the frame of
    its meeting plan)."""
    return [
        Prefetch(
            "roles_answers",
            queryset=RolesExerciseAnswer.objects.only(
                "pk", "mentorship_id", "side", "submitted_at"
            ),
        ),
        Prefetch(
            "agreement_versions",
            queryset=AgreementVersion.objects.only(
                "pk",
                "mentorship_id",
                "number",
                "mentee_accepted_at",
                "mentor_accepted_at",
                "accepted_at",
                *agreement_fields,
            ).order_by("number"),
        ),
        Prefetch(
            "trial_responses",
            queryset=TrialResponse.objects.only(
                "pk", "mentorship_id", "side", "answer", "answered_at"
            ),
        ),
    ]


def with_progress(mentorship: Mentorship, *, agreement_fields: Iterable[str] = ()) -> Mentorship:
    """``mentorship`` with what ``progress.progress_of`` reads prefetched
    (and ``agreement_fields`` of its agreement versions)."""
    prefetch_related_objects([mentorship], *progress_prefetches(agreement_fields=agreement_fields))
    return mentorship


def roles_answers_of(*, mentorship: Mentorship) -> dict[str, RolesExerciseAnswer]:
    """Both sides' roles exercise answers (with ratings and comments), by
    side. For the two people of the pair only: the view shows the other
    side's answer only when both exist."""
    return {answer.side: answer for answer in mentorship.roles_answers.all()}


#: The coordinator's filters of the list of pairs: GET value -> meaning.
PAIR_FILTERS: tuple[str, ...] = ("all", "roles", "agreement", "trial", "ended")


def _latest_agreement_accepted_at() -> Subquery:
    return Subquery(
        AgreementVersion.objects.filter(mentorship=OuterRef("pk"))
        .order_by("-number")
        .values("accepted_at")[:1]
    )


def _filter_q(name: str) -> Q:
    """The condition of filter ``name`` on a queryset annotated with
    ``agreement_accepted_at`` (the newest version's acceptance by both)."""
    active = Q(status=MentorshipStatus.ACCEPTED)
    return {
        "all": Q(),
        # the roles exercise is not done: not answered by both, or no roles agreed
        "roles": active & Q(roles_agreed_at__isnull=True),
        # no agreement yet, or its newest version not accepted by both
        "agreement": active & Q(agreement_accepted_at__isnull=True),
        # the trial gate is not passed yet
        "trial": active & Q(trial_passed_at__isnull=True),
        "ended": Q(status=MentorshipStatus.ENDED_EARLY),
    }[name]


#: The columns the coordinator's list of pairs reads.
PAIR_LIST_FIELDS: tuple[str, ...] = (
    *(field.name for field in Mentorship._meta.concrete_fields),
    *(
        f"{side}__{name}"
        for side in ("mentee", "mentor")
        for name in ("id", "user_id", "role", "programme_id", "user__full_name", "user__email")
    ),
)


def programme_pairs(*, programme: Programme, show: str = "all") -> QuerySet[Mentorship]:
    """The pairs of ``programme`` (accepted or ended early) matching filter
    ``show`` (one of ``PAIR_FILTERS``; unknown means all), by the mentee's
    name, with their progress prefetched: a constant number of queries for
    any number of pairs. For the programme's coordinators (scope the
    programme with ``programmes_for_user`` first)."""
    if show not in PAIR_FILTERS:
        show = "all"
    return (
        Mentorship.objects.filter(programme=programme, status__in=PAIR_STATUSES)
        .annotate(agreement_accepted_at=_latest_agreement_accepted_at())
        .filter(_filter_q(show))
        .select_related("mentee__user", "mentor__user")
        # The pair's own columns, and of both people only what names them: never
        # their application (profiles, JSON answers), which a list does not show.
        .only(*PAIR_LIST_FIELDS)
        .prefetch_related(*progress_prefetches())
        .order_by("mentee__user__full_name", "pk")
    )


def programme_pair_counts(*, programme: Programme) -> dict[str, int]:
    """How many pairs of ``programme`` each filter shows (one query)."""
    counts = (
        Mentorship.objects.filter(programme=programme, status__in=PAIR_STATUSES)
        .annotate(agreement_accepted_at=_latest_agreement_accepted_at())
        .aggregate(
            **{
                name: Count("pk", filter=_filter_q(name)) if name != "all" else Count("pk")
                for name in PAIR_FILTERS
            }
        )
    )
    return {name: int(counts[name] or 0) for name in PAIR_FILTERS}


#: A proposal is answered within a week of being made: the proposal e-mail
#: asks both people for it (matching's ``match_proposed`` mail), and the
#: inbox shows the date.
PROPOSAL_ANSWER_WITHIN = timedelta(days=7)


def proposal_answer_deadline(mentorship: Mentorship) -> datetime:
    """When the answer to proposal ``mentorship`` is due: a week after it was made."""
    return mentorship.created_at + PROPOSAL_ANSWER_WITHIN


def pairs_for_user(user: Any) -> QuerySet[Mentorship]:
    """The user's own pairs (accepted, or ended early), newest first, with
    the programme and both people (one query): for the home page."""
    return mentorships_for_user(user).filter(status__in=PAIR_STATUSES)


# -- the coordinator's to-do panel (programmes.todo) ----------------------


def coordinator_todo_items(*, programme: Programme, user: Any) -> list[TodoCounts]:
    """The relationships' lines of the coordinator's to-do panel: proposed
    matches that wait for an answer, and pairs whose trial answer is pending
    (the pair list's own "trial" filter, ``programme_pairs(show="trial")``).
    Counted by the panel with the other apps' counts."""
    proposed = programme_mentorships(programme=programme).filter(status=MentorshipStatus.PROPOSED)
    trial_url = reverse("relationships:coordinate_pairs", args=[programme.slug]) + "?show=trial"

    def build(counts: Mapping[str, int]) -> list[TodoItem]:
        waiting, trial = counts["proposed"], counts["trial"]
        return [
            TodoItem(
                order=20,
                count=waiting,
                text=ngettext(
                    "%(count)d match proposal waits for an answer",
                    "%(count)d match proposals wait for an answer",
                    waiting,
                )
                % {"count": waiting},
                url=reverse("matching:home", args=[programme.slug]),
            ),
            TodoItem(
                order=30,
                count=trial,
                text=ngettext(
                    "%(count)d pair has not passed the trial after the first meeting",
                    "%(count)d pairs have not passed the trial after the first meeting",
                    trial,
                )
                % {"count": trial},
                url=trial_url,
            ),
        ]

    return [
        TodoCounts(
            counts={
                "proposed": proposed,
                "trial": programme_pairs(programme=programme, show="trial"),
            },
            build=build,
        )
    ]
