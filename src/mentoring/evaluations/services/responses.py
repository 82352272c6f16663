"""A respondent's answers: ``response_submit`` is the one write path.

Rules, checked under a row lock on the response:

- the questionnaire is open and ``closes_at`` has not passed (answers are
  editable until then: "answered once, edited until it closes");
- the form's ``revision`` is the response's current one, else
  ``SurveyConflict`` (two tabs: nothing is silently overwritten);
- every value is on its question's scale (1-5, 0-10, yes/no, the ten roles,
  text of at most ``MAX_TEXT_ANSWER`` characters), required questions are
  answered, goal questions are answered per goal of the mentee;
- the consent ``share_individually`` is stored with every save, so it can be
  given or withdrawn until the survey closes.

The answers replace the earlier ones; ``submitted_at`` keeps the first
submission, ``updated_at`` the latest, ``revision`` goes up by one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.evaluations.enums import MAX_TEXT_ANSWER, QuestionKind, QuestionnaireState
from mentoring.evaluations.models import Answer, Question, Response
from mentoring.evaluations.services.errors import SurveyConflict, SurveyError
from mentoring.meetings.models import Goal
from mentoring.programmes.enums import MentorRole

#: The range of each numeric kind of question.
SCALES: dict[str, tuple[int, int]] = {
    QuestionKind.SCALE_5: (1, 5),
    QuestionKind.GOALS: (1, 5),
    QuestionKind.SCALE_10: (0, 10),
    QuestionKind.YES_NO: (0, 1),
}

#: An answer's key: the question and, for goal questions, the goal.
AnswerKey = tuple[int, int | None]


@dataclass(frozen=True)
class AnswerValue:
    number: int | None = None
    text: str = ""
    roles: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.number is None and not self.text.strip() and not self.roles


def questions_for(response: Response) -> list[Question]:
    """The questions of the response's survey for the respondent's side, in order."""
    return [
        question
        for question in response.questionnaire.questions.order_by("position")
        if question.is_for(response.side)
    ]


def goals_for(response: Response) -> list[Goal]:
    """The mentee's goals of the mentorship (goal questions ask per goal)."""
    return list(
        Goal.objects.filter(mentorship_id=response.mentorship_id).order_by("position", "pk")
    )


def answering_problem(response: Response, *, now: datetime) -> str | None:
    """Why the response cannot be changed now, or None when it can."""
    if response.questionnaire.state == QuestionnaireState.CLOSED:
        return _("This survey has closed. Answers can no longer be given or changed.")
    if response.questionnaire.state != QuestionnaireState.OPEN:
        return _("This survey is not open.")
    if now >= response.closes_at:
        return _(
            "The time to answer this survey ended on %(date)s. "
            "Answers can no longer be given or changed."
        ) % {"date": date_format(timezone.localtime(response.closes_at), "DATETIME_FORMAT")}
    return None


def _check(question: Question, value: AnswerValue) -> None:
    if question.kind in SCALES:
        low, high = SCALES[question.kind]
        if value.number is not None and not low <= value.number <= high:
            raise SurveyError(
                _("“%(question)s”: choose a value from %(low)s to %(high)s.")
                % {"question": question.text, "low": low, "high": high}
            )
        if value.text or value.roles:
            raise SurveyError(_("“%(question)s”: choose a value.") % {"question": question.text})
    elif question.kind == QuestionKind.TEXT:
        if value.number is not None or value.roles:
            raise SurveyError(_("“%(question)s”: write a text.") % {"question": question.text})
        if len(value.text) > MAX_TEXT_ANSWER:
            raise SurveyError(
                _("“%(question)s”: at most %(max)s characters.")
                % {"question": question.text, "max": MAX_TEXT_ANSWER}
            )
    elif question.kind == QuestionKind.ROLES:
        if value.number is not None or value.text:
            raise SurveyError(_("“%(question)s”: choose roles.") % {"question": question.text})
        if any(role not in MentorRole.values for role in value.roles) or len(
            set(value.roles)
        ) != len(value.roles):
            raise SurveyError(
                _("“%(question)s”: choose among the ten roles.") % {"question": question.text}
            )


@transaction.atomic
def response_submit(
    *,
    response: Response,
    answers: Mapping[AnswerKey, AnswerValue],
    share_individually: bool,
    revision: int,
    now: datetime | None = None,
) -> Response:
    """Store the respondent's answers (replacing earlier ones) and consent.

    ``revision`` is the response's revision when the form was opened.
    Raises ``SurveyError`` (closed, past the deadline, a value off the scale,
    a required question unanswered, an unknown question) or
    ``SurveyConflict`` (saved elsewhere since). Side effects: the Answer
    rows, the response's dates, consent and revision; an audit entry (ids
    only, never answers)."""
    now = now or timezone.now()
    locked = (
        Response.objects.select_for_update()
        .select_related("questionnaire", "questionnaire__programme")
        .get(pk=response.pk)
    )
    problem = answering_problem(locked, now=now)
    if problem:
        raise SurveyError(problem)
    if revision != locked.revision:
        raise SurveyConflict(
            _(
                "Your answers were saved in another window or tab after you opened this form. "
                "Nothing was changed: the form now shows the saved answers. "
                "Check them and save again."
            )
        )
    questions = questions_for(locked)
    goals = goals_for(locked)
    expected: dict[AnswerKey, Question] = {}
    for question in questions:
        if question.kind == QuestionKind.GOALS:
            for goal in goals:
                expected[(question.pk, goal.pk)] = question
        else:
            expected[(question.pk, None)] = question
    unknown = set(answers) - set(expected)
    if unknown:
        raise SurveyError(_("The answers do not match the survey's questions. Reload the page."))
    for key, value in answers.items():
        _check(expected[key], value)
    rows = []
    for key, question in expected.items():
        value = answers.get(key, AnswerValue())
        if value.is_empty:
            if question.required:
                raise SurveyError(
                    _("“%(question)s”: this question must be answered.")
                    % {"question": question.text}
                )
            continue
        rows.append(
            Answer(
                response=locked,
                question=question,
                goal_id=key[1],
                kind=question.kind,
                number=value.number,
                text=value.text.strip(),
                roles=list(value.roles),
            )
        )
    Answer.objects.filter(response=locked).delete()
    Answer.objects.bulk_create(rows)
    first = locked.submitted_at is None
    locked.submitted_at = locked.submitted_at or now
    locked.updated_at = now
    locked.share_individually = share_individually
    locked.revision += 1
    locked.save(update_fields=["submitted_at", "updated_at", "share_individually", "revision"])
    log_action(
        actor=locked.respondent.user,
        action="evaluations.response_submitted" if first else "evaluations.response_changed",
        obj=locked,
        programme=locked.questionnaire.programme,
        data={"kind": locked.questionnaire.kind, "side": locked.side},
    )
    return locked
