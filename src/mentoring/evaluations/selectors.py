"""Reads of the evaluations app, scoped to what the user may see.

- The respondent reads only their own responses (``responses_for_user``,
  ``response_for_user``): the two people of a pair, each only their side, and
  only once invited. Anybody else gets DoesNotExist (the view answers 404).
- Coordinators reach a programme only through ``programmes_for_user`` (the
  view's ``coordinated_programme_or_404``), then see counts per questionnaire
  (``questionnaire_rows``) and individual answers only of responses whose
  respondent consented (``shared_responses``: ``share_individually`` true).
  Aggregates of the answers are the reports app's job; it reads the models
  directly and suppresses groups under ``Programme.effective_min_respondents``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from mentoring.evaluations.defaults import questionnaires_ensure
from mentoring.evaluations.models import Answer, Questionnaire, Response
from mentoring.evaluations.services.responses import answering_problem
from mentoring.programmes.models import Programme
from mentoring.programmes.todo import TodoCounts, TodoItem
from mentoring.relationships.models import Mentorship


@dataclass(frozen=True)
class QuestionnaireRow:
    questionnaire: Questionnaire
    questions: int
    invited: int
    submitted: int
    shared: int


def questionnaire_rows(programme: Programme) -> list[QuestionnaireRow]:
    """The programme's three questionnaires (created with the default
    questions on first use) with the number of questions, invitations,
    submitted responses and responses shared individually."""
    questionnaires_ensure(programme)
    rows = Questionnaire.objects.filter(programme=programme).annotate(
        n_questions=Count("questions", distinct=True),
        n_invited=Count("responses", distinct=True),
        n_submitted=Count(
            "responses", filter=Q(responses__submitted_at__isnull=False), distinct=True
        ),
        n_shared=Count(
            "responses",
            filter=Q(
                responses__submitted_at__isnull=False,
                responses__share_individually=True,
            ),
            distinct=True,
        ),
    )
    order = {"midway": 0, "final": 1, "follow_up": 2}
    return sorted(
        (
            QuestionnaireRow(
                questionnaire=q,
                questions=q.n_questions,
                invited=q.n_invited,
                submitted=q.n_submitted,
                shared=q.n_shared,
            )
            for q in rows
        ),
        key=lambda row: order.get(row.questionnaire.kind, 9),
    )


def questionnaire_of(programme: Programme, kind: str) -> Questionnaire:
    """The programme's questionnaire of ``kind`` (DoesNotExist for an unknown kind)."""
    questionnaires_ensure(programme)
    return Questionnaire.objects.select_related("programme").get(programme=programme, kind=kind)


def shared_responses(questionnaire: Questionnaire) -> QuerySet[Response]:
    """Submitted responses whose respondent allowed the coordinator to read
    them individually, with their answers. Never any other response."""
    return (
        Response.objects.filter(
            questionnaire=questionnaire, submitted_at__isnull=False, share_individually=True
        )
        .select_related("respondent__user", "mentorship__mentee__user", "mentorship__mentor__user")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question", "goal").order_by(
                    "question__position", "goal__position", "goal_id"
                ),
            )
        )
        .order_by("mentorship_id", "side")
    )


def responses_for_user(user: Any) -> QuerySet[Response]:
    """The user's own survey invitations, newest first."""
    if not user.is_authenticated:
        return Response.objects.none()
    return (
        Response.objects.filter(respondent__user=user)
        .select_related(
            "questionnaire__programme",
            "mentorship__mentee__user",
            "mentorship__mentor__user",
            "mentorship__programme",
        )
        .order_by("-invited_at", "-pk")
    )


def response_for_user(*, user: Any, mentorship_pk: int, kind: str) -> Response:
    """The user's own response to the survey ``kind`` about mentorship
    ``mentorship_pk``; DoesNotExist when not invited or not theirs."""
    return responses_for_user(user).get(mentorship_id=mentorship_pk, questionnaire__kind=kind)


def pair_surveys(
    *, mentorship: Mentorship, user: Any, now: datetime | None = None
) -> list[dict[str, Any]]:
    """The user's surveys about one of their mentorships, for the pair page:
    ``{"response": ..., "problem": why it can no longer be answered or None}``."""
    now = now or timezone.now()
    return [
        {"response": response, "problem": answering_problem(response, now=now)}
        for response in responses_for_user(user).filter(mentorship=mentorship)
    ]


# -- the coordinator's to-do panel (programmes.todo) ----------------------

#: A survey invitation this close to its deadline counts as "closing".
CLOSING_SOON_DAYS = 7


def open_responses(*, now: datetime | None = None) -> QuerySet[Response]:
    """Invitations not answered yet whose deadline is still ahead."""
    now = now or timezone.now()
    return Response.objects.filter(submitted_at__isnull=True, closes_at__gt=now)


def open_responses_for_user(user: Any, *, now: datetime | None = None) -> QuerySet[Response]:
    """The user's own invitations not answered yet whose deadline is still
    ahead, with their questionnaire and programme (the inbox's surveys).
    Filtered on the user's rows directly: an ``IN`` over ``open_responses``
    read every open invitation in the database on each home page."""
    if not user.is_authenticated:
        return Response.objects.none()
    return (
        open_responses(now=now)
        .filter(respondent__user=user)
        .select_related("questionnaire__programme")
        .order_by("-invited_at", "-pk")
    )


def coordinator_todo_items(
    *, programme: Programme, user: Any, now: datetime | None = None
) -> list[TodoCounts]:
    """The evaluations' line of the coordinator's to-do panel: unanswered
    invitations whose deadline is within ``CLOSING_SOON_DAYS``. Counted by
    the panel with the other apps' counts."""
    now = now or timezone.now()
    closing = open_responses(now=now).filter(
        questionnaire__programme=programme,
        closes_at__lte=now + timedelta(days=CLOSING_SOON_DAYS),
    )

    def build(counts: Mapping[str, int]) -> list[TodoItem]:
        count = counts["closing"]
        return [
            TodoItem(
                order=50,
                count=count,
                text=ngettext(
                    "%(count)d evaluation answer is missing and closes within a week",
                    "%(count)d evaluation answers are missing and close within a week",
                    count,
                )
                % {"count": count},
                url=reverse("evaluations:coordinate", args=[programme.slug]),
            )
        ]

    return [TodoCounts(counts={"closing": closing}, build=build)]
