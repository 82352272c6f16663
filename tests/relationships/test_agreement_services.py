"""Saving and accepting the collaboration agreement: versions, revisions,
conflicts, frozen versions, e-mails and the audit log."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.services.agreement import (
    AgreementClosed,
    AgreementConflict,
    AgreementStale,
    agreement_accept,
    agreement_save,
)
from tests.relationships.test_agreement_support import pair_in, values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages in English (the pair's e-mails follow each person's language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def mentorship(programme) -> Mentorship:
    """A pair who both read English."""
    return pair_in(programme, mentee_kwargs={"language": "en"}, mentor_kwargs={"language": "en"})


def save(mentorship, side=Side.MENTEE, number=None, revision=None, **changes):
    return agreement_save(
        mentorship=mentorship,
        side=side,
        values=values(**changes),
        expected_number=number,
        expected_revision=revision,
    )


def accept_both(mentorship, version):
    agreement_accept(
        mentorship=mentorship, side=Side.MENTEE, number=version.number, revision=version.revision
    )
    return agreement_accept(
        mentorship=mentorship, side=Side.MENTOR, number=version.number, revision=version.revision
    )


def agreement_mails(kind: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(key__startswith=f"{kind}:").order_by("pk"))


def test_either_side_starts_the_draft_as_version_1(mentorship) -> None:
    saved = save(mentorship, side=Side.MENTOR, homework="Hjemmeopgaver hver gang.")
    version = saved.version
    assert (saved.created, saved.changed) == (True, True)
    assert (version.number, version.revision) == (1, 1)
    assert version.homework == "Hjemmeopgaver hver gang."
    assert version.goals == ["Lede forandring efter fusionen"]
    assert version.updated_by == mentorship.mentor.user
    assert version.mentee_accepted_at is None and version.accepted_at is None


def test_a_new_draft_mails_the_other_side_in_their_language(programme) -> None:
    mentorship = pair_in(programme, mentor_kwargs={"language": "en"})
    version = save(mentorship, side=Side.MENTEE).version
    mail = agreement_mails("agreement-changed").pop()
    assert mail.recipient == mentorship.mentor.user
    assert mail.language == "en"
    assert "Søren Ærø has drafted your collaboration agreement" in mail.subject
    assert f"/me/mentorships/{mentorship.pk}/agreement/" in mail.body_text
    # The mentee edits; the mentor is told again, once per change.
    save(mentorship, side=Side.MENTEE, number=1, revision=1, meetings_planned=7)
    mails = agreement_mails("agreement-changed")
    assert len(mails) == 2
    assert "has changed version 1 of your collaboration agreement" in mails[1].body_text
    # A Danish reader gets Danish.
    save(mentorship, side=Side.MENTOR, number=1, revision=2, meetings_planned=8)
    danish_mail = agreement_mails("agreement-changed")[-1]
    assert danish_mail.recipient == mentorship.mentee.user
    assert "Åse Østergård har ændret jeres samarbejdsaftale" in danish_mail.subject
    assert version.pk == AgreementVersion.objects.get().pk


def test_saving_is_audited_without_any_text(mentorship) -> None:
    save(mentorship, confidentiality="Hemmeligt: fusionen i Aabenraa")
    entry = AuditEntry.objects.get(action="agreement.saved")
    assert entry.actor == mentorship.mentee.user
    assert entry.data == {"number": 1, "revision": 1, "side": "mentee"}
    assert "Aabenraa" not in str(entry.data) + entry.object_repr


def test_editing_the_working_version_raises_its_revision_and_clears_acceptances(
    mentorship,
) -> None:
    version = save(mentorship).version
    agreement_accept(mentorship=mentorship, side=Side.MENTEE, number=1, revision=1)
    saved = save(mentorship, side=Side.MENTOR, number=1, revision=1, meetings_planned=7)
    version.refresh_from_db()
    assert (saved.created, saved.changed) == (False, True)
    assert (version.number, version.revision, version.meetings_planned) == (1, 2, 7)
    assert version.mentee_accepted_at is None
    assert AgreementVersion.objects.count() == 1


def test_saving_the_same_values_changes_nothing(mentorship) -> None:
    version = save(mentorship).version
    agreement_accept(mentorship=mentorship, side=Side.MENTEE, number=1, revision=1)
    saved = save(mentorship, side=Side.MENTOR, number=1, revision=1)
    version.refresh_from_db()
    assert saved.changed is False
    assert version.revision == 1
    assert version.mentee_accepted_at is not None  # kept: the text is the same
    assert AuditEntry.objects.filter(action="agreement.saved").count() == 1


def test_a_stale_revision_is_a_conflict_and_nothing_is_overwritten(mentorship) -> None:
    save(mentorship)
    # Both opened revision 1. The mentor saves first ...
    save(mentorship, side=Side.MENTOR, number=1, revision=1, homework="Mentors tekst")
    # ... then the mentee, still at revision 1.
    with pytest.raises(AgreementConflict) as raised:
        save(mentorship, side=Side.MENTEE, number=1, revision=1, homework="Mentees tekst")
    version = AgreementVersion.objects.get()
    assert (version.revision, version.homework) == (2, "Mentors tekst")
    assert raised.value.current == version
    assert "changed the agreement while you were editing" in raised.value.message
    # A draft written while the other created version 1 is a conflict too.
    with pytest.raises(AgreementConflict):
        save(mentorship, side=Side.MENTEE, homework="Mentees eget udkast")
    assert AgreementVersion.objects.get().homework == "Mentors tekst"


def test_both_accepting_agrees_the_version_mails_both_and_audits(mentorship) -> None:
    version = save(mentorship).version
    first = agreement_accept(mentorship=mentorship, side=Side.MENTOR, number=1, revision=1)
    assert first.mentor_accepted_at is not None and first.accepted_at is None
    told = agreement_mails("agreement-accepted")
    assert [mail.recipient for mail in told] == [mentorship.mentee.user]
    assert "Åse Østergård has accepted your collaboration agreement" in told[0].subject
    assert "Please read it and accept it too" in told[0].body_text
    agreed = agreement_accept(mentorship=mentorship, side=Side.MENTEE, number=1, revision=1)
    assert agreed.accepted_at is not None
    assert agreed.accepted_at == agreed.mentee_accepted_at
    agreed_mails = agreement_mails("agreement-agreed")
    assert {mail.recipient for mail in agreed_mails} == {
        mentorship.mentee.user,
        mentorship.mentor.user,
    }
    assert all("is accepted by both" in mail.subject for mail in agreed_mails)
    assert all("download it as a PDF" in mail.body_text for mail in agreed_mails)
    entries = AuditEntry.objects.filter(action="agreement.accepted").order_by("pk")
    assert [entry.data for entry in entries] == [
        {"number": 1, "revision": 1, "side": "mentor", "both": False},
        {"number": 1, "revision": 1, "side": "mentee", "both": True},
    ]
    assert version.pk == agreed.pk


def test_accepting_twice_is_harmless(mentorship) -> None:
    save(mentorship)
    first = agreement_accept(mentorship=mentorship, side=Side.MENTEE, number=1, revision=1)
    again = agreement_accept(mentorship=mentorship, side=Side.MENTEE, number=1, revision=1)
    assert again.mentee_accepted_at == first.mentee_accepted_at
    assert AuditEntry.objects.filter(action="agreement.accepted").count() == 1
    assert len(agreement_mails("agreement-accepted")) == 1


def test_accepting_a_revision_that_has_changed_records_nothing(mentorship) -> None:
    save(mentorship)
    save(mentorship, side=Side.MENTOR, number=1, revision=1, meetings_planned=7)
    with pytest.raises(AgreementStale) as raised:
        agreement_accept(mentorship=mentorship, side=Side.MENTEE, number=1, revision=1)
    assert "changed since you read it" in raised.value.message
    version = AgreementVersion.objects.get()
    assert version.mentee_accepted_at is None
    assert not AuditEntry.objects.filter(action="agreement.accepted").exists()


def test_a_change_after_both_accepted_creates_the_next_version(mentorship) -> None:
    first = save(mentorship).version
    accept_both(mentorship, first)
    saved = save(mentorship, side=Side.MENTOR, number=1, revision=1, meetings_planned=8)
    assert saved.created is True
    second = saved.version
    assert (second.number, second.revision, second.meetings_planned) == (2, 1, 8)
    assert second.accepted_at is None and second.mentee_accepted_at is None
    # The accepted version is frozen: unchanged, still accepted.
    first.refresh_from_db()
    assert (first.revision, first.meetings_planned) == (1, 6)
    assert first.accepted_at is not None
    mail = agreement_mails("agreement-changed")[-1]
    assert "proposed a change to your collaboration agreement: version 2" in mail.body_text
    # Accepting the old version now is refused: it is no longer the current one.
    with pytest.raises(AgreementStale):
        agreement_accept(mentorship=mentorship, side=Side.MENTEE, number=1, revision=1)


def test_an_accepted_version_cannot_be_edited_directly(mentorship) -> None:
    """A form opened at an earlier version cannot reach it: only the newest
    version is ever changed, and a frozen newest one only through n+1."""
    first = save(mentorship).version
    accept_both(mentorship, first)
    second = save(mentorship, number=1, revision=1, meetings_planned=8).version
    with pytest.raises(AgreementConflict):
        save(mentorship, number=1, revision=1, meetings_planned=9)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.meetings_planned, second.meetings_planned) == (6, 8)


def test_rule_breaking_values_are_refused(mentorship) -> None:
    with pytest.raises(ValidationError) as raised:
        save(mentorship, ends_on=date(2030, 1, 15))
    assert "ends_on" in raised.value.message_dict
    with pytest.raises(ValidationError):
        save(mentorship, meetings_planned=0)
    assert not AgreementVersion.objects.exists()


def test_nothing_changes_after_the_mentorship_ended_early(mentorship) -> None:
    save(mentorship)
    Mentorship.objects.filter(pk=mentorship.pk).update(status=MentorshipStatus.ENDED_EARLY)
    with pytest.raises(AgreementClosed) as raised:
        save(mentorship, number=1, revision=1, meetings_planned=9)
    assert "has ended" in raised.value.message
    with pytest.raises(AgreementClosed):
        agreement_accept(mentorship=mentorship, side=Side.MENTEE, number=1, revision=1)
    version = AgreementVersion.objects.get()
    assert (version.meetings_planned, version.mentee_accepted_at) == (6, None)
