"""Point 3: invitations and the one reminder through the worker, with time
moved (``now=``): who is due for which survey, a Response and an e-mail in
the recipient's language per side, never a duplicate on a second tick."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.common.models import OutboxMessage
from mentoring.common.tasks import periodic_tick
from mentoring.evaluations.enums import SurveyKind
from mentoring.evaluations.models import Response
from mentoring.evaluations.services.responses import AnswerValue, questions_for, response_submit
from mentoring.evaluations.tasks import surveys_send_due
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import AgreementVersion, Mentorship
from tests.evaluations.helpers import days, make_pair, open_survey, questionnaire
from tests.meetings.test_meetings import make_pair_other

pytestmark = pytest.mark.django_db


def survey_mails() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(key__startswith="survey-").order_by("pk"))


def set_languages(pair: Mentorship, mentee: str, mentor: str) -> None:
    for participation, language in ((pair.mentee, mentee), (pair.mentor, mentor)):
        participation.user.language = language
        participation.user.save(update_fields=["language"])


def test_midway_invitation_on_the_agreements_midway_date(programme) -> None:
    today = timezone.localdate()
    pair = make_pair(programme, midway_review_on=today + timedelta(days=10))
    set_languages(pair, "da", "en")
    survey = open_survey(programme, SurveyKind.MIDWAY)
    now = timezone.now()
    assert surveys_send_due(now=now) == 0
    assert surveys_send_due(now=now + days(9)) == 0
    later = now + days(10)
    assert surveys_send_due(now=later) == 2
    responses = {r.side: r for r in Response.objects.filter(mentorship=pair)}
    assert set(responses) == {"mentee", "mentor"}
    for side, response in responses.items():
        assert response.questionnaire == survey
        assert response.respondent == getattr(pair, side)
        assert response.invited_at == later
        assert response.closes_at == later + timedelta(days=survey.answer_days)
        assert response.submitted_at is None and not response.share_individually
    mails = {m.recipient: m for m in survey_mails()}
    danish, english = mails[pair.mentee.user], mails[pair.mentor.user]
    assert danish.language == "da" and "Midtvejs" in danish.subject
    assert english.language == "en" and "Midway check-in" in english.subject
    path = f"/me/mentorships/{pair.pk}/surveys/midway/"
    assert path in danish.body_text and path in english.body_text
    assert "Mads Madsen" in danish.body_text and "Anna Andersen" in english.body_text
    assert danish.key == f"survey-invitation:{responses['mentee'].pk}"


def test_no_duplicate_on_a_second_tick(programme) -> None:
    pair = make_pair(programme, midway_review_on=timezone.localdate())
    open_survey(programme)
    now = timezone.now()
    assert surveys_send_due(now=now) == 2
    assert surveys_send_due(now=now) == 0
    assert surveys_send_due(now=now + days(1)) == 0
    assert Response.objects.filter(mentorship=pair).count() == 2
    assert len(survey_mails()) == 2


def test_midway_halfway_through_the_agreement_without_a_midway_date(programme) -> None:
    pair = make_pair(programme)  # started 90 days ago, ends in 150 days: halfway in 30
    agreement = AgreementVersion.objects.get(mentorship=pair)
    assert agreement.midway_review_on is None
    open_survey(programme)
    now = timezone.now()
    assert surveys_send_due(now=now + days(28)) == 0
    assert surveys_send_due(now=now + days(31)) == 2


def test_midway_needs_the_trial_passed_an_accepted_agreement_and_an_open_survey(
    programme,
) -> None:
    today = timezone.localdate()
    no_trial = make_pair(programme, trial_passed=False, midway_review_on=today)
    assert no_trial.trial_passed_at is None
    now = timezone.now() + days(200)
    assert surveys_send_due(now=now) == 0  # the questionnaire is still a draft
    open_survey(programme)
    assert surveys_send_due(now=now) == 0
    assert not Response.objects.exists()


def test_midway_not_without_an_accepted_agreement(programme) -> None:
    make_pair(programme, agreement=False)
    open_survey(programme)
    assert surveys_send_due(now=timezone.now() + days(400)) == 0


def test_final_evaluation_for_closing_and_completed_pairs(programme) -> None:
    pair = make_pair(programme)
    open_survey(programme, SurveyKind.FINAL)
    assert surveys_send_due() == 0  # still in the learning phase
    Mentorship.objects.filter(pk=pair.pk).update(status=MentorshipStatus.CLOSING)
    assert surveys_send_due() == 2
    assert set(
        Response.objects.filter(mentorship=pair).values_list("questionnaire__kind", flat=True)
    ) == {SurveyKind.FINAL}
    Mentorship.objects.filter(pk=pair.pk).update(
        status=MentorshipStatus.COMPLETED, ended_at=timezone.now()
    )
    assert surveys_send_due() == 0


def test_follow_up_after_the_programmes_follow_up_days(programme) -> None:
    programme.follow_up_days = 60
    programme.save(update_fields=["follow_up_days"])
    pair = make_pair(programme)
    ended = timezone.now()
    Mentorship.objects.filter(pk=pair.pk).update(status=MentorshipStatus.COMPLETED, ended_at=ended)
    survey = open_survey(programme, SurveyKind.FOLLOW_UP)
    assert surveys_send_due(now=ended + days(59)) == 0
    assert surveys_send_due(now=ended + days(60)) == 2
    assert Response.objects.filter(questionnaire=survey).count() == 2
    # A pair that ended early at the trial gate gets no follow-up.
    early = make_pair_other(programme)
    Mentorship.objects.filter(pk=early.pk).update(
        status=MentorshipStatus.ENDED_EARLY, ended_at=ended - days(100)
    )
    assert surveys_send_due(now=ended + days(61)) == 0


def test_exactly_one_reminder_about_a_week_before_closing(programme) -> None:
    pair = make_pair(programme, midway_review_on=timezone.localdate())
    survey = open_survey(programme)
    start = timezone.now()
    surveys_send_due(now=start)
    responses = {r.side: r for r in Response.objects.filter(mentorship=pair)}
    closes = responses["mentee"].closes_at
    assert closes == start + timedelta(days=survey.answer_days)
    # The mentor answers; only the mentee is reminded.
    mentor_response = responses["mentor"]
    answers = {}
    for question in questions_for(mentor_response):
        if question.kind == "scale_5":
            answers[(question.pk, None)] = AnswerValue(number=5)
    response_submit(
        response=mentor_response, answers=answers, share_individually=False, revision=0, now=start
    )
    assert surveys_send_due(now=closes - days(8)) == 0
    assert surveys_send_due(now=closes - days(7)) == 1
    assert surveys_send_due(now=closes - days(6)) == 0
    assert surveys_send_due(now=closes - days(1)) == 0
    reminders = [m for m in survey_mails() if m.key.startswith("survey-reminder:")]
    assert [m.recipient for m in reminders] == [pair.mentee.user]
    assert reminders[0].key == f"survey-reminder:{responses['mentee'].pk}"
    responses["mentee"].refresh_from_db()
    assert responses["mentee"].reminded_at == closes - days(7)


def test_no_reminder_after_closing_or_for_a_closed_survey(programme) -> None:
    make_pair(programme, midway_review_on=timezone.localdate())
    survey = open_survey(programme)
    start = timezone.now()
    surveys_send_due(now=start)
    closes = start + timedelta(days=survey.answer_days)
    assert surveys_send_due(now=closes + days(1)) == 0  # too late
    survey.state = "closed"
    survey.save(update_fields=["state"])
    assert surveys_send_due(now=closes - days(3)) == 0
    assert not Response.objects.filter(reminded_at__isnull=False).exists()


def test_the_workers_periodic_tick_sends_the_invitations(programme) -> None:
    pair = make_pair(programme, midway_review_on=timezone.localdate())
    open_survey(programme)
    periodic_tick.call()
    assert Response.objects.filter(mentorship=pair).count() == 2
    periodic_tick.call()
    assert Response.objects.filter(mentorship=pair).count() == 2
    assert len(survey_mails()) == 2


def test_draft_questionnaires_invite_nobody(programme) -> None:
    pair = make_pair(programme, midway_review_on=timezone.localdate())
    Mentorship.objects.filter(pk=pair.pk).update(status=MentorshipStatus.CLOSING)
    for kind in SurveyKind.values:
        questionnaire(programme, kind)
    assert surveys_send_due(now=timezone.now() + days(400)) == 0
    assert not survey_mails()
