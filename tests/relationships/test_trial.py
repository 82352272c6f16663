"""The first meeting and the trial gate after it (issue 5, point 7): marking
the first meeting held, each side's answer, passing the gate or ending early
without blame (the pair vetoed, the mentee back in the matching pool, the
coordinators told), and the reminder a week after the first meeting.

Pages are asked for by people whose language is English where a test reads
new texts (their Danish catalogue entries are added by the integrator); the
language of an e-mail is checked by the programme name in it, which is
stored per language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.common.tasks import periodic_tick
from mentoring.matching.enums import DecisionKind, DecisionOrigin
from mentoring.matching.models import PairDecision, Proposal
from mentoring.matching.services import MatchingError, matching_run, pair_pin
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, Side, TrialAnswer
from mentoring.relationships.models import Mentorship, TrialResponse
from mentoring.relationships.services import MentorFull, mentorship_propose
from mentoring.relationships.services.trial import (
    TrialError,
    first_meeting_mark_held,
    trial_answer,
)
from mentoring.relationships.tasks import trial_reminders_due
from tests.conftest import logged_in_client
from tests.factories import UserFactory
from tests.relationships.helpers import (
    accepted_mentee,
    accepted_mentor,
    accepted_pair,
    small_programme,
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Services raise their messages in the active language; these tests
    read them in English (the Danish catalogue has its own check)."""
    with override("en"):
        yield


pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.get_default_timezone())


def accept_on(mentorship: Mentorship, day: date) -> Mentorship:
    """Date the pair's acceptance back to ``day`` (the services stamp "now")."""
    at = datetime.combine(day, NOON.timetz())
    Mentorship.objects.filter(pk=mentorship.pk).update(
        accepted_at=at, mentee_accepted_at=at, mentor_accepted_at=at
    )
    mentorship.refresh_from_db()
    return mentorship


@pytest.fixture
def pair(programme: Programme) -> Mentorship:
    """Anna (mentee, Danish) and Mads (mentor, English), accepted ten days
    before TODAY."""
    mentee = accepted_mentee(programme, name="Anna Andersen", language="da")
    mentor = accepted_mentor(
        programme, name="Mads Madsen", organisation="Novo Nordisk", language="en"
    )
    mentorship = accepted_pair(programme, mentee=mentee, mentor=mentor)
    return accept_on(mentorship, TODAY - timedelta(days=10))


def held(pair: Mentorship, day: date | None = None) -> Mentorship:
    return first_meeting_mark_held(
        mentorship=pair,
        by=pair.mentee.user,
        held_on=day or TODAY - timedelta(days=2),
        now=NOON,
    )


def held_today(pair: Mentorship) -> Mentorship:
    return first_meeting_mark_held(
        mentorship=pair, by=pair.mentor.user, held_on=timezone.localdate()
    )


def answer(pair: Mentorship, side: Side, value: str, **kwargs: Any) -> Mentorship:
    person = pair.mentee if side == Side.MENTEE else pair.mentor
    return trial_answer(mentorship=pair, by=person.user, answer=value, now=NOON, **kwargs)


def mail(key: str) -> OutboxMessage:
    return OutboxMessage.objects.get(key=key)


# --- 1. Marking the first meeting held -----------------------------------------


def test_either_side_marks_the_first_meeting_and_both_are_asked_in_their_language(
    pair: Mentorship, programme: Programme
) -> None:
    day = TODAY - timedelta(days=2)
    first_meeting_mark_held(mentorship=pair, by=pair.mentor.user, held_on=day, now=NOON)

    pair.refresh_from_db()
    assert pair.first_meeting_held_on == day
    to_mentee = mail(f"first-meeting-held:{pair.pk}:{pair.mentee.pk}")
    to_mentor = mail(f"first-meeting-held:{pair.pk}:{pair.mentor.pk}")
    assert (to_mentee.to_email, to_mentee.language) == (pair.mentee.user.email, "da")
    assert (to_mentor.to_email, to_mentor.language) == (pair.mentor.user.email, "en")
    assert programme.name_da in to_mentee.subject
    assert programme.name_en in to_mentor.subject
    trial_url = reverse("relationships:trial", args=[pair.pk])
    for message in (to_mentee, to_mentor):
        assert trial_url in message.body_text
    assert "You have marked your first meeting with Anna Andersen as held" in to_mentor.body_text
    assert "without blame" in to_mentor.body_text
    assert "good fit" in to_mentor.body_text and "still deciding" in to_mentor.body_text
    entry = AuditEntry.objects.get(action="mentorship.first_meeting_held")
    assert entry.data == {"held_on": day.isoformat(), "side": "mentor", "corrected": False}
    assert entry.actor == pair.mentor.user


def test_the_meetings_feature_can_mark_the_first_meeting_on_the_pairs_behalf(
    pair: Mentorship,
) -> None:
    """``by=None``: a later feature (meetings marked held) sets the field."""
    day = TODAY - timedelta(days=1)
    first_meeting_mark_held(mentorship=pair, by=None, held_on=day, now=NOON)

    pair.refresh_from_db()
    assert pair.first_meeting_held_on == day
    to_mentor = mail(f"first-meeting-held:{pair.pk}:{pair.mentor.pk}")
    assert "Your first meeting with Anna Andersen is marked as held" in to_mentor.body_text
    entry = AuditEntry.objects.get(action="mentorship.first_meeting_held")
    assert entry.actor is None and entry.data["side"] is None


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (TODAY + timedelta(days=1), "cannot be in the future"),
        (TODAY - timedelta(days=11), "cannot be before you both accepted"),
    ],
)
def test_the_first_meeting_is_neither_in_the_future_nor_before_the_acceptance(
    pair: Mentorship, day: date, message: str
) -> None:
    with pytest.raises(TrialError, match=message):
        first_meeting_mark_held(mentorship=pair, by=pair.mentee.user, held_on=day, now=NOON)
    pair.refresh_from_db()
    assert pair.first_meeting_held_on is None
    assert not OutboxMessage.objects.filter(key__startswith="first-meeting-held:").exists()
    # The day of the acceptance itself and today are fine.
    held(pair, TODAY - timedelta(days=10))
    first_meeting_mark_held(mentorship=pair, by=pair.mentee.user, held_on=TODAY, now=NOON)


def test_only_the_two_of_an_accepted_pair_mark_the_first_meeting(
    programme: Programme, pair: Mentorship, coordinator: Any
) -> None:
    with pytest.raises(TrialError, match="Only the mentee and the mentor"):
        first_meeting_mark_held(mentorship=pair, by=coordinator, held_on=TODAY, now=NOON)
    proposed = mentorship_propose(
        programme=programme,
        mentee=accepted_mentee(programme, name="Bo Bech"),
        mentor=accepted_mentor(programme, name="Nina Nielsen", organisation="Vestas"),
        by=coordinator,
    )
    with pytest.raises(TrialError, match="once you have both accepted"):
        first_meeting_mark_held(
            mentorship=proposed, by=proposed.mentee.user, held_on=TODAY, now=NOON
        )
    assert Mentorship.objects.filter(first_meeting_held_on__isnull=False).count() == 0


def test_the_date_can_be_corrected_until_the_trial_is_decided(pair: Mentorship) -> None:
    held(pair, TODAY - timedelta(days=3))
    first_meeting_mark_held(
        mentorship=pair, by=pair.mentor.user, held_on=TODAY - timedelta(days=4), now=NOON
    )

    pair.refresh_from_db()
    assert pair.first_meeting_held_on == TODAY - timedelta(days=4)
    # Still one question per person: a correction sends no new e-mail.
    assert OutboxMessage.objects.filter(key__startswith="first-meeting-held:").count() == 2
    corrections = AuditEntry.objects.filter(
        action="mentorship.first_meeting_held", data__corrected=True
    )
    assert corrections.count() == 1
    # The same date again changes nothing.
    first_meeting_mark_held(
        mentorship=pair, by=pair.mentor.user, held_on=TODAY - timedelta(days=4), now=NOON
    )
    assert AuditEntry.objects.filter(action="mentorship.first_meeting_held").count() == 2

    answer(pair, Side.MENTEE, TrialAnswer.GOOD_FIT)
    answer(pair, Side.MENTOR, TrialAnswer.GOOD_FIT)
    with pytest.raises(TrialError, match="answers are final"):
        held(pair, TODAY - timedelta(days=1))
    pair.refresh_from_db()
    assert pair.first_meeting_held_on == TODAY - timedelta(days=4)


# --- 2. The trial gate ----------------------------------------------------------------


def test_answering_before_the_first_meeting_or_before_both_accepted_is_a_clear_error(
    programme: Programme, pair: Mentorship, coordinator: Any
) -> None:
    with pytest.raises(TrialError, match="once your first meeting is marked as held"):
        answer(pair, Side.MENTEE, TrialAnswer.GOOD_FIT)
    proposed = mentorship_propose(
        programme=programme,
        mentee=accepted_mentee(programme, name="Bo Bech"),
        mentor=accepted_mentor(programme, name="Nina Nielsen", organisation="Vestas"),
        by=coordinator,
    )
    with pytest.raises(TrialError, match="once you have both accepted"):
        answer(proposed, Side.MENTOR, TrialAnswer.NOT_A_FIT)
    held(pair)
    with pytest.raises(TrialError, match="Only the mentee and the mentor"):
        trial_answer(mentorship=pair, by=coordinator, answer=TrialAnswer.GOOD_FIT)
    with pytest.raises(TrialError, match="choose one of the answers"):
        answer(pair, Side.MENTEE, "maybe")
    assert not TrialResponse.objects.exists()
    assert Mentorship.objects.get(pk=proposed.pk).status == MentorshipStatus.PROPOSED


def test_still_deciding_changes_later_and_two_good_fits_pass_the_gate(
    pair: Mentorship, programme: Programme
) -> None:
    held(pair)
    answer(pair, Side.MENTEE, TrialAnswer.UNDECIDED)
    answer(pair, Side.MENTOR, TrialAnswer.GOOD_FIT)
    pair.refresh_from_db()
    assert pair.trial_passed_at is None

    answer(pair, Side.MENTEE, TrialAnswer.GOOD_FIT)

    pair.refresh_from_db()
    assert pair.trial_passed_at == NOON
    assert pair.status == MentorshipStatus.ACCEPTED
    assert dict(TrialResponse.objects.values_list("side", "answer")) == {
        "mentee": "good_fit",
        "mentor": "good_fit",
    }
    assert [e.data for e in AuditEntry.objects.filter(action="trial.answered").order_by("pk")] == [
        {"side": "mentee", "answer": "undecided"},
        {"side": "mentor", "answer": "good_fit"},
        {"side": "mentee", "answer": "good_fit"},
    ]
    assert AuditEntry.objects.filter(action="trial.passed").count() == 1
    to_mentor = mail(f"trial-passed:{pair.pk}:{pair.mentor.pk}")
    to_mentee = mail(f"trial-passed:{pair.pk}:{pair.mentee.pk}")
    assert programme.name_en in to_mentor.subject and programme.name_da in to_mentee.subject
    assert "You and Anna Andersen have both answered" in to_mentor.body_text
    assert reverse("relationships:pair", args=[pair.pk]) in to_mentor.body_text


def test_answers_are_final_once_the_gate_is_decided(pair: Mentorship) -> None:
    held(pair)
    answer(pair, Side.MENTEE, TrialAnswer.GOOD_FIT)
    answer(pair, Side.MENTOR, TrialAnswer.GOOD_FIT)

    with pytest.raises(TrialError, match="answers are final"):
        answer(pair, Side.MENTOR, TrialAnswer.NOT_A_FIT)

    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.ACCEPTED
    assert TrialResponse.objects.get(side="mentor").answer == TrialAnswer.GOOD_FIT


def test_not_a_good_fit_ends_the_mentorship_early_without_blame(
    pair: Mentorship, programme: Programme, coordinator: Any
) -> None:
    english_coordinator = UserFactory(
        email="second.coordinator@example.org", full_name="Eve English", language="en"
    )
    programme.coordinators.add(english_coordinator)
    held(pair)
    answer(pair, Side.MENTOR, TrialAnswer.GOOD_FIT)

    answer(
        pair,
        Side.MENTEE,
        TrialAnswer.NOT_A_FIT,
        comment="Vi har for forskellige forventninger til møderne.",
    )

    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.ENDED_EARLY
    assert (pair.ended_at, pair.ended_by) == (NOON, Side.MENTEE)
    assert pair.trial_passed_at is None
    decision = PairDecision.objects.get(mentee=pair.mentee, mentor=pair.mentor)
    assert (decision.kind, decision.origin) == (DecisionKind.VETO, DecisionOrigin.ENDED_AT_TRIAL)
    # A coordinator cannot silently pin the pair over that veto.
    with pytest.raises(MatchingError, match="ended their mentorship"):
        pair_pin(programme=programme, mentee=pair.mentee, mentor=pair.mentor, by=None)
    # The other person is told kindly, without the comment and without a reason.
    to_mentor = mail(f"trial-ended:{pair.pk}:{pair.mentor.pk}")
    assert to_mentor.language == "en" and programme.name_en in to_mentor.subject
    assert "Anna Andersen has chosen to end your mentorship" in to_mentor.body_text
    assert "it says nothing about you" in to_mentor.body_text
    assert "Your place is free again" in to_mentor.body_text
    assert "forventninger" not in to_mentor.body_text
    assert not OutboxMessage.objects.filter(key=f"trial-ended:{pair.pk}:{pair.mentee.pk}")
    # Each coordinator is told in their language, with the private comment.
    to_coordinators = {
        m.recipient: m for m in OutboxMessage.objects.filter(key__startswith="trial-ended-coord")
    }
    assert set(to_coordinators) == {coordinator, english_coordinator}
    assert programme.name_da in to_coordinators[coordinator].subject
    english = to_coordinators[english_coordinator]
    assert english.language == "en" and programme.name_en in english.subject
    assert "Anna Andersen answered that it is not a good fit" in english.body_text
    assert "Vi har for forskellige forventninger til møderne." in english.body_text
    assert reverse("matching:home", args=[programme.slug]) in english.body_text
    # The audit log records the facts, never the comment.
    ended = AuditEntry.objects.get(action="mentorship.ended_early")
    assert ended.data == {"side": "mentee"}
    assert AuditEntry.objects.filter(action="trial.answered", data__answer="not_a_fit").exists()
    vetoed = AuditEntry.objects.get(action="matching.pair_vetoed")
    assert vetoed.data["origin"] == "trial"
    assert not AuditEntry.objects.filter(data__icontains="forventninger").exists()
    # Ended is final.
    with pytest.raises(TrialError, match="has ended"):
        answer(pair, Side.MENTOR, TrialAnswer.GOOD_FIT)


def test_ending_frees_the_mentors_place_and_the_mentee(
    pair: Mentorship, programme: Programme, coordinator: Any
) -> None:
    # Mads takes one mentee: while the pair is active, nobody else gets him.
    bo = accepted_mentee(programme, name="Bo Bech", organisation="Odense Kommune")
    with pytest.raises(MentorFull):
        mentorship_propose(programme=programme, mentee=bo, mentor=pair.mentor, by=coordinator)
    held(pair)
    answer(pair, Side.MENTOR, TrialAnswer.NOT_A_FIT)

    again = mentorship_propose(programme=programme, mentee=bo, mentor=pair.mentor, by=coordinator)
    assert again.mentor_slot == pair.mentor_slot
    nina = accepted_mentor(programme, name="Nina Nielsen", organisation="Vestas")
    new = mentorship_propose(programme=programme, mentee=pair.mentee, mentor=nina, by=coordinator)
    assert new.status == MentorshipStatus.PROPOSED
    to_mentee = mail(f"trial-ended:{pair.pk}:{pair.mentee.pk}")
    assert "Du er tilbage i puljen" in to_mentee.body_text  # an existing Danish text


def test_a_new_matching_run_pairs_the_mentee_again_but_never_with_the_same_mentor(
    programme: Programme, coordinator: Any
) -> None:
    people = small_programme(programme)
    # Anna's best mentor is Mads; they were paired and ended at the trial gate.
    mentorship = accept_on(
        accepted_pair(programme, mentee=people["anna"], mentor=people["mads"]),
        TODAY - timedelta(days=10),
    )
    held(mentorship)
    answer(mentorship, Side.MENTEE, TrialAnswer.NOT_A_FIT)

    run = matching_run(programme=programme, by=coordinator)

    assert run.status == "done"
    proposals = {p.mentee_id: p.mentor_id for p in Proposal.objects.filter(run=run)}
    # Everyone is matched: Anna is in the pool again and Mads has his place back ...
    assert set(proposals) == {people["anna"].pk, people["bo"].pk, people["carla"].pk}
    assert people["mads"].pk in proposals.values()
    # ... but Anna never gets Mads again.
    assert proposals[people["anna"].pk] != people["mads"].pk

    # With Mads as the only mentor left, Anna stays unmatched rather than get him.
    for name in ("nina", "ole"):
        people[name].status = "withdrawn"
        people[name].save(update_fields=["status"])
    run = matching_run(programme=programme, by=coordinator)
    assert not Proposal.objects.filter(run=run, mentee=people["anna"]).exists()
    assert run.unmatched.filter(mentee=people["anna"]).exists()


# --- Pages ----------------------------------------------------------------------------


@pytest.fixture
def english_pair(programme: Programme) -> Mentorship:
    mentee = accepted_mentee(programme, name="Anna Andersen", language="en")
    mentor = accepted_mentor(
        programme, name="Mads Madsen", organisation="Novo Nordisk", language="en"
    )
    return accept_on(accepted_pair(programme, mentee=mentee, mentor=mentor), timezone.localdate())


def trial_url(pair: Mentorship) -> str:
    return reverse("relationships:trial", args=[pair.pk])


def first_meeting_url(pair: Mentorship) -> str:
    return reverse("relationships:first_meeting", args=[pair.pk])


def test_the_page_asks_to_mark_the_first_meeting_then_asks_the_question(
    english_pair: Mentorship,
) -> None:
    client = logged_in_client(english_pair.mentee.user)
    html = client.get(trial_url(english_pair)).content.decode()
    assert "After the first meeting: do you continue?" in html
    assert "Mark the first meeting as held" in html
    assert 'name="answer"' not in html  # no question before the meeting

    response = client.post(
        first_meeting_url(english_pair), {"held_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 302
    assert response["Location"] == trial_url(english_pair)
    english_pair.refresh_from_db()
    assert english_pair.first_meeting_held_on == timezone.localdate()
    html = client.get(trial_url(english_pair)).content.decode()
    assert "Your first meeting is marked as held" in html
    assert (
        "Either of you may end the mentorship now, without blame and without giving a reason."
        in html
    )
    assert "you go back in the pool" in html
    for value in TrialAnswer.values:
        assert f'value="{value}"' in html
    assert "Correct the date of the first meeting" in html
    assert "Has not answered yet" in html
    # The mentor's page speaks about the mentor's place.
    html = logged_in_client(english_pair.mentor.user).get(trial_url(english_pair)).content.decode()
    assert "your place is free again" in html


def test_a_date_in_the_future_is_shown_again_with_an_error(english_pair: Mentorship) -> None:
    client = logged_in_client(english_pair.mentor.user)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(first_meeting_url(english_pair), {"held_on": tomorrow.isoformat()})

    assert response.status_code == 200
    assert "The first meeting cannot be in the future." in response.content.decode()
    english_pair.refresh_from_db()
    assert english_pair.first_meeting_held_on is None
    assert client.get(first_meeting_url(english_pair)).status_code == 405


def test_answers_through_the_page_and_the_other_answer_stays_private(
    english_pair: Mentorship,
) -> None:
    held_today(english_pair)
    mentee = logged_in_client(english_pair.mentee.user)
    mentor = logged_in_client(english_pair.mentor.user)

    response = mentor.post(trial_url(english_pair), {"answer": "undecided"})
    assert response.status_code == 302
    html = mentor.get(trial_url(english_pair)).content.decode()
    assert "Take the time you need" in html
    assert re.search(r"<dt>Your answer</dt>\s*<dd>Still deciding", html)

    html = mentee.get(trial_url(english_pair)).content.decode()
    assert re.search(r"<dt>Mads Madsen</dt>\s*<dd>Has answered</dd>", html)
    assert "Still deciding <span" not in html  # the mentor's answer is not shown

    mentee.post(trial_url(english_pair), {"answer": "good_fit"})
    mentor.post(trial_url(english_pair), {"answer": "good_fit"})

    html = mentor.get(trial_url(english_pair)).content.decode()
    assert "You have both chosen to continue." in html
    assert "You continue together" in html
    assert 'name="answer"' not in html
    english_pair.refresh_from_db()
    assert english_pair.trial_passed_at is not None


def test_ending_needs_a_confirmation_and_then_the_page_stays_readable(
    english_pair: Mentorship,
) -> None:
    held_today(english_pair)
    client = logged_in_client(english_pair.mentee.user)

    response = client.post(trial_url(english_pair), {"answer": "not_a_fit"})

    assert response.status_code == 200
    assert "Please confirm that you want to end the mentorship." in response.content.decode()
    assert not TrialResponse.objects.exists()

    response = client.post(
        trial_url(english_pair),
        {"answer": "not_a_fit", "confirm_end": "on", "comment": "Kemien var der ikke."},
    )

    assert response.status_code == 302
    english_pair.refresh_from_db()
    assert english_pair.status == MentorshipStatus.ENDED_EARLY
    html = client.get(trial_url(english_pair)).content.decode()
    assert "Thank you for being honest" in html
    assert "You ended the mentorship after the first meeting" in html
    assert "You are back in the pool" in html
    html = logged_in_client(english_pair.mentor.user).get(trial_url(english_pair)).content.decode()
    assert "Anna Andersen ended the mentorship after the first meeting" in html
    assert "Kemien" not in html
    # A late answer is refused with a clear message, nothing changes.
    response = client.post(trial_url(english_pair), {"answer": "good_fit"}, follow=True)
    assert "This mentorship has ended" in response.content.decode()
    assert TrialResponse.objects.get().answer == "not_a_fit"


def test_nobody_else_reaches_the_trial_pages(
    english_pair: Mentorship, coordinator: Any, superuser: Any, user: Any
) -> None:
    for person in (user, coordinator, superuser):
        client = logged_in_client(person)
        assert client.get(trial_url(english_pair)).status_code == 404
        response = client.post(
            first_meeting_url(english_pair), {"held_on": timezone.localdate().isoformat()}
        )
        assert response.status_code == 404
        response = client.post(trial_url(english_pair), {"answer": "not_a_fit"})
        assert response.status_code == 404
    english_pair.refresh_from_db()
    assert english_pair.first_meeting_held_on is None
    assert english_pair.status == MentorshipStatus.ACCEPTED


def test_the_trial_page_has_a_constant_number_of_queries(english_pair: Mentorship) -> None:
    held_today(english_pair)
    client = logged_in_client(english_pair.mentee.user)
    client.get(trial_url(english_pair))
    with CaptureQueriesContext(connection) as before:
        client.get(trial_url(english_pair))
    answer(english_pair, Side.MENTEE, TrialAnswer.UNDECIDED)
    answer(english_pair, Side.MENTOR, TrialAnswer.UNDECIDED)
    with CaptureQueriesContext(connection) as after:
        client.get(trial_url(english_pair))
    assert len(after) == len(before)


# --- 3. The reminder a week after the first meeting ------------------------------


def reminders() -> dict[str, OutboxMessage]:
    return {m.key: m for m in OutboxMessage.objects.filter(key__startswith="trial-reminder:")}


def test_each_undecided_side_is_reminded_once_a_week_after_the_first_meeting(
    pair: Mentorship, programme: Programme
) -> None:
    held(pair, TODAY - timedelta(days=2))
    answer(pair, Side.MENTOR, TrialAnswer.UNDECIDED)
    meeting = datetime.combine(TODAY - timedelta(days=2), NOON.timetz())

    assert trial_reminders_due(now=meeting + timedelta(days=6)) == 0
    assert reminders() == {}

    assert trial_reminders_due(now=meeting + timedelta(days=7)) == 2

    sent = reminders()
    assert set(sent) == {
        f"trial-reminder:{pair.pk}:{pair.mentee.pk}",
        f"trial-reminder:{pair.pk}:{pair.mentor.pk}",
    }
    to_mentor = sent[f"trial-reminder:{pair.pk}:{pair.mentor.pk}"]
    assert to_mentor.language == "en" and programme.name_en in to_mentor.subject
    assert "you answered that you are still deciding" in to_mentor.body_text
    to_mentee = sent[f"trial-reminder:{pair.pk}:{pair.mentee.pk}"]
    assert to_mentee.language == "da" and programme.name_da in to_mentee.subject
    assert reverse("relationships:trial", args=[pair.pk]) in to_mentee.body_text
    # Once per side, however often the clock ticks.
    assert trial_reminders_due(now=meeting + timedelta(days=8)) == 0
    assert trial_reminders_due(now=meeting + timedelta(days=30)) == 0
    assert len(reminders()) == 2


def test_no_reminder_for_a_side_that_decided_nor_for_a_decided_gate(
    programme: Programme, pair: Mentorship
) -> None:
    held(pair, TODAY - timedelta(days=7))
    answer(pair, Side.MENTEE, TrialAnswer.GOOD_FIT)
    other = accept_on(
        accepted_pair(
            programme,
            mentee=accepted_mentee(programme, name="Bo Bech", organisation="Odense Kommune"),
            mentor=accepted_mentor(programme, name="Nina Nielsen", organisation="Vestas"),
        ),
        TODAY - timedelta(days=10),
    )
    held(other, TODAY - timedelta(days=8))
    answer(other, Side.MENTEE, TrialAnswer.NOT_A_FIT)
    passed = accept_on(
        accepted_pair(
            programme,
            mentee=accepted_mentee(programme, name="Carla Christensen", organisation="Vejle"),
            mentor=accepted_mentor(programme, name="Ole Olsen", organisation="Mærsk"),
        ),
        TODAY - timedelta(days=10),
    )
    held(passed, TODAY - timedelta(days=9))
    answer(passed, Side.MENTEE, TrialAnswer.GOOD_FIT)
    answer(passed, Side.MENTOR, TrialAnswer.GOOD_FIT)

    assert trial_reminders_due(now=NOON) == 1

    assert set(reminders()) == {f"trial-reminder:{pair.pk}:{pair.mentor.pk}"}


def make_due_pairs(programme: Programme, count: int, start: int) -> None:
    for n in range(start, start + count):
        mentorship = accept_on(
            accepted_pair(
                programme,
                mentee=accepted_mentee(
                    programme, name=f"Mentee{n} Person", email=f"mentee{n}@example.org"
                ),
                mentor=accepted_mentor(
                    programme,
                    name=f"Mentor{n} Person",
                    email=f"mentor{n}@example.org",
                    organisation=f"Firma {n}",
                ),
            ),
            TODAY - timedelta(days=20),
        )
        held(mentorship, TODAY - timedelta(days=10))


def test_the_reminder_job_finds_due_pairs_in_a_constant_number_of_queries(
    programme: Programme,
) -> None:
    make_due_pairs(programme, 1, start=0)
    assert trial_reminders_due(now=NOON) == 2
    with CaptureQueriesContext(connection) as one:
        assert trial_reminders_due(now=NOON) == 0
    make_due_pairs(programme, 4, start=1)
    assert trial_reminders_due(now=NOON) == 8
    with CaptureQueriesContext(connection) as many:
        assert trial_reminders_due(now=NOON) == 0
    # The due pairs in one query, the reminders already sent in one more.
    assert len(one) == len(many) == 2


def test_the_workers_periodic_tick_sends_the_reminders(pair: Mentorship) -> None:
    meeting_day = timezone.localdate() - timedelta(days=8)
    accept_on(pair, meeting_day - timedelta(days=1))
    first_meeting_mark_held(mentorship=pair, by=pair.mentee.user, held_on=meeting_day)

    result = periodic_tick.call()

    assert isinstance(result, int) and result >= 2
    assert len(reminders()) == 2
