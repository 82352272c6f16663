"""Point 4: the respondent's form: only the invited person of the pair,
their side's questions in their language, goals per goal, scales as radio
groups, roles as checkboxes, consent off by default and revocable; answered
once and editable until it closes; answers off the scale, after closing,
duplicate (stale) submissions refused with clear messages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.common.models import AuditEntry
from mentoring.evaluations.enums import QuestionKind, QuestionnaireState, SurveyKind
from mentoring.evaluations.forms import field_name
from mentoring.evaluations.models import Answer, Response
from mentoring.evaluations.services import (
    AnswerValue,
    SurveyConflict,
    SurveyError,
    questionnaire_close,
    response_submit,
)
from tests.conftest import logged_in_client
from tests.evaluations.helpers import full_answers, invited, make_pair, with_goals
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def pair(programme):
    pair = make_pair(programme)  # both people use English
    with_goals(pair)
    return pair


def url(pair, kind: str = SurveyKind.MIDWAY) -> str:
    return reverse("evaluations:respond", kwargs={"pk": pair.pk, "kind": kind})


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_form_shows_the_questions_of_my_side_in_my_language(pair) -> None:
    responses = invited(pair, SurveyKind.FINAL)
    page = html(logged_in_client(pair.mentee.user).get(url(pair, SurveyKind.FINAL)))
    assert "Personal development: How much have you gained from the mentorship?" in page
    assert "All in all: how satisfied are you with the mentorship?" in page
    # Goals expanded per goal, scales as radios, roles as checkboxes.
    assert "Lead change after the merger" in page and "Hard conversations" in page
    assert 'type="radio"' in page and 'type="checkbox" name="q' in page
    assert "Sparring partner" in page
    # The mentor-only question is not asked of the mentee.
    assert "What have you learned yourself as a mentor?" not in page
    # The consent: off by default, with the plain explanation.
    assert 'name="share_individually"' in page
    assert 'name="share_individually" checked' not in page
    assert "only when at least 3 people have answered" in page
    mentor_page = html(logged_in_client(pair.mentor.user).get(url(pair, SurveyKind.FINAL)))
    assert "What have you learned yourself as a mentor?" in mentor_page
    assert responses["mentor"].side == "mentor"


def test_the_form_in_danish(pair) -> None:
    invited(pair)
    person = pair.mentee.user
    person.language = "da"
    person.save(update_fields=["language"])
    with translation.override("da"):
        page = html(logged_in_client(person).get(url(pair)))
    assert "Hvor godt fungerer jeres samarbejde?" in page
    assert "Koordinatoren må læse mine svar enkeltvis" in page
    assert "How well does the collaboration" not in page


def test_nobody_else_gets_the_form(pair, programme, coordinator, other_coordinator) -> None:
    invited(pair)
    stranger = UserFactory(email="stranger@example.org")
    for person in (stranger, coordinator, other_coordinator):
        client = logged_in_client(person)
        assert client.get(url(pair)).status_code == 404
        assert client.post(url(pair), {"revision": "0"}).status_code == 404
    # Not invited to the final evaluation yet, or an unknown survey: 404.
    client = logged_in_client(pair.mentee.user)
    assert client.get(url(pair, SurveyKind.FINAL)).status_code == 404
    assert client.get(url(pair, "nonsense")).status_code == 404
    # Anonymous: to the login page.
    response = logged_in_client(pair.mentee.user).__class__().get(url(pair))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_answering_saves_the_answers_once_and_allows_edits_until_closing(pair) -> None:
    response = invited(pair)["mentee"]
    client = logged_in_client(pair.mentee.user)
    data = full_answers(response, scale=4, text="Going well")
    page = html(client.post(url(pair), data, follow=True))
    assert "Thank you. Your answers are saved" in page
    response.refresh_from_db()
    assert response.submitted_at is not None and response.revision == 1
    assert not response.share_individually
    first_submitted = response.submitted_at
    # One answer per question, one per goal for the goal question.
    assert Answer.objects.filter(response=response, goal__isnull=False).count() == 2
    assert (
        Answer.objects.filter(response=response, question__code="collaboration").get().number == 4
    )
    assert (
        Answer.objects.filter(response=response, question__code="to_coordinator").get().text
        == "Going well"
    )
    assert AuditEntry.objects.filter(action="evaluations.response_submitted").count() == 1
    # The form shows the saved answers; editing with the current revision works.
    page = html(client.get(url(pair)))
    assert "Going well" in page and "Save my changes" in page
    data = full_answers(response, scale=2, text="Changed my mind")
    data["share_individually"] = "on"
    html(client.post(url(pair), data, follow=True))
    response.refresh_from_db()
    assert response.revision == 2 and response.share_individually
    assert response.submitted_at == first_submitted
    assert (
        Answer.objects.filter(response=response, question__code="collaboration").get().number == 2
    )
    assert Answer.objects.filter(response=response).count() == 1 + 2 + 6 + 1
    # Consent revoked while the survey is open.
    data = full_answers(response, scale=2)
    html(client.post(url(pair), data, follow=True))
    response.refresh_from_db()
    assert not response.share_individually
    assert 'name="share_individually" checked' not in html(client.get(url(pair)))


def test_a_stale_form_is_a_conflict_and_overwrites_nothing(pair) -> None:
    response = invited(pair)["mentee"]
    client = logged_in_client(pair.mentee.user)
    tab_one = full_answers(response, scale=5, text="First tab")
    tab_two = full_answers(response, scale=1, text="Second tab")  # same revision 0
    html(client.post(url(pair), tab_one, follow=True))
    page = html(client.post(url(pair), tab_two, follow=True))
    assert "Your answers were saved in another window or tab" in page
    assert "First tab" in page  # the form shows what is saved
    response.refresh_from_db()
    assert response.revision == 1
    assert (
        Answer.objects.get(response=response, question__code="to_coordinator").text == "First tab"
    )
    # The same submission twice (double click) is refused by the service too.
    with pytest.raises(SurveyConflict):
        response_submit(response=response, answers={}, share_individually=False, revision=0)


def test_values_outside_the_scale_are_refused(pair) -> None:
    response = invited(pair)["mentee"]
    client = logged_in_client(pair.mentee.user)
    collaboration = response.questionnaire.questions.get(code="collaboration")
    for bad in ("6", "0", "-1", "abc"):
        data = full_answers(response)
        data[field_name(collaboration)] = bad
        page = html(client.post(url(pair), data))
        assert "Select a valid choice" in page
    assert not Answer.objects.filter(response=response).exists()
    response.refresh_from_db()
    assert response.submitted_at is None
    # The service refuses it as well ...
    with pytest.raises(SurveyError, match="choose a value from 1 to 5"):
        response_submit(
            response=response,
            answers={(collaboration.pk, None): AnswerValue(number=6)},
            share_individually=False,
            revision=0,
        )
    roles_question = None
    final = invited(pair, SurveyKind.FINAL)["mentee"]
    roles_question = final.questionnaire.questions.get(code="roles_used")
    satisfaction = final.questionnaire.questions.get(code="satisfaction")
    with pytest.raises(SurveyError, match="choose among the ten roles"):
        response_submit(
            response=final,
            answers={(roles_question.pk, None): AnswerValue(roles=["wizard"])},
            share_individually=False,
            revision=0,
        )
    with pytest.raises(SurveyError, match="from 0 to 10"):
        response_submit(
            response=final,
            answers={(satisfaction.pk, None): AnswerValue(number=11)},
            share_individually=False,
            revision=0,
        )
    # ... and so does the database.
    for kind, number in (
        (QuestionKind.SCALE_5, 6),
        (QuestionKind.SCALE_5, 0),
        (QuestionKind.GOALS, 9),
        (QuestionKind.YES_NO, 2),
        (QuestionKind.SCALE_10, 11),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Answer.objects.create(
                response=response, question=collaboration, kind=kind, number=number
            )


def test_required_questions_must_be_answered(pair) -> None:
    response = invited(pair)["mentee"]
    data = full_answers(response)
    collaboration = response.questionnaire.questions.get(code="collaboration")
    del data[field_name(collaboration)]
    page = html(logged_in_client(pair.mentee.user).post(url(pair), data))
    assert "This field is required." in page
    assert not Answer.objects.filter(response=response).exists()
    with pytest.raises(SurveyError, match="must be answered"):
        response_submit(response=response, answers={}, share_individually=False, revision=0)


def test_answers_after_the_deadline_are_refused(pair) -> None:
    response = invited(pair)["mentee"]
    client = logged_in_client(pair.mentee.user)
    data = full_answers(response)
    Response.objects.filter(pk=response.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    page = html(client.post(url(pair), data, follow=True))
    assert "The time to answer this survey ended on" in page
    assert not Answer.objects.filter(response=response).exists()
    # The form is read-only (disabled, no button).
    page = html(client.get(url(pair)))
    assert 'type="radio"' in page and "disabled" in page
    assert "Send my answers" not in page
    response.refresh_from_db()
    with pytest.raises(SurveyError, match="ended on"):
        response_submit(
            response=response, answers={}, share_individually=True, revision=response.revision
        )


def test_answers_after_the_questionnaire_closed_are_refused(pair) -> None:
    response = invited(pair)["mentee"]
    client = logged_in_client(pair.mentee.user)
    html(client.post(url(pair), full_answers(response, text="Before"), follow=True))
    questionnaire_close(questionnaire=response.questionnaire, by=None)
    response.refresh_from_db()
    assert response.questionnaire.state == QuestionnaireState.CLOSED
    data = full_answers(response, text="After")
    page = html(client.post(url(pair), data, follow=True))
    assert "This survey has closed." in page
    assert Answer.objects.get(response=response, question__code="to_coordinator").text == "Before"


def test_no_goal_rows_when_the_mentee_has_no_goals(programme) -> None:
    pair = make_pair(programme)
    response = invited(pair)["mentor"]
    page = html(logged_in_client(pair.mentor.user).get(url(pair)))
    assert "No goals have been recorded" in page
    html(logged_in_client(pair.mentor.user).post(url(pair), full_answers(response), follow=True))
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert not Answer.objects.filter(response=response, goal__isnull=False).exists()


def test_my_surveys_and_the_pair_page(pair) -> None:
    client = logged_in_client(pair.mentee.user)
    page = html(client.get(reverse("evaluations:mine")))
    assert "You have no surveys yet." in page
    pair_page = html(client.get(reverse("relationships:pair", args=[pair.pk])))
    assert url(pair) not in pair_page
    invited(pair)
    page = html(client.get(reverse("evaluations:mine")))
    assert url(pair) in page and "Midway check-in" in page and "Please answer by" in page
    pair_page = html(client.get(reverse("relationships:pair", args=[pair.pk])))
    assert url(pair) in pair_page and reverse("evaluations:mine") in pair_page
    # Somebody else's list does not show it.
    other = logged_in_client(UserFactory(email="someone@example.org"))
    assert url(pair) not in html(other.get(reverse("evaluations:mine")))
