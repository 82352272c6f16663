"""The application services: save and submit, the state machine, the
coordinator's decision with its audit entry and e-mail, withdrawal."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.participants.models import Participation
from mentoring.participants.services import (
    ApplicationLocked,
    ApplicationWindowClosed,
    InvalidTransition,
    StaleApplication,
    application_decide,
    application_save,
    application_withdraw,
)
from mentoring.programmes.models import Programme
from tests.factories import ParticipationFactory, ProgrammeFactory, UserFactory
from tests.participants.conftest import sent_application

pytestmark = pytest.mark.django_db

COMPLETE_MENTEE = {
    "organisation": "Aarhus Kommune",
    "job_title": "HR-konsulent",
    "industry": "Offentlig administration",
    "years_of_experience": 4,
    "region": "midtjylland",
    "languages": ["da"],
    "meeting_format": "virtual",
    "motivation": "Jeg vil gerne lære af en erfaren leder og blive bedre til forandring.",
    "change_situation": "reorganisation",
    "change_description": "Min afdeling bliver lagt sammen med en anden.",
    "goals": ["Lede mit team gennem sammenlægningen"],
    "benefit_wishes": dict.fromkeys(
        ["personal", "professional", "network", "knowledge_sharing", "culture", "career"], 1
    ),
    "role_wishes": dict.fromkeys(
        [
            "friend",
            "coach",
            "storyteller",
            "knowledge_sharer",
            "networker",
            "door_opener",
            "advisor",
            "critic",
            "sparring_partner",
            "sponsor",
        ],
        2,
    ),
    "commits_to_meetings": True,
    "commits_to_homework": True,
}


def test_save_creates_one_row_then_edits_it(open_programme: Programme, applicant: User) -> None:
    first = application_save(
        programme=open_programme,
        user=applicant,
        role="mentee",
        data={"organisation": "A"},
        submit=False,
        expected_version=None,
    )
    second = application_save(
        programme=open_programme,
        user=applicant,
        role="mentee",
        data={"organisation": "B"},
        submit=False,
        expected_version=first.version,
    )
    assert second.pk == first.pk
    assert Participation.objects.get().organisation == "B"
    assert second.version == first.version + 1


def test_submit_then_resubmit_keeps_the_first_submission_time(
    open_programme: Programme, applicant: User
) -> None:
    sent = application_save(
        programme=open_programme,
        user=applicant,
        role="mentee",
        data=COMPLETE_MENTEE,
        submit=True,
        expected_version=None,
    )
    first_time = sent.submitted_at
    assert sent.status == "submitted" and first_time is not None
    again = application_save(
        participation=sent,
        data={"job_title": "Teamleder"},
        submit=True,
        expected_version=sent.version,
    )
    assert again.status == "submitted"
    assert again.submitted_at == first_time
    actions = list(
        AuditEntry.objects.filter(object_id=str(sent.pk)).values_list("action", flat=True)
    )
    assert actions.count("application.submitted") == 2


def test_submit_without_required_answers_raises_and_saves_nothing(
    open_programme: Programme, applicant: User
) -> None:
    with pytest.raises(ValidationError) as error:
        application_save(
            programme=open_programme,
            user=applicant,
            role="mentee",
            data={**COMPLETE_MENTEE, "goals": [], "region": ""},
            submit=True,
            expected_version=None,
        )
    assert set(error.value.message_dict) == {"goals", "region"}
    assert not Participation.objects.exists()


def test_more_than_five_goals_is_refused_even_in_a_draft(
    open_programme: Programme, applicant: User
) -> None:
    with pytest.raises(ValidationError):
        application_save(
            programme=open_programme,
            user=applicant,
            role="mentee",
            data={"goals": [f"Mål nummer {n}" for n in range(6)]},
            submit=False,
            expected_version=None,
        )
    assert not Participation.objects.exists()


def test_capacity_outside_one_to_three_is_refused(
    open_programme: Programme, applicant: User
) -> None:
    for capacity in (0, 4):
        with pytest.raises(ValidationError):
            application_save(
                programme=open_programme,
                user=applicant,
                role="mentor",
                data={"capacity": capacity},
                submit=False,
                expected_version=None,
            )
    assert not Participation.objects.exists()


def test_only_the_applicants_answers_are_accepted(
    open_programme: Programme, applicant: User
) -> None:
    with pytest.raises(ValueError, match="status"):
        application_save(
            programme=open_programme,
            user=applicant,
            role="mentee",
            data={"status": "accepted"},
            submit=False,
            expected_version=None,
        )
    with pytest.raises(ValueError, match="capacity"):
        application_save(
            programme=open_programme,
            user=applicant,
            role="mentee",
            data={"capacity": 2},
            submit=False,
            expected_version=None,
        )


def test_window_closed_raises(programme: Programme, applicant: User) -> None:
    with pytest.raises(ApplicationWindowClosed):
        application_save(
            programme=programme,
            user=applicant,
            role="mentee",
            data={},
            submit=False,
            expected_version=None,
        )
    assert not Participation.objects.exists()


def test_stale_version_raises_and_keeps_the_stored_answers(
    open_programme: Programme, applicant: User
) -> None:
    saved = application_save(
        programme=open_programme,
        user=applicant,
        role="mentee",
        data={"organisation": "Først"},
        submit=False,
        expected_version=None,
    )
    with pytest.raises(StaleApplication):
        application_save(
            participation=saved,
            data={"organisation": "Forældet"},
            submit=False,
            expected_version=saved.version - 1,
        )
    saved.refresh_from_db()
    assert saved.organisation == "Først"


def test_decided_application_is_locked(
    open_programme: Programme, applicant: User, coordinator: User
) -> None:
    p = sent_application(open_programme, user=applicant)
    application_decide(participation=p, decision="accepted", reason="", by=coordinator)
    p.refresh_from_db()
    with pytest.raises(ApplicationLocked):
        application_save(
            participation=p, data={"organisation": "X"}, submit=True, expected_version=p.version
        )


@pytest.mark.parametrize(
    ("decision", "language", "subject_part", "body_part"),
    [
        ("accepted", "da", "Du er optaget i Mentorordning A", "Næste skridt er matchingen"),
        ("accepted", "en", "Your application to Mentoring programme A is accepted", "matching"),
        ("waitlisted", "da", "er på venteliste", "Koordinatorens begrundelse"),
        ("waitlisted", "en", "is on the waiting list", "The coordinator's reason"),
        ("declined", "da", "Om din ansøgning til Mentorordning A", "Desværre"),
        ("declined", "en", "About your application to Mentoring programme A", "Unfortunately"),
    ],
)
def test_decision_sets_status_audits_and_mails_the_applicant_in_their_language(
    decision: str,
    language: str,
    subject_part: str,
    body_part: str,
    open_programme: Programme,
    coordinator: User,
) -> None:
    open_programme.name_en = "Mentoring programme A"
    open_programme.save(update_fields=["name_en"])
    person = UserFactory(language=language, full_name="Bo Ansøger")
    p = sent_application(open_programme, user=person)
    reason = "Vi har flere mentees end mentorer i år." if decision != "accepted" else ""

    decided = application_decide(participation=p, decision=decision, reason=reason, by=coordinator)

    decided.refresh_from_db()
    assert decided.status == decision
    assert decided.decided_by == coordinator
    assert decided.decided_at is not None
    assert decided.decision_reason == reason
    entry = AuditEntry.objects.get(action="application.decided")
    assert entry.actor == coordinator
    assert entry.object_id == str(p.pk)
    assert entry.programme == open_programme
    assert entry.data["status"] == decision
    assert "mentorer" not in str(entry.data)  # never the reason's text
    mail = OutboxMessage.objects.get()
    assert mail.key == f"application-decided:{p.pk}:{decision}:{decided.version}"
    assert mail.recipient == person
    assert mail.to_email == person.email
    assert mail.language == language
    assert subject_part in mail.subject
    assert body_part in mail.body_text
    if reason:
        assert reason in mail.body_text
    assert "/me/applications/" in mail.body_text


@pytest.mark.parametrize("decision", ["declined", "waitlisted"])
def test_decline_and_waitlist_need_a_reason(
    decision: str, open_programme: Programme, coordinator: User
) -> None:
    p = sent_application(open_programme)
    with pytest.raises(ValidationError) as error:
        application_decide(participation=p, decision=decision, reason="  ", by=coordinator)
    assert "reason" in error.value.message_dict
    p.refresh_from_db()
    assert p.status == "submitted"
    assert not OutboxMessage.objects.exists()
    assert not AuditEntry.objects.filter(action="application.decided").exists()


def test_accept_needs_no_reason(open_programme: Programme, coordinator: User) -> None:
    p = sent_application(open_programme)
    application_decide(participation=p, decision="accepted", reason="", by=coordinator)
    p.refresh_from_db()
    assert p.status == "accepted"


def test_waitlisted_can_later_be_accepted_with_a_second_mail(
    open_programme: Programme, coordinator: User
) -> None:
    p = sent_application(open_programme)
    application_decide(participation=p, decision="waitlisted", reason="Fuldt", by=coordinator)
    application_decide(participation=p, decision="accepted", reason="", by=coordinator)
    p.refresh_from_db()
    assert p.status == "accepted"
    assert OutboxMessage.objects.count() == 2


def test_drafts_and_decided_applications_cannot_be_decided(
    open_programme: Programme, coordinator: User
) -> None:
    draft = ParticipationFactory(programme=open_programme)
    with pytest.raises(InvalidTransition):
        application_decide(participation=draft, decision="accepted", reason="", by=coordinator)
    declined = sent_application(open_programme)
    application_decide(participation=declined, decision="declined", reason="Nej", by=coordinator)
    with pytest.raises(InvalidTransition):
        application_decide(participation=declined, decision="accepted", reason="", by=coordinator)
    assert OutboxMessage.objects.count() == 1


def test_decision_on_a_changed_application_is_stale(
    open_programme: Programme, coordinator: User
) -> None:
    p = sent_application(open_programme)
    seen = p.version
    application_save(
        participation=p, data={"job_title": "Ny"}, submit=True, expected_version=p.version
    )
    with pytest.raises(StaleApplication):
        application_decide(
            participation=p,
            decision="accepted",
            reason="",
            by=coordinator,
            expected_version=seen,
        )
    p.refresh_from_db()
    assert p.status == "submitted"


def test_withdraw_only_by_the_applicant(open_programme: Programme, coordinator: User) -> None:
    p = sent_application(open_programme)
    with pytest.raises(PermissionError):
        application_withdraw(participation=p, by=coordinator)
    done = application_withdraw(participation=p, by=p.user)
    assert done.status == "withdrawn"
    with pytest.raises(InvalidTransition):
        application_withdraw(participation=done, by=p.user)


def test_declined_cannot_be_withdrawn(open_programme: Programme) -> None:
    p = ParticipationFactory(programme=open_programme, status="declined")
    with pytest.raises(InvalidTransition):
        application_withdraw(participation=p, by=p.user)


def test_database_refuses_a_second_row_for_the_same_role(open_programme: Programme) -> None:
    from django.db import IntegrityError, transaction

    p = ParticipationFactory(programme=open_programme)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(programme=open_programme, user=p.user, role="mentee")


def test_other_programmes_are_independent(open_programme: Programme, applicant: User) -> None:
    from tests.participants.conftest import open_window

    other = open_window(ProgrammeFactory())
    for programme in (open_programme, other):
        application_save(
            programme=programme,
            user=applicant,
            role="mentee",
            data={},
            submit=False,
            expected_version=None,
        )
    assert Participation.objects.filter(user=applicant).count() == 2
