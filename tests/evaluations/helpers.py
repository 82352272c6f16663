"""Builders for the survey tests: a pair in the learning phase (accepted
agreement, trial passed; from the meetings tests), an open questionnaire, an
invitation, and the POST data of a complete survey form."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from mentoring.evaluations.defaults import questionnaires_ensure
from mentoring.evaluations.enums import QuestionKind, SurveyKind
from mentoring.evaluations.forms import field_name
from mentoring.evaluations.models import Questionnaire, Response
from mentoring.evaluations.services import questionnaire_open
from mentoring.evaluations.services.invitations import mentorship_invite
from mentoring.evaluations.services.responses import goals_for, questions_for
from mentoring.meetings.models import Goal
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import Side
from mentoring.relationships.models import Mentorship
from tests.meetings.test_meetings import make_pair

__all__ = ["make_pair"]


def questionnaire(programme: Programme, kind: str = SurveyKind.MIDWAY) -> Questionnaire:
    return next(q for q in questionnaires_ensure(programme) if q.kind == kind)


def open_survey(programme: Programme, kind: str = SurveyKind.MIDWAY) -> Questionnaire:
    return questionnaire_open(questionnaire=questionnaire(programme, kind), by=None)


def with_goals(mentorship: Mentorship, *texts: str) -> list[Goal]:
    return [
        Goal.objects.create(mentorship=mentorship, text=text, position=i)
        for i, text in enumerate(texts or ("Lead change after the merger", "Hard conversations"))
    ]


def invited(
    mentorship: Mentorship, kind: str = SurveyKind.MIDWAY, *, now: datetime | None = None
) -> dict[str, Response]:
    """Both sides invited to the (opened) survey ``kind``, by side."""
    survey = Questionnaire.objects.filter(programme=mentorship.programme, kind=kind).first()
    if survey is None or survey.state == "draft":
        survey = open_survey(mentorship.programme, kind)
    mentorship_invite(questionnaire=survey, mentorship=mentorship, now=now or timezone.now())
    return {r.side: r for r in Response.objects.filter(questionnaire=survey, mentorship=mentorship)}


def full_answers(response: Response, *, scale: int = 4, text: str = "Fine") -> dict[str, Any]:
    """POST data answering every question of the response's side."""
    data: dict[str, Any] = {"revision": str(response.revision)}
    goals = goals_for(response)
    for question in questions_for(response):
        if question.kind == QuestionKind.GOALS:
            for goal in goals:
                data[field_name(question, goal)] = str(scale)
        elif question.kind == QuestionKind.SCALE_5:
            data[field_name(question)] = str(scale)
        elif question.kind == QuestionKind.SCALE_10:
            data[field_name(question)] = "8"
        elif question.kind == QuestionKind.YES_NO:
            data[field_name(question)] = "1"
        elif question.kind == QuestionKind.ROLES:
            data[field_name(question)] = ["coach", "sparring_partner"]
        else:
            data[field_name(question)] = text
    return data


def days(n: float) -> timedelta:
    return timedelta(days=n)


SIDES = (Side.MENTEE, Side.MENTOR)
