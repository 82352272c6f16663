"""Concurrent edits of the agreement, each in its own thread and database
connection: both opened the same revision and save at the same moment. The
service locks the mentorship, so the saves run one after the other: exactly
one is stored, the other gets the conflict, nothing is silently overwritten.
Concurrent acceptances of the same revision both count."""

from __future__ import annotations

import pytest

from mentoring.relationships.enums import Side
from mentoring.relationships.models import AgreementVersion
from mentoring.relationships.services.agreement import (
    AgreementConflict,
    SavedAgreement,
    agreement_accept,
    agreement_save,
)
from tests.relationships.test_agreement_support import pair_in, values
from tests.relationships.test_capacity_race import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_saves_of_the_same_revision_one_wins_the_other_is_told(programme) -> None:
    mentorship = pair_in(programme)
    agreement_save(
        mentorship=mentorship,
        side=Side.MENTEE,
        values=values(),
        expected_number=None,
        expected_revision=None,
    )

    def save(side: Side, homework: str):
        return lambda: agreement_save(
            mentorship=mentorship,
            side=side,
            values=values(homework=homework),
            expected_number=1,
            expected_revision=1,
        )

    results = race(save(Side.MENTEE, "Mentees tekst"), save(Side.MENTOR, "Mentors tekst"))
    saved = [r for r in results if isinstance(r, SavedAgreement)]
    conflicts = [r for r in results if isinstance(r, AgreementConflict)]
    assert len(saved) == 1, results
    assert len(conflicts) == 1, results
    version = AgreementVersion.objects.get()
    assert version.revision == 2
    assert version.homework == saved[0].version.homework
    assert conflicts[0].current.homework == version.homework


def test_two_first_drafts_at_once_make_one_version(programme) -> None:
    mentorship = pair_in(programme)

    def draft(side: Side, homework: str):
        return lambda: agreement_save(
            mentorship=mentorship,
            side=side,
            values=values(homework=homework),
            expected_number=None,
            expected_revision=None,
        )

    results = race(draft(Side.MENTEE, "Mentees udkast"), draft(Side.MENTOR, "Mentors udkast"))
    assert sum(isinstance(r, SavedAgreement) for r in results) == 1, results
    assert sum(isinstance(r, AgreementConflict) for r in results) == 1, results
    assert AgreementVersion.objects.count() == 1


def test_both_accept_at_the_same_moment(programme) -> None:
    mentorship = pair_in(programme)
    agreement_save(
        mentorship=mentorship,
        side=Side.MENTEE,
        values=values(),
        expected_number=None,
        expected_revision=None,
    )

    def accept(side: Side):
        return lambda: agreement_accept(mentorship=mentorship, side=side, number=1, revision=1)

    results = race(accept(Side.MENTEE), accept(Side.MENTOR))
    assert all(isinstance(r, AgreementVersion) for r in results), results
    version = AgreementVersion.objects.get()
    assert version.mentee_accepted_at and version.mentor_accepted_at
    assert version.accepted_at is not None
