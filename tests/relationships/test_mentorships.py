"""Mentorships: proposing within the mentor's capacity, the database
constraints behind it, and each side accepting or declining."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.matching.enums import DecisionKind, DecisionOrigin
from mentoring.matching.models import PairDecision
from mentoring.matching.profiles import build_pool
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services import (
    MenteeTaken,
    MentorFull,
    MentorshipError,
    mentorship_propose,
    mentorship_respond,
)
from tests.relationships.helpers import accepted_mentee, accepted_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(programme: Programme) -> dict:
    return {
        "anna": accepted_mentee(programme, name="Anna Andersen", organisation="Aarhus Kommune"),
        "bo": accepted_mentee(
            programme, name="Bo Bech", organisation="Odense Kommune", language="en"
        ),
        "carla": accepted_mentee(programme, name="Carla Christensen", organisation="Vejle"),
        "mads": accepted_mentor(programme, name="Mads Madsen", organisation="Novo", capacity=2),
    }


def test_proposals_take_the_mentors_places_up_to_capacity(programme, people, coordinator) -> None:
    first = mentorship_propose(
        programme=programme, mentee=people["anna"], mentor=people["mads"], by=coordinator
    )
    second = mentorship_propose(
        programme=programme, mentee=people["bo"], mentor=people["mads"], by=coordinator
    )
    assert (first.mentor_slot, second.mentor_slot) == (1, 2)
    assert first.status == MentorshipStatus.PROPOSED
    with pytest.raises(MentorFull):
        mentorship_propose(
            programme=programme, mentee=people["carla"], mentor=people["mads"], by=coordinator
        )
    assert Mentorship.objects.filter(mentor=people["mads"]).count() == 2
    assert AuditEntry.objects.filter(action="mentorship.proposed").count() == 2


def test_a_mentee_has_one_active_mentorship(programme, people, coordinator) -> None:
    other = accepted_mentor(programme, name="Nina Nielsen", organisation="Vestas")
    mentorship_propose(
        programme=programme, mentee=people["anna"], mentor=people["mads"], by=coordinator
    )
    with pytest.raises(MenteeTaken):
        mentorship_propose(programme=programme, mentee=people["anna"], mentor=other, by=coordinator)


def test_only_accepted_mentee_and_mentor_of_the_programme_can_be_paired(
    programme, other_programme, people, coordinator
) -> None:
    stranger = accepted_mentor(other_programme, name="Sofie Stranger", organisation="X")
    with pytest.raises(MentorshipError):
        mentorship_propose(
            programme=programme, mentee=people["anna"], mentor=stranger, by=coordinator
        )
    people["mads"].status = "withdrawn"
    people["mads"].save(update_fields=["status"])
    with pytest.raises(MentorshipError):
        mentorship_propose(
            programme=programme, mentee=people["anna"], mentor=people["mads"], by=coordinator
        )


# --- The database holds the invariant even when the service is bypassed -------------


def _raw(programme, mentee, mentor, slot, status=MentorshipStatus.PROPOSED, **extra):
    return Mentorship.objects.create(
        programme=programme, mentee=mentee, mentor=mentor, mentor_slot=slot, status=status, **extra
    )


def test_database_refuses_two_active_mentorships_on_one_place(programme, people) -> None:
    _raw(programme, people["anna"], people["mads"], 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw(programme, people["bo"], people["mads"], 1)


def test_database_refuses_a_place_outside_1_to_3(programme, people) -> None:
    for slot in (0, 4):
        with pytest.raises(IntegrityError), transaction.atomic():
            _raw(programme, people["anna"], people["mads"], slot)


def test_database_refuses_a_second_active_mentorship_of_a_mentee(programme, people) -> None:
    other = accepted_mentor(programme, name="Nina Nielsen", organisation="Vestas")
    _raw(programme, people["anna"], people["mads"], 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw(programme, people["anna"], other, 1)


def test_a_declined_mentorship_frees_the_place_and_the_mentee(programme, people) -> None:
    _raw(
        programme,
        people["anna"],
        people["mads"],
        1,
        status=MentorshipStatus.DECLINED,
        declined_by="mentee",
        decline_reason="Vi kender hinanden i forvejen.",
    )
    _raw(programme, people["bo"], people["mads"], 1)
    other = accepted_mentor(programme, name="Nina Nielsen", organisation="Vestas")
    _raw(programme, people["anna"], other, 1)
    assert Mentorship.objects.exclude(status="declined").count() == 2


def test_database_refuses_a_decline_without_reason(programme, people) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw(programme, people["anna"], people["mads"], 1, status=MentorshipStatus.DECLINED)


def test_service_finds_the_free_place_between_taken_ones(programme, people, coordinator) -> None:
    """Places 1 and 3 taken by rows written elsewhere: the service uses 2, and
    with all three of a capacity-3 mentor taken it refuses."""
    mentor = people["mads"]
    mentor.capacity = 3
    mentor.save(update_fields=["capacity"])
    _raw(programme, people["anna"], mentor, 1)
    _raw(programme, people["bo"], mentor, 3)
    mentorship = mentorship_propose(
        programme=programme, mentee=people["carla"], mentor=mentor, by=coordinator
    )
    assert mentorship.mentor_slot == 2
    extra = accepted_mentee(programme, name="Dorte Dahl", organisation="Aalborg")
    with pytest.raises(MentorFull):
        mentorship_propose(programme=programme, mentee=extra, mentor=mentor, by=coordinator)


def test_service_respects_a_capacity_below_the_places_taken(programme, people, coordinator):
    """A mentor who lowered their capacity to 1 while holding place 2 gets no new mentee."""
    mentor = people["mads"]
    _raw(programme, people["anna"], mentor, 2)
    mentor.capacity = 1
    mentor.save(update_fields=["capacity"])
    with pytest.raises(MentorFull):
        mentorship_propose(programme=programme, mentee=people["bo"], mentor=mentor, by=coordinator)


# --- Answers ------------------------------------------------------------------------


@pytest.fixture
def proposed(programme, people, coordinator) -> Mentorship:
    return mentorship_propose(
        programme=programme, mentee=people["bo"], mentor=people["mads"], by=coordinator
    )


def test_both_accept_and_the_mentorship_is_accepted(
    proposed, people, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        after_mentee = mentorship_respond(
            mentorship=proposed, participation=people["bo"], accept=True
        )
    assert after_mentee.status == MentorshipStatus.PROPOSED
    assert after_mentee.mentee_accepted_at is not None
    # The mentor (Danish) hears that the mentee accepted.
    to_mentor = OutboxMessage.objects.get(key=f"match-accepted:{proposed.pk}:{people['mads'].pk}")
    assert to_mentor.language == "da"
    assert "Bo Bech har accepteret" in to_mentor.subject

    with django_capture_on_commit_callbacks(execute=True):
        after_both = mentorship_respond(
            mentorship=proposed, participation=people["mads"], accept=True
        )
    assert after_both.status == MentorshipStatus.ACCEPTED
    assert after_both.accepted_at is not None
    # The mentee (English) hears that both have accepted.
    to_mentee = OutboxMessage.objects.get(key=f"match-accepted:{proposed.pk}:{people['bo'].pk}")
    assert to_mentee.language == "en"
    assert "is agreed" in to_mentee.subject
    assert AuditEntry.objects.filter(action="mentorship.accepted").count() == 1
    # Accepting again changes nothing: the mentorship is no longer proposed.
    with pytest.raises(MentorshipError):
        mentorship_respond(mentorship=proposed, participation=people["bo"], accept=True)
    assert len(mail.outbox) == 0  # mail goes through the worker


def test_accepting_twice_is_harmless(proposed, people) -> None:
    first = mentorship_respond(mentorship=proposed, participation=people["bo"], accept=True)
    second = mentorship_respond(mentorship=proposed, participation=people["bo"], accept=True)
    assert first.mentee_accepted_at == second.mentee_accepted_at
    assert second.status == MentorshipStatus.PROPOSED


def test_decline_needs_a_reason_then_vetoes_the_pair_and_frees_both(
    programme, proposed, people
) -> None:
    with pytest.raises(MentorshipError):
        mentorship_respond(mentorship=proposed, participation=people["mads"], accept=False)
    declined = mentorship_respond(
        mentorship=proposed,
        participation=people["mads"],
        accept=False,
        reason="Jeg kender Bo privat.",
    )
    assert declined.status == MentorshipStatus.DECLINED
    assert declined.declined_by == "mentor"
    assert declined.decline_reason == "Jeg kender Bo privat."
    veto = PairDecision.objects.get(programme=programme, mentee=people["bo"], mentor=people["mads"])
    assert (veto.kind, veto.origin) == (DecisionKind.VETO, DecisionOrigin.DECLINED)
    # The mentee is back in the pool; the mentor's place is free again.
    pool = build_pool(programme=programme)
    assert str(people["bo"].pk) in {m.id for m in pool.mentees}
    assert (str(people["bo"].pk), str(people["mads"].pk)) in pool.vetoed
    assert {m.id: m.capacity for m in pool.mentors}[str(people["mads"].pk)] == 2
    # The other side (the mentee, English) is told, without the reason.
    message = OutboxMessage.objects.get(key=f"match-declined:{proposed.pk}:{people['bo'].pk}")
    assert "will not go ahead" in message.subject
    assert "privat" not in message.body_text
    entry = AuditEntry.objects.get(action="mentorship.declined")
    assert "privat" not in str(entry.data)


def test_a_side_may_decline_after_accepting_until_both_have(proposed, people) -> None:
    mentorship_respond(mentorship=proposed, participation=people["bo"], accept=True)
    declined = mentorship_respond(
        mentorship=proposed, participation=people["bo"], accept=False, reason="Nyt job."
    )
    assert declined.status == MentorshipStatus.DECLINED


def test_only_the_two_people_can_answer(proposed, people) -> None:
    with pytest.raises(MentorshipError):
        mentorship_respond(mentorship=proposed, participation=people["anna"], accept=True)
