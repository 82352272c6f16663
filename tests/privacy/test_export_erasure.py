from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.evaluations.models import Answer
from mentoring.matching.enums import RunStatus
from mentoring.matching.models import MatchingRun, Proposal
from mentoring.matching.services import matching_execute
from mentoring.meetings.models import Note
from mentoring.participants.models import Participation
from mentoring.privacy.models import ErasureRequest
from mentoring.privacy.services import ErasureError, erase_person, erasure_confirm, erasure_request
from mentoring.relationships.models import Mentorship
from tests.conftest import logged_in_client
from tests.factories import PASSWORD, ParticipationFactory, ProgrammeFactory, UserFactory
from tests.privacy.helpers import assert_absent, database_texts, markers, seed_pair
from tests.relationships.helpers import accepted_mentee, accepted_mentor


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _zip(client: Client) -> tuple[dict[str, object], str]:
    response = client.post(reverse("privacy:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return json.loads(archive.read("data.json")), archive.read("summary.html").decode()


def test_export_has_the_persons_data_and_nothing_of_the_other(programme, db) -> None:
    seeded = seed_pair(programme, mentee_tag="MEEX", mentor_tag="MREX")
    data, summary = _zip(logged_in_client(seeded.person))
    dumped = json.dumps(data, ensure_ascii=False)
    me = markers("MEEX")
    for key in (
        "name",
        "motivation",
        "change",
        "coordinator_note",
        "private_note",
        "shared_note",
        "answer",
        "mail",
        "agenda",
        "goal_update",
        "homework",
    ):
        assert me[key] in dumped, key
    assert me["private_note"] in summary and me["motivation"] in summary
    other = markers("MREX")
    for key in (
        "motivation",
        "change",
        "coordinator_note",
        "private_note",
        "answer",
        "mail",
        "goal_update",
    ):
        assert other[key] not in dumped, key
        assert other[key] not in summary, key
    # Secrets are never exported.
    assert "pbkdf2" not in dumped and '"token"' not in dumped
    # The export is audited, without content.
    entry = AuditEntry.objects.get(action="privacy.exported")
    assert entry.actor == seeded.person and me["private_note"] not in json.dumps(entry.data)


def test_export_of_a_user_with_no_data(user) -> None:
    data, summary = _zip(logged_in_client(user))
    assert data["person"]["email"] == "user@example.org"  # type: ignore[index]
    with translation.override("da"):  # the user's language
        assert translation.gettext("Nothing.") in summary


def test_erasure_leaves_no_marker_anywhere(programme, coordinator) -> None:
    seeded = seed_pair(programme, mentee_tag="MEER", mentor_tag="MRER")
    person = seeded.person
    email = person.email
    mentor_notes = Note.objects.filter(author=seeded.mentor.user).count()
    request = erasure_request(user=person).request
    erasure_confirm(request=request, by=coordinator)
    me = markers("MEER")
    assert_absent(database_texts(), [*me.values(), email])
    # The other person's own data stays theirs.
    other = markers("MRER")
    assert Note.objects.filter(author=seeded.mentor.user).count() == mentor_notes
    texts = [text for _label, text in database_texts()]
    assert any(other["private_note"] in t for t in texts)
    # Aggregates still work: the mentorship is counted, the numbers stay.
    assert Mentorship.objects.filter(programme=programme).count() == 1
    assert Answer.objects.filter(number=4).count() == 2
    # The person cannot log in; the erasure is logged without the data.
    person.refresh_from_db()
    assert not person.is_active and not person.has_usable_password()
    assert not Client().login(email=email, password=PASSWORD)
    entry = AuditEntry.objects.get(action="privacy.erased")
    assert entry.actor == coordinator and entry.object_repr == ""
    assert ErasureRequest.objects.get(pk=request.pk).status == "done"
    assert not OutboxMessage.objects.filter(recipient=person).exists()


def test_repeated_requests_are_idempotent(programme, mentee) -> None:
    first = erasure_request(user=mentee)
    second = erasure_request(user=mentee)
    assert first.created and not second.created
    assert first.request.pk == second.request.pk
    client = logged_in_client(mentee)
    response = client.post(reverse("privacy:erase"), {"confirm": "yes"}, follow=True)
    with translation.override("da"):  # the mentee's language
        message = translation.gettext(
            "You have already asked for erasure; a coordinator will confirm it."
        )
    assert message in response.content.decode()
    assert ErasureRequest.objects.filter(user=mentee).count() == 1


def test_a_user_without_programme_erases_themselves(user) -> None:
    client = logged_in_client(user)
    response = client.post(reverse("privacy:erase"), {"confirm": "yes"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active and user.full_name == ""
    # Signed out; a second erasure of the erased account is refused clearly.
    assert client.get(reverse("privacy:home")).status_code == 302
    with pytest.raises(ErasureError):
        erasure_request(user=user)


def test_a_mentee_in_a_running_programme_cannot_confirm_themselves(programme, mentee) -> None:
    request = erasure_request(user=mentee).request
    with pytest.raises(ErasureError):
        erasure_confirm(request=request, by=mentee)
    mentee.refresh_from_db()
    assert mentee.is_active


def test_last_coordinator_of_a_running_programme_is_refused(programme, coordinator) -> None:
    with pytest.raises(ErasureError, match="only coordinator"):
        erasure_request(user=coordinator)
    with pytest.raises(ErasureError):
        erase_person(user=coordinator, by=coordinator)
    coordinator.refresh_from_db()
    assert coordinator.is_active
    # A second coordinator makes it possible.
    programme.coordinators.add(UserFactory())
    erase_person(user=coordinator, by=coordinator)
    assert not programme.coordinators.filter(pk=coordinator.pk).exists()


def test_other_coordinator_cannot_confirm(programme, mentee, other_coordinator) -> None:
    request = erasure_request(user=mentee).request
    client = logged_in_client(other_coordinator)
    url = reverse("privacy:erasure_confirm", args=[request.pk])
    assert client.post(url).status_code == 404
    mentee.refresh_from_db()
    assert mentee.is_active


def test_erasure_during_an_open_matching_run(programme, coordinator) -> None:
    mentees = [accepted_mentee(programme, name=f"Mentee{i} Hansen") for i in range(2)]
    accepted_mentor(programme, name="Eva Mentor", organisation="Novo")
    accepted_mentor(programme, name="Ib Mentor", organisation="Lego")
    run = MatchingRun.objects.create(programme=programme, number=1, weights={})
    gone = mentees[0]
    erase_person(user=gone.user, by=coordinator)
    gone.refresh_from_db()
    assert gone.status == "withdrawn"
    matching_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert not Proposal.objects.filter(run=run, mentee=gone).exists()
    assert not run.unmatched.filter(mentee=gone).exists()
    assert Proposal.objects.filter(run=run, mentee=mentees[1]).exists()


def test_erasure_removes_the_person_from_a_finished_unpublished_run(programme, coordinator) -> None:
    mentee = accepted_mentee(programme, name="Mentee Et")
    accepted_mentor(programme, name="Eva Mentor", organisation="Novo")
    run = MatchingRun.objects.create(programme=programme, number=1, weights={})
    matching_execute(run_id=run.pk)
    assert Proposal.objects.filter(run=run, mentee=mentee).exists()
    erase_person(user=mentee.user, by=coordinator)
    assert not Proposal.objects.filter(run=run, mentee=mentee).exists()


def test_coordinator_page_lists_and_confirms(
    programme, other_programme, coordinator, mentee
) -> None:
    # The mentee also applied to programme B, which this coordinator does not
    # coordinate: the list names only the coordinator's own programme.
    ParticipationFactory(programme=other_programme, user=mentee, role="mentee")
    request = erasure_request(user=mentee).request
    client = logged_in_client(coordinator)
    page = client.get(reverse("privacy:erasure_requests")).content.decode()
    assert "Mette Mentee" in page and mentee.email in page
    assert programme.name_da in page and other_programme.name_da not in page
    response = client.post(reverse("privacy:erasure_confirm", args=[request.pk]))
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert not mentee.is_active
    assert Participation.objects.get(user=mentee, programme=programme).status == "withdrawn"


def test_consent_is_off_by_default_and_revocable(programme, mentee) -> None:
    participation = Participation.objects.get(user=mentee)
    assert participation.consent_contact_after is False
    client = logged_in_client(mentee)
    url = reverse("privacy:consent", args=[participation.pk])
    client.post(url, {"contact_after": "yes"})
    participation.refresh_from_db()
    assert participation.consent_contact_after
    client.post(url, {"contact_after": "no"})
    participation.refresh_from_db()
    assert not participation.consent_contact_after
    # Someone else's participation: 404.
    other = logged_in_client(UserFactory())
    assert other.post(url, {"contact_after": "yes"}).status_code == 404


def test_retention_warns_then_anonymises(coordinator) -> None:
    programme = ProgrammeFactory(
        starts_on=date(2025, 1, 1), ends_on=date(2025, 9, 1), coordinators=[coordinator]
    )
    seeded = seed_pair(programme, mentee_tag="MERT", mentor_tag="MRRT")
    later = ProgrammeFactory(starts_on=date(2026, 1, 1), ends_on=None)
    Participation.objects.create(
        programme=later, user=seeded.mentor.user, role="mentor", status="accepted", capacity=1
    )
    from mentoring.privacy.services import retention_run

    tz = timezone.get_current_timezone()
    before = timezone.datetime(2026, 7, 1, tzinfo=tz)
    assert retention_run(now=before) == 0
    warn = timezone.datetime(2026, 8, 10, tzinfo=tz)
    assert retention_run(now=warn) == 1
    assert retention_run(now=warn + timedelta(days=1)) == 0  # warned once
    assert (
        OutboxMessage.objects.filter(
            recipient=coordinator, key__startswith="privacy-retention-warning"
        ).count()
        == 1
    )
    seeded.mentee.refresh_from_db()
    assert seeded.mentee.motivation  # not yet
    retention_run(now=timezone.datetime(2026, 9, 2, tzinfo=tz))
    seeded.mentee.refresh_from_db()
    seeded.mentor.refresh_from_db()
    me = markers("MERT")
    assert_absent(
        [(label, text) for label, text in database_texts() if label != "accounts.User"],
        [
            me[k]
            for k in (
                "motivation",
                "change",
                "private_note",
                "answer",
                "agenda",
                "goal_update",
                "homework",
                "coordinator_note",
            )
        ],
    )
    # The mentor is in a later programme: their application stays.
    assert seeded.mentor.motivation == markers("MRRT")["motivation"]
    assert Mentorship.objects.filter(programme=programme).count() == 1
    assert Answer.objects.filter(number=4).count() == 2


def test_erasure_of_a_renamed_person_leaves_no_earlier_name(programme, coordinator) -> None:
    """The audit log keeps each object's label as it was: a person who renamed
    themselves has their earlier name in older rows, which erasure rewrites
    whatever their text."""
    from mentoring.accounts.services import user_update_profile
    from mentoring.common.audit import log_action
    from mentoring.common.mail import mail_store

    seeded = seed_pair(programme, mentee_tag="MERN", mentor_tag="MRRN")
    person = seeded.person
    earlier = person.full_name
    logged_in_client(person)  # a login under the earlier name (audited with its label)
    log_action(actor=coordinator, action="test.viewed", obj=seeded.mentee, programme=programme)
    log_action(actor=coordinator, action="test.pair", obj=seeded.mentorship, programme=programme)
    mail_store(
        key="test-earlier-name",
        to_email=seeded.mentor.user.email,
        recipient=seeded.mentor.user,
        subject="Din mentee",
        body_text=f"Din mentee hedder {earlier}.",
        language="da",
    )
    user_update_profile(user=person, full_name="Bodil Nytnavn", language=person.language)
    erasure_confirm(request=erasure_request(user=person).request, by=coordinator)

    old = markers("MERN")["name"]
    assert_absent(database_texts(), [old, "Nytnavn"])
    client = logged_in_client(coordinator)
    log_page = client.get(reverse("programmes:audit_log", args=[programme.slug]))
    assert log_page.status_code == 200 and old not in log_page.content.decode()
    data, summary = _zip(client)
    assert old not in json.dumps(data, ensure_ascii=False) and old not in summary
    # The rows are still there and still point to the objects.
    viewed = AuditEntry.objects.get(action="test.viewed")
    assert viewed.object_id == str(seeded.mentee.pk) and viewed.object_repr == "[…]"
    # The other person's mail keeps its text without the earlier name.
    assert "Din mentee hedder" in OutboxMessage.objects.get(key="test-earlier-name").body_text


def test_a_failed_login_with_an_erased_address_stores_no_address(user) -> None:
    email = user.email
    erase_person(user=user, by=user)
    for _attempt in range(2):
        response = Client().post(reverse("account_login"), {"login": email, "password": "x"})
        assert response.status_code == 200
    assert_absent(database_texts(), [email])
    failed = list(AuditEntry.objects.filter(action="account.login_failed"))
    assert len(failed) == 2
    # A keyed hash still shows repeated guesses at one address, in any case.
    Client().post(reverse("account_login"), {"login": email.upper(), "password": "x"})
    digests = {
        entry.data["identifier_hash"]
        for entry in AuditEntry.objects.filter(action="account.login_failed")
    }
    assert len(digests) == 1 and email not in digests.pop()


def test_failed_login_rows_written_before_the_hash_lose_their_address(db) -> None:
    from mentoring.common.audit import hash_login_identifiers, identifier_digest

    old = AuditEntry.objects.create(
        action="account.login_failed", data={"identifier": "Gone@Example.org", "ip": "192.0.2.9"}
    )
    assert hash_login_identifiers(AuditEntry) == 1
    old.refresh_from_db()
    assert old.data == {"identifier_hash": identifier_digest("gone@example.org"), "ip": "192.0.2.9"}
    assert_absent(database_texts(), ["Gone@Example.org", "gone@example.org"])
    assert hash_login_identifiers(AuditEntry) == 0  # runs twice without harm
