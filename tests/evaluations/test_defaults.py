"""Point 1: the three questionnaires with their default questions, in data,
in Danish and English, keyed by the stable codes the report aggregates by."""

from __future__ import annotations

import pytest

from mentoring.evaluations.defaults import questionnaires_ensure
from mentoring.evaluations.enums import (
    Audience,
    QuestionCode,
    QuestionKind,
    QuestionnaireState,
    SurveyKind,
)
from mentoring.evaluations.models import Question, Questionnaire
from mentoring.programmes.enums import BenefitArea

pytestmark = pytest.mark.django_db


def codes(questionnaire: Questionnaire) -> list[str]:
    return list(questionnaire.questions.order_by("position").values_list("code", flat=True))


def test_three_draft_questionnaires_in_order(programme) -> None:
    midway, final, follow_up = questionnaires_ensure(programme)
    assert [midway.kind, final.kind, follow_up.kind] == [
        SurveyKind.MIDWAY,
        SurveyKind.FINAL,
        SurveyKind.FOLLOW_UP,
    ]
    assert {q.state for q in (midway, final, follow_up)} == {QuestionnaireState.DRAFT}
    assert all(q.programme == programme for q in (midway, final, follow_up))


def test_midway_questions(programme) -> None:
    midway = questionnaires_ensure(programme)[0]
    assert codes(midway) == ["collaboration", "goals", *["benefit"] * 6, "to_coordinator"]
    benefit = midway.questions.filter(code=QuestionCode.BENEFIT)
    assert sorted(benefit.values_list("benefit_area", flat=True)) == sorted(BenefitArea.values)
    assert set(benefit.values_list("kind", flat=True)) == {QuestionKind.SCALE_5}
    assert midway.questions.get(code="goals").kind == QuestionKind.GOALS
    to_coordinator = midway.questions.get(code="to_coordinator")
    assert to_coordinator.kind == QuestionKind.TEXT and not to_coordinator.required
    assert set(midway.questions.values_list("audience", flat=True)) == {Audience.BOTH}
    # The flyer's words for the six areas.
    danish = " ".join(benefit.values_list("text_da", flat=True))
    for area in ("Personlig udvikling", "Faglig udvikling", "Netværk", "Videndeling"):
        assert area in danish
    assert "Kulturforståelse" in danish and "Karriereudvikling" in danish


def test_final_questions(programme) -> None:
    final = questionnaires_ensure(programme)[1]
    assert codes(final) == [
        *["benefit"] * 6,
        "goals",
        "meeting_frequency",
        "preparation",
        "homework",
        "roles_used",
        "satisfaction",
        "advice",
        "own_learning",
    ]
    kinds = dict(final.questions.values_list("code", "kind").exclude(code="benefit"))
    assert kinds["satisfaction"] == QuestionKind.SCALE_10
    assert kinds["roles_used"] == QuestionKind.ROLES
    assert kinds["homework"] == QuestionKind.SCALE_5
    own = final.questions.get(code="own_learning")
    assert own.audience == Audience.MENTOR
    assert own.is_for("mentor") and not own.is_for("mentee")
    assert final.questions.get(code="satisfaction").is_for("mentee")


def test_follow_up_questions(programme) -> None:
    follow_up = questionnaires_ensure(programme)[2]
    assert codes(follow_up) == [
        "lasting_effect",
        "career_change",
        "career_change_text",
        "to_coordinator",
    ]
    assert follow_up.questions.get(code="career_change").kind == QuestionKind.YES_NO
    assert not follow_up.questions.get(code="career_change_text").required


def test_every_default_question_is_bilingual_and_uses_a_stable_code(programme) -> None:
    questionnaires_ensure(programme)
    questions = Question.objects.filter(questionnaire__programme=programme)
    assert questions.count() == 9 + 14 + 4
    for question in questions:
        assert question.text_da.strip() and question.text_en.strip()
        assert question.text_da != question.text_en
        assert question.code in QuestionCode.values
    # Every stable code is used by some default question.
    assert set(questions.values_list("code", flat=True)) == set(QuestionCode.values)


def test_ensure_is_idempotent_and_keeps_the_coordinators_edits(programme, other_programme) -> None:
    first = questionnaires_ensure(programme)
    question = first[0].questions.get(code="collaboration")
    question.text_en = "How is it going?"
    question.save()
    first[1].questions.filter(code="advice").delete()
    again = questionnaires_ensure(programme)
    assert [q.pk for q in again] == [q.pk for q in first]
    assert Questionnaire.objects.filter(programme=programme).count() == 3
    assert Question.objects.get(pk=question.pk).text_en == "How is it going?"
    assert not first[1].questions.filter(code="advice").exists()
    # Another programme gets its own copies.
    questionnaires_ensure(other_programme)
    assert Questionnaire.objects.count() == 6
