"""The coordinator's writes on a questionnaire.

A questionnaire is a draft while the coordinator adjusts it: questions may be
reworded (Danish and English, help), made optional or required, aimed at one
side or both, moved, removed and added. Opening it freezes the questions
(answers refer to them) and lets the worker send invitations; closing it ends
answering. Every write here takes a row lock on the questionnaire and checks
the state again under it, so a question never changes after the opening.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.evaluations.enums import QuestionCode, QuestionKind, QuestionnaireState
from mentoring.evaluations.models import Question, Questionnaire
from mentoring.evaluations.services.errors import SurveyError
from mentoring.evaluations.signals import questionnaire_closed


@dataclass(frozen=True)
class QuestionValues:
    """What a coordinator may change on a question."""

    text_da: str
    text_en: str
    help_da: str
    help_en: str
    audience: str
    required: bool


@dataclass(frozen=True)
class NewQuestion:
    """A question the coordinator adds: its kind and a new key."""

    code: str
    kind: str
    values: QuestionValues


def _locked_draft(questionnaire: Questionnaire) -> Questionnaire:
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.state != QuestionnaireState.DRAFT:
        raise SurveyError(
            _(
                "The questionnaire is no longer a draft: its questions cannot be changed "
                "once it has been opened."
            )
        )
    return locked


def _log(actor: Any, action: str, questionnaire: Questionnaire, **data: Any) -> None:
    log_action(
        actor=actor,
        action=f"evaluations.{action}",
        obj=questionnaire,
        programme=questionnaire.programme,
        data={"kind": questionnaire.kind, **data},
    )


@transaction.atomic
def question_update(*, question: Question, values: QuestionValues, by: Any) -> Question:
    """Reword a question of a draft questionnaire. Side effects: the question
    row; an audit entry. SurveyError when the questionnaire is not a draft."""
    questionnaire = _locked_draft(question.questionnaire)
    for field in ("text_da", "text_en", "help_da", "help_en", "audience", "required"):
        setattr(question, field, getattr(values, field))
    question.save()
    _log(by, "question_updated", questionnaire, question=question.pk, code=question.code)
    return question


@transaction.atomic
def question_move(*, question: Question, up: bool, by: Any) -> None:
    """Swap a question with its neighbour above (``up``) or below. Nothing
    happens at either end. SurveyError when the questionnaire is not a draft."""
    questionnaire = _locked_draft(question.questionnaire)
    siblings = questionnaire.questions.order_by("position")
    neighbour = (
        siblings.filter(position__lt=question.position).order_by("-position").first()
        if up
        else siblings.filter(position__gt=question.position).first()
    )
    if neighbour is None:
        return
    mine, theirs = question.position, neighbour.position
    # Positions are unique: park one question beyond the end during the swap.
    parked = (siblings.aggregate(top=Max("position"))["top"] or 0) + 1
    Question.objects.filter(pk=question.pk).update(position=parked)
    Question.objects.filter(pk=neighbour.pk).update(position=mine)
    Question.objects.filter(pk=question.pk).update(position=theirs)
    question.position = theirs
    _log(by, "question_moved", questionnaire, question=question.pk, up=up)


@transaction.atomic
def question_remove(*, question: Question, by: Any) -> None:
    """Delete a question of a draft questionnaire (a draft has no answers).
    SurveyError when the questionnaire is not a draft or would be empty."""
    questionnaire = _locked_draft(question.questionnaire)
    if questionnaire.questions.count() <= 1:
        raise SurveyError(_("A questionnaire needs at least one question."))
    _log(by, "question_removed", questionnaire, question=question.pk, code=question.code)
    question.delete()


@transaction.atomic
def question_add(*, questionnaire: Questionnaire, new: NewQuestion, by: Any) -> Question:
    """Add a question at the end of a draft questionnaire. The key must be new
    in the questionnaire and not one of the standard keys (they keep their
    meaning for the report). SurveyError otherwise."""
    locked = _locked_draft(questionnaire)
    if new.kind not in QuestionKind.values:
        raise SurveyError(_("Choose how the question is answered."))
    if new.code in QuestionCode.values:
        raise SurveyError(
            _("This key belongs to a standard question. Choose another key for a new question.")
        )
    if locked.questions.filter(code=new.code).exists():
        raise SurveyError(_("The questionnaire already has a question with this key."))
    top = locked.questions.aggregate(top=Max("position"))["top"] or 0
    question = Question.objects.create(
        questionnaire=locked,
        position=top + 1,
        code=new.code,
        kind=new.kind,
        audience=new.values.audience,
        text_da=new.values.text_da,
        text_en=new.values.text_en,
        help_da=new.values.help_da,
        help_en=new.values.help_en,
        required=new.values.required,
    )
    _log(by, "question_added", locked, question=question.pk, code=question.code)
    return question


@transaction.atomic
def questionnaire_open(
    *, questionnaire: Questionnaire, by: Any, now: datetime | None = None
) -> Questionnaire:
    """Open a draft: the questions freeze and the worker starts inviting the
    pairs that are due. SurveyError unless it is a draft with questions."""
    locked = _locked_draft(questionnaire)
    if not locked.questions.exists():
        raise SurveyError(_("A questionnaire needs at least one question."))
    locked.state = QuestionnaireState.OPEN
    locked.opened_at = now or timezone.now()
    locked.save(update_fields=["state", "opened_at"])
    _log(by, "questionnaire_opened", locked)
    return locked


@transaction.atomic
def questionnaire_close(
    *, questionnaire: Questionnaire, by: Any, now: datetime | None = None
) -> Questionnaire:
    """Close an open questionnaire: no more invitations, answers or edits.
    SurveyError unless it is open."""
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.state != QuestionnaireState.OPEN:
        raise SurveyError(_("Only an open questionnaire can be closed."))
    locked.state = QuestionnaireState.CLOSED
    locked.closed_at = now or timezone.now()
    locked.save(update_fields=["state", "closed_at"])
    _log(by, "questionnaire_closed", locked)
    questionnaire_closed.send(sender=Questionnaire, questionnaire=locked, by=by)
    return locked
