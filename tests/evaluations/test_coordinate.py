"""Point 2: the coordinator's pages: the programme's three questionnaires,
editing a draft (reword, reorder, remove, add), opening and closing, editing
refused once open, individual answers only with consent, another
programme's coordinator 404, empty states."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import translation

from mentoring.common.models import AuditEntry
from mentoring.evaluations.enums import QuestionKind, QuestionnaireState, SurveyKind
from mentoring.evaluations.models import Question, Questionnaire
from mentoring.evaluations.services import (
    NewQuestion,
    QuestionValues,
    SurveyError,
    question_add,
    question_update,
    questionnaire_close,
    response_submit,
)
from mentoring.evaluations.services.responses import AnswerValue, goals_for, questions_for
from tests.conftest import logged_in_client
from tests.evaluations.helpers import invited, make_pair, open_survey, questionnaire, with_goals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client(coordinator):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return logged_in_client(coordinator)


def qurl(name: str, survey: Questionnaire, **extra: int) -> str:
    return reverse(
        f"evaluations:{name}",
        kwargs={"slug": survey.programme.slug, "kind": survey.kind, **extra},
    )


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_list_shows_three_questionnaires_with_state_and_counts(client, programme) -> None:
    page = html(client.get(reverse("evaluations:coordinate", args=[programme.slug])))
    for label in ("Midway check-in", "Final evaluation", "Follow-up"):
        assert label in page
    assert page.count("Draft") == 3
    assert Questionnaire.objects.filter(programme=programme).count() == 3
    # Counts: one pair invited to the midway check-in, nobody answered yet.
    invited(make_pair(programme))
    page = html(client.get(reverse("evaluations:coordinate", args=[programme.slug])))
    assert "Open" in page and '<td class="num">2</td>' in page


def test_another_programmes_coordinator_and_participants_get_404(
    programme, other_coordinator, mentee
) -> None:
    survey = questionnaire(programme)
    question = survey.questions.first()
    assert question is not None
    urls = [
        reverse("evaluations:coordinate", args=[programme.slug]),
        qurl("questionnaire", survey),
        qurl("answers", survey),
        qurl("question_new", survey),
        qurl("question", survey, question=question.pk),
    ]
    posts = [
        qurl("state", survey),
        qurl("question_move", survey, question=question.pk),
        qurl("question_remove", survey, question=question.pk),
        qurl("question", survey, question=question.pk),
    ]
    for person in (other_coordinator, mentee):
        client = logged_in_client(person)
        for url in urls:
            assert client.get(url).status_code == 404, url
        for url in posts:
            assert client.post(url, {"action": "open", "direction": "down"}).status_code == 404
    survey.refresh_from_db()
    assert survey.state == QuestionnaireState.DRAFT
    assert survey.questions.count() == 9
    assert Question.objects.get(pk=question.pk).position == question.position


def test_an_unknown_survey_kind_or_a_question_of_another_survey_is_404(client, programme) -> None:
    midway, final, _ = (questionnaire(programme, k) for k in SurveyKind.values)
    assert (
        client.get(reverse("evaluations:questionnaire", args=[programme.slug, "x"])).status_code
        == 404
    )
    foreign = final.questions.first()
    assert foreign is not None
    assert client.get(qurl("question", midway, question=foreign.pk)).status_code == 404


def test_the_coordinator_rewords_a_draft_question(client, programme, coordinator) -> None:
    survey = questionnaire(programme)
    question = survey.questions.get(code="collaboration")
    page = html(client.get(qurl("question", survey, question=question.pk)))
    assert question.text_da in page and question.text_en in page
    response = client.post(
        qurl("question", survey, question=question.pk),
        {
            "text_da": "Hvordan går samarbejdet?",
            "text_en": "How is the collaboration going?",
            "help_da": "",
            "help_en": "",
            "audience": "mentee",
            "required": "",
        },
        follow=True,
    )
    assert "The question was saved." in html(response)
    question.refresh_from_db()
    assert question.text_da == "Hvordan går samarbejdet?"
    assert question.text_en == "How is the collaboration going?"
    assert question.audience == "mentee" and not question.required
    assert question.code == "collaboration"  # the stable key stays
    assert AuditEntry.objects.filter(
        action="evaluations.question_updated", actor=coordinator
    ).exists()


def test_an_empty_text_is_refused(client, programme) -> None:
    survey = questionnaire(programme)
    question = survey.questions.get(code="collaboration")
    page = html(
        client.post(
            qurl("question", survey, question=question.pk),
            {"text_da": "", "text_en": "X", "audience": "both", "required": "on"},
        )
    )
    assert "This field is required." in page
    assert Question.objects.get(pk=question.pk).text_en == question.text_en


def test_reorder_and_remove(client, programme) -> None:
    survey = questionnaire(programme)
    first, second = survey.questions.order_by("position")[:2]
    client.post(qurl("question_move", survey, question=first.pk), {"direction": "down"})
    order = list(survey.questions.order_by("position").values_list("pk", flat=True))
    assert order[:2] == [second.pk, first.pk]
    client.post(qurl("question_move", survey, question=first.pk), {"direction": "up"})
    assert list(survey.questions.order_by("position").values_list("pk", flat=True))[:2] == [
        first.pk,
        second.pk,
    ]
    # Moving the first question up changes nothing.
    client.post(qurl("question_move", survey, question=first.pk), {"direction": "up"})
    assert survey.questions.order_by("position").first() == first
    response = client.post(qurl("question_remove", survey, question=first.pk), follow=True)
    assert "The question was removed." in html(response)
    assert not Question.objects.filter(pk=first.pk).exists()
    assert survey.questions.count() == 8


def test_the_last_question_cannot_be_removed(programme) -> None:
    survey = questionnaire(programme, SurveyKind.FOLLOW_UP)
    *rest, last = survey.questions.order_by("position")
    Question.objects.filter(pk__in=[q.pk for q in rest]).delete()
    with pytest.raises(SurveyError, match="at least one question"):
        from mentoring.evaluations.services import question_remove

        question_remove(question=last, by=None)


def test_the_coordinator_adds_a_question_with_a_new_key(client, programme) -> None:
    survey = questionnaire(programme)
    data = {
        "code": "workload",
        "kind": QuestionKind.SCALE_5,
        "text_da": "Hvor travlt har du haft?",
        "text_en": "How busy have you been?",
        "help_da": "",
        "help_en": "",
        "audience": "both",
        "required": "on",
    }
    response = client.post(qurl("question_new", survey), data, follow=True)
    assert "The question was added at the end." in html(response)
    added = survey.questions.order_by("position").last()
    assert added is not None
    assert (added.code, added.kind, added.text_en) == (
        "workload",
        "scale_5",
        "How busy have you been?",
    )
    # The same key again, a standard key, and an unknown kind are refused.
    page = html(client.post(qurl("question_new", survey), data))
    assert "already has a question with this key" in page
    page = html(client.post(qurl("question_new", survey), {**data, "code": "satisfaction"}))
    assert "belongs to a standard question" in page
    page = html(client.post(qurl("question_new", survey), {**data, "code": "x2", "kind": "essay"}))
    assert "Select a valid choice" in page
    page = html(client.post(qurl("question_new", survey), {**data, "code": "not a slug!"}))
    assert "Enter a valid" in page
    assert survey.questions.count() == 10


def test_opening_freezes_the_questions(client, programme, coordinator) -> None:
    survey = questionnaire(programme)
    question = survey.questions.get(code="collaboration")
    response = client.post(qurl("state", survey), {"action": "open"}, follow=True)
    assert "The survey is open." in html(response)
    survey.refresh_from_db()
    assert survey.state == QuestionnaireState.OPEN and survey.opened_at is not None
    assert AuditEntry.objects.filter(action="evaluations.questionnaire_opened").exists()
    refused = "its questions cannot be changed once it has been opened"
    # The edit page, saving, adding, moving and removing are all refused.
    page = html(client.get(qurl("question", survey, question=question.pk), follow=True))
    assert refused in page
    page = html(
        client.post(
            qurl("question", survey, question=question.pk),
            {"text_da": "Ny", "text_en": "New", "audience": "both", "required": "on"},
            follow=True,
        )
    )
    assert refused in page
    assert refused in html(client.get(qurl("question_new", survey), follow=True))
    assert refused in html(
        client.post(
            qurl("question_move", survey, question=question.pk), {"direction": "down"}, follow=True
        )
    )
    assert refused in html(
        client.post(qurl("question_remove", survey, question=question.pk), follow=True)
    )
    question_after = Question.objects.get(pk=question.pk)
    assert (question_after.text_en, question_after.position) == (
        question.text_en,
        question.position,
    )
    assert survey.questions.count() == 9
    # The page no longer offers editing.
    page = html(client.get(qurl("questionnaire", survey)))
    assert "Add a question" not in page and "Close the survey" in page
    # The services refuse too (a stale form or a direct call).
    values = QuestionValues(
        text_da="Ny", text_en="New", help_da="", help_en="", audience="both", required=True
    )
    with pytest.raises(SurveyError):
        question_update(question=question, values=values, by=coordinator)
    with pytest.raises(SurveyError):
        question_add(
            questionnaire=survey, new=NewQuestion(code="x", kind="text", values=values), by=None
        )
    # Opening twice is refused with a message.
    assert "no longer a draft" in html(
        client.post(qurl("state", survey), {"action": "open"}, follow=True)
    )


def test_closing(client, programme) -> None:
    survey = open_survey(programme)
    page = html(client.post(qurl("state", survey), {"action": "close"}, follow=True))
    assert "The survey is closed." in page
    survey.refresh_from_db()
    assert survey.state == QuestionnaireState.CLOSED and survey.closed_at is not None
    assert "Only an open questionnaire can be closed." in html(
        client.post(qurl("state", survey), {"action": "close"}, follow=True)
    )
    # A draft cannot be closed either; an unknown action does nothing.
    draft = questionnaire(programme, SurveyKind.FINAL)
    with pytest.raises(SurveyError):
        questionnaire_close(questionnaire=draft, by=None)
    html(client.post(qurl("state", draft), {"action": "delete"}, follow=True))
    draft.refresh_from_db()
    assert draft.state == QuestionnaireState.DRAFT


def _submit(response, *, share: bool, text: str) -> None:
    answers = {}
    for question in questions_for(response):
        if question.kind == QuestionKind.GOALS:
            for goal in goals_for(response):
                answers[(question.pk, goal.pk)] = AnswerValue(number=3)
        elif question.kind == QuestionKind.TEXT:
            answers[(question.pk, None)] = AnswerValue(text=text)
        else:
            answers[(question.pk, None)] = AnswerValue(number=4)
    response_submit(response=response, answers=answers, share_individually=share, revision=0)


def test_individual_answers_only_with_consent(client, programme) -> None:
    pair = make_pair(programme)
    with_goals(pair)
    responses = invited(pair)
    _submit(responses["mentee"], share=True, text="SHARED-MARKER-4411")
    _submit(responses["mentor"], share=False, text="PRIVATE-MARKER-9902")
    survey = responses["mentee"].questionnaire
    for url in (qurl("answers", survey), qurl("questionnaire", survey)):
        page = html(client.get(url))
        assert "PRIVATE-MARKER-9902" not in page
    page = html(client.get(qurl("answers", survey)))
    assert "SHARED-MARKER-4411" in page
    assert "Anna Andersen (Mentee)" in page and "Lead change after the merger" in page
    assert "1 person did not allow individual reading" in page
    assert "Mads Madsen (Mentor)" not in page
    # Consent withdrawn: the answers disappear from the coordinator's page.
    mentee_response = responses["mentee"]
    mentee_response.refresh_from_db()
    answers = {
        (a.question_id, a.goal_id): AnswerValue(number=a.number, text=a.text, roles=a.roles)
        for a in mentee_response.answers.all()
    }
    response_submit(response=mentee_response, answers=answers, share_individually=False, revision=1)
    page = html(client.get(qurl("answers", survey)))
    assert "SHARED-MARKER-4411" not in page
    assert "Nobody has shared their answers with you yet." in page


def test_empty_states(client, programme) -> None:
    survey = questionnaire(programme)
    page = html(client.get(qurl("answers", survey)))
    assert "Nobody has shared their answers with you yet." in page
    assert "0 invited, 0 answered." in page
    page = html(client.get(qurl("questionnaire", survey)))
    assert "0 invited, 0 answered, 0 shared their answers with you." in page


def test_the_programme_page_links_to_the_surveys(client, programme) -> None:
    page = html(client.get(reverse("programmes:detail", args=[programme.slug])))
    assert reverse("evaluations:coordinate", args=[programme.slug]) in page
