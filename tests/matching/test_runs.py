"""Matching runs on a small programme built with the ORM: proposals with
explanations and alternatives, reproducible fingerprints, pins, vetoes,
declined pairs, capacity, and the background path for large programmes."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.matching.engine.types import CRITERIA
from mentoring.matching.enums import DecisionKind, RunStatus
from mentoring.matching.models import MatchingRun, PairDecision
from mentoring.matching.profiles import build_pool
from mentoring.matching.services import (
    MatchingError,
    matching_execute,
    matching_publish,
    matching_run,
    matching_settings_update,
    pair_clear,
    pair_pin,
    pair_veto,
)
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services import mentorship_propose, mentorship_respond
from tests.relationships.helpers import accepted_mentee, accepted_mentor, small_programme

pytestmark = pytest.mark.django_db


def pairs(run: MatchingRun) -> set[tuple[int, int]]:
    return set(run.proposals.values_list("mentee_id", "mentor_id"))


@pytest.fixture
def people(programme):
    return small_programme(programme)


def test_a_run_proposes_the_best_pairs_with_explanations_and_alternatives(
    programme, coordinator, people
) -> None:
    run = matching_run(programme=programme, by=coordinator)
    assert run.status == RunStatus.DONE, run.error
    assert run.background is False
    assert run.optimal is True
    assert (run.number, run.n_mentees, run.n_mentors, run.matched) == (1, 3, 3, 3)
    assert pairs(run) == {
        (people["anna"].pk, people["mads"].pk),
        (people["bo"].pk, people["nina"].pk),
        (people["carla"].pk, people["ole"].pk),
    }
    assert re.fullmatch(r"[0-9a-f]{64}", run.fingerprint)
    assert run.seconds is not None and run.progress == 100
    assert run.total_score == pytest.approx(sum(p.score for p in run.proposals.all()), abs=1e-5)

    proposal = run.proposals.get(mentee=people["anna"])
    criteria = [c["criterion"] for c in proposal.contributions]
    assert set(criteria) <= set(CRITERIA)
    assert "goals_expertise" in criteria
    assert {"criterion", "value", "weight", "points", "facts"} <= set(proposal.contributions[0])
    assert sum(c["points"] for c in proposal.contributions) == pytest.approx(
        proposal.score, abs=1e-3
    )
    # The two other mentors, each no better than the proposed one.
    alternatives = proposal.alternatives
    assert {a["mentor"] for a in alternatives} == {people["nina"].pk, people["ole"].pk}
    assert all(a["score"] <= proposal.score + 1e-9 for a in alternatives)
    entry = AuditEntry.objects.get(action="matching.run")
    assert entry.actor == coordinator and entry.data["matched"] == 3


def test_identical_runs_have_the_same_fingerprint_and_result(
    programme, coordinator, people
) -> None:
    first = matching_run(programme=programme, by=coordinator)
    second = matching_run(programme=programme, by=coordinator)
    assert second.number == 2
    assert second.fingerprint == first.fingerprint
    assert pairs(second) == pairs(first)
    assert second.total_score == first.total_score


def test_a_pin_is_kept_and_changes_the_fingerprint(programme, coordinator, people) -> None:
    first = matching_run(programme=programme, by=coordinator)
    # Pin Anna to Nina (not her best mentor): the next run keeps it.
    pair_pin(programme=programme, mentee=people["anna"], mentor=people["nina"], by=coordinator)
    second = matching_run(programme=programme, by=coordinator)
    assert second.fingerprint != first.fingerprint
    assert (people["anna"].pk, people["nina"].pk) in pairs(second)
    assert second.proposals.get(mentee=people["anna"]).pinned is True
    assert second.matched == 3  # Bo gets another mentor
    # Kept in every later run, until removed.
    third = matching_run(programme=programme, by=coordinator)
    assert (people["anna"].pk, people["nina"].pk) in pairs(third)
    assert pair_clear(
        programme=programme, mentee=people["anna"], mentor=people["nina"], by=coordinator
    )
    fourth = matching_run(programme=programme, by=coordinator)
    assert fourth.fingerprint == first.fingerprint
    assert pairs(fourth) == pairs(first)


def test_pinning_another_mentor_replaces_the_mentees_pin(programme, coordinator, people) -> None:
    """Only when the coordinator confirms the replacement (tests/matching/test_pins.py)."""
    pair_pin(programme=programme, mentee=people["anna"], mentor=people["nina"], by=coordinator)
    pair_pin(
        programme=programme,
        mentee=people["anna"],
        mentor=people["ole"],
        by=coordinator,
        replaces=people["nina"].pk,
    )
    pins = PairDecision.objects.filter(mentee=people["anna"], kind=DecisionKind.PIN)
    assert list(pins.values_list("mentor_id", flat=True)) == [people["ole"].pk]


def test_a_mentor_cannot_get_more_pins_than_free_places(programme, coordinator, people) -> None:
    pair_pin(programme=programme, mentee=people["anna"], mentor=people["nina"], by=coordinator)
    with pytest.raises(MatchingError):
        pair_pin(programme=programme, mentee=people["bo"], mentor=people["nina"], by=coordinator)


def test_a_vetoed_pair_is_never_proposed(programme, coordinator, people) -> None:
    pair_veto(programme=programme, mentee=people["anna"], mentor=people["mads"], by=coordinator)
    run = matching_run(programme=programme, by=coordinator)
    assert (people["anna"].pk, people["mads"].pk) not in pairs(run)
    for proposal in run.proposals.all():
        if proposal.mentee_id == people["anna"].pk:
            assert people["mads"].pk not in {a["mentor"] for a in proposal.alternatives}


def test_a_declined_pair_is_not_proposed_again_and_the_mentee_returns(
    programme, coordinator, people
) -> None:
    run = matching_run(programme=programme, by=coordinator)
    matching_publish(run=run, by=coordinator)
    mentorship = Mentorship.objects.get(mentee=people["anna"])
    assert mentorship.mentor == people["mads"]
    # Nobody is in the pool while their proposals are open.
    assert build_pool(programme=programme).mentees == []
    mentorship_respond(
        mentorship=mentorship,
        participation=people["anna"],
        accept=False,
        reason="Vi har arbejdet sammen før.",
    )
    again = matching_run(programme=programme, by=coordinator)
    assert again.n_mentees == 1 and again.n_mentors == 1
    assert (people["anna"].pk, people["mads"].pk) not in pairs(again)
    # Mads was her only free mentor: she is left unmatched, with a reason.
    assert again.matched == 0
    unmatched = again.unmatched.get()
    assert unmatched.mentee_id == people["anna"].pk
    assert unmatched.reason_code == "no_allowed_mentor"
    # The coordinator may not pin a declined pair without removing the veto first.
    with pytest.raises(MatchingError):
        pair_pin(programme=programme, mentee=people["anna"], mentor=people["mads"], by=coordinator)


def test_same_organisation_is_never_matched_in_an_open_programme(programme, coordinator) -> None:
    mentee = accepted_mentee(programme, name="Anna Andersen", organisation="Aarhus Kommune")
    accepted_mentor(programme, name="Mads Madsen", organisation="Aarhus Kommune")
    run = matching_run(programme=programme, by=coordinator)
    assert run.matched == 0
    assert run.unmatched.get().mentee == mentee
    assert run.unmatched.get().reason_code == "no_allowed_mentor"


def test_below_the_minimum_score_a_mentee_is_left_unmatched(programme, coordinator, people) -> None:
    weights = {"goals_expertise": 3.0}
    matching_settings_update(programme=programme, by=coordinator, weights=weights, min_score=0.99)
    run = matching_run(programme=programme, by=coordinator)
    assert run.min_score == 0.99
    assert run.matched == 0
    assert set(run.unmatched.values_list("reason_code", flat=True)) == {"below_min_score"}


def test_weights_are_stored_and_used(programme, coordinator, people) -> None:
    matching_settings_update(
        programme=programme,
        by=coordinator,
        weights={"goals_expertise": 5.0, "availability": 0.0},
        min_score=0.1,
    )
    run = matching_run(programme=programme, by=coordinator)
    assert run.weights["goals_expertise"] == 5.0
    assert run.weights["availability"] == 0.0
    criteria = {c["criterion"] for p in run.proposals.all() for c in p.contributions}
    assert "availability" not in criteria
    with pytest.raises(MatchingError):
        matching_settings_update(
            programme=programme, by=coordinator, weights={"goals_expertise": 11}, min_score=0.1
        )
    # A what-if run with other weights does not change the stored settings.
    what_if = matching_run(programme=programme, by=coordinator, weights={"roles": 9.0})
    assert what_if.weights["roles"] == 9.0
    assert matching_run(programme=programme, by=coordinator).weights["roles"] != 9.0


def test_capacity_and_active_mentorships_shape_the_pool(programme, coordinator, people) -> None:
    mads = people["mads"]
    mads.capacity = 2
    mads.save(update_fields=["capacity"])
    extra = accepted_mentee(programme, name="Dorte Dahl", organisation="Aalborg Kommune")
    mentorship_propose(programme=programme, mentee=extra, mentor=mads, by=coordinator)
    pool = build_pool(programme=programme)
    assert str(extra.pk) not in {m.id for m in pool.mentees}
    assert {m.id: m.capacity for m in pool.mentors}[str(mads.pk)] == 1
    run = matching_run(programme=programme, by=coordinator)
    assert run.n_mentees == 3 and run.matched == 3


def test_publish_creates_mentorships_and_mails_both_in_their_language(
    programme, coordinator, people, django_capture_on_commit_callbacks
) -> None:
    people["nina"].user.language = "en"
    people["nina"].user.save(update_fields=["language"])
    run = matching_run(programme=programme, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        result = matching_publish(run=run, by=coordinator)
    assert len(result.created) == 3 and result.skipped == []
    assert Mentorship.objects.filter(status=MentorshipStatus.PROPOSED, run=run).count() == 3
    bo = Mentorship.objects.get(mentee=people["bo"])
    to_bo = OutboxMessage.objects.get(key=f"match-proposed:{bo.pk}:{people['bo'].pk}")
    to_nina = OutboxMessage.objects.get(key=f"match-proposed:{bo.pk}:{people['nina'].pk}")
    assert to_bo.language == "da"
    assert to_bo.subject == "[Mentorordning] Vi foreslår en mentor til dig i Mentorordning A"
    assert "Nina Nielsen" in to_bo.body_text
    assert f"/me/matches/{bo.pk}/" in to_bo.body_text
    assert to_nina.language == "en"
    assert to_nina.subject.startswith("[Mentorordning] We propose a mentee for you in")
    assert "Bo Bech" in to_nina.body_text
    assert OutboxMessage.objects.filter(key__startswith="match-proposed:").count() == 6
    assert len(mail.outbox) == 0  # sent by the worker
    run.refresh_from_db()
    assert run.published_at is not None
    assert AuditEntry.objects.filter(action="matching.published").count() == 1
    with pytest.raises(MatchingError):
        matching_publish(run=run, by=coordinator)


def test_only_the_latest_completed_run_can_be_published(programme, coordinator, people) -> None:
    old = matching_run(programme=programme, by=coordinator)
    matching_run(programme=programme, by=coordinator)
    with pytest.raises(MatchingError):
        matching_publish(run=old, by=coordinator)
    assert not Mentorship.objects.exists()


def test_publish_skips_pairs_that_no_longer_fit(programme, coordinator, people) -> None:
    run = matching_run(programme=programme, by=coordinator)
    # Meanwhile Anna got a mentor by hand.
    mentorship_propose(
        programme=programme, mentee=people["anna"], mentor=people["ole"], by=coordinator
    )
    result = matching_publish(run=run, by=coordinator)
    assert len(result.created) == 1  # Bo with Nina; Anna is taken, Carla's Ole is full
    assert len(result.skipped) == 2


def test_an_empty_pool_gives_an_empty_done_run(programme, coordinator) -> None:
    run = matching_run(programme=programme, by=coordinator)
    assert run.status == RunStatus.DONE
    assert (run.n_mentees, run.matched) == (0, 0)
    mentee = accepted_mentee(programme, name="Anna Andersen", organisation="Aarhus Kommune")
    run = matching_run(programme=programme, by=coordinator)
    assert run.unmatched.get().mentee == mentee


def test_a_large_run_goes_to_the_worker_and_runs_once(
    programme, coordinator, people, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = matching_run(programme=programme, by=coordinator, background=True)
    assert run.status == RunStatus.QUEUED and run.background
    task = DBTaskResult.objects.get(task_path="mentoring.matching.tasks.run_matching")
    assert task.args_kwargs["kwargs"] == {"run_id": run.pk}
    done = matching_execute(run_id=run.pk)
    assert done.status == RunStatus.DONE and done.matched == 3
    # A second execution (a task may run twice) changes nothing.
    again = matching_execute(run_id=run.pk)
    assert again.status == RunStatus.DONE
    assert again.proposals.count() == 3


def test_a_run_of_about_300_participants_runs_inline(programme, coordinator) -> None:
    """A what-if re-run for a programme of a few hundred people runs in the
    request (about a second; not timed here)."""
    from tests.factories import UserFactory

    users = UserFactory.create_batch(300)
    for k, person in enumerate(users[:200]):
        accepted_mentee(
            programme,
            name=f"Mentee {k}",
            organisation=f"Organisation {k % 37}",
            goals=[f"Mål nummer {k % 11}", "Forandringsledelse"],
            change=["merger", "new_job", "step_up"][k % 3],
            user=person,
        )
    for k, person in enumerate(users[200:]):
        accepted_mentor(
            programme,
            name=f"Mentor {k}",
            organisation=f"Organisation {k % 41 + 100}",
            lived=[["merger"], ["new_job"], ["step_up", "merger"]][k % 3],
            capacity=1 + k % 3,
            user=person,
        )
    run = matching_run(programme=programme, by=coordinator)
    assert run.background is False
    assert run.status == RunStatus.DONE, run.error
    assert run.optimal is True
    assert run.matched >= 190  # 199 places in all
    pair_veto(
        programme=programme,
        mentee=run.proposals.first().mentee,
        mentor=run.proposals.first().mentor,
        by=coordinator,
    )
    again = matching_run(programme=programme, by=coordinator)
    assert again.status == RunStatus.DONE and again.fingerprint != run.fingerprint


@pytest.mark.django_db(transaction=True)
def test_the_worker_executes_a_queued_run(programme, coordinator) -> None:
    """The real django-tasks-db worker picks the run up after commit."""
    from django.core.management import call_command

    small_programme(programme)
    run = matching_run(programme=programme, by=coordinator, background=True)
    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.QUEUED
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert (run.matched, run.progress, run.optimal) == (3, 100, True)
