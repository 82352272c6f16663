"""Runs a stopped worker left "running" or "queued": the periodic tick fails
them with a reason the coordinator sees, and a new run can start."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from django_tasks_db.models import DBTaskResult

from mentoring.common.models import AuditEntry
from mentoring.common.tasks import periodic_tick
from mentoring.matching.enums import RunStatus
from mentoring.matching.models import MatchingRun
from mentoring.matching.services import MatchingError, matching_execute, matching_run
from mentoring.matching.tasks import matching_runs_fail_stale
from tests.conftest import logged_in_client
from tests.relationships.helpers import small_programme


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Services raise their messages in the active language; these tests
    read them in English (the Danish catalogue has its own check)."""
    with override("en"):
        yield


pytestmark = pytest.mark.django_db

NO_PROGRESS = "The run stopped making progress for 30 minutes"
NOT_STARTED = "The run did not start within 30 minutes"
TASK_ENDED = "The background worker stopped the run without finishing it"


@pytest.fixture
def people(programme):
    return small_programme(programme)


def left_behind(programme, *, status: str, minutes: int, number: int = 1) -> MatchingRun:
    """A background run last seen ``minutes`` ago, as a killed worker leaves it."""
    run = MatchingRun.objects.create(
        programme=programme, number=number, status=status, background=True, progress=40
    )
    then = timezone.now() - timedelta(minutes=minutes)
    MatchingRun.objects.filter(pk=run.pk).update(
        created_at=then, progressed_at=then if status == RunStatus.RUNNING else None
    )
    return MatchingRun.objects.get(pk=run.pk)


def test_a_run_without_progress_is_failed_and_a_new_run_can_start(
    programme, coordinator, people
) -> None:
    stuck = left_behind(programme, status=RunStatus.RUNNING, minutes=10)
    # Still within the limit: a new run must wait.
    with pytest.raises(MatchingError):
        matching_run(programme=programme, by=coordinator)
    assert matching_runs_fail_stale() == 0
    assert MatchingRun.objects.get(pk=stuck.pk).status == RunStatus.RUNNING

    # 35 minutes later the tick fails it.
    later = timezone.now() + timedelta(minutes=25)
    assert matching_runs_fail_stale(now=later) == 1
    stuck.refresh_from_db()
    assert stuck.status == RunStatus.FAILED
    assert NO_PROGRESS in stuck.error
    assert stuck.parameters["failure"] == "stale_no_progress"
    assert stuck.finished_at == later
    entry = AuditEntry.objects.get(action="matching.run_failed")
    assert entry.data == {"number": 1, "reason": "stale_no_progress"}
    assert matching_runs_fail_stale(now=later) == 0  # done once

    run = matching_run(programme=programme, by=coordinator)
    assert run.number == 2 and run.status == RunStatus.DONE and run.matched == 3


def test_a_new_run_fails_a_stale_run_itself(programme, coordinator, people) -> None:
    """The coordinator need not wait for the tick: starting a run clears the stale one."""
    stuck = left_behind(programme, status=RunStatus.RUNNING, minutes=120)
    run = matching_run(programme=programme, by=coordinator)
    assert run.status == RunStatus.DONE
    assert MatchingRun.objects.get(pk=stuck.pk).status == RunStatus.FAILED


def test_a_queued_run_that_never_started_is_failed_and_never_runs_later(
    programme, coordinator, people
) -> None:
    queued = left_behind(programme, status=RunStatus.QUEUED, minutes=45)
    fresh = left_behind(other_programme_of(programme), status=RunStatus.QUEUED, minutes=1)
    assert matching_runs_fail_stale() == 1
    queued.refresh_from_db()
    assert queued.status == RunStatus.FAILED and NOT_STARTED in queued.error
    assert MatchingRun.objects.get(pk=fresh.pk).status == RunStatus.QUEUED
    # When the worker comes back and picks the old task up, nothing happens.
    again = matching_execute(run_id=queued.pk)
    assert again.status == RunStatus.FAILED and not again.proposals.exists()


def other_programme_of(programme):
    from tests.factories import ProgrammeFactory

    return ProgrammeFactory(slug="programme-c", name_da="Mentorordning C")


def test_a_run_whose_task_ended_is_failed_at_once(
    programme, coordinator, people, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = matching_run(programme=programme, by=coordinator, background=True)
    run.refresh_from_db()
    task = DBTaskResult.objects.get(task_path="mentoring.matching.tasks.run_matching")
    assert run.task_id == str(task.id)
    # The worker claimed it, then died in a way that marked the task failed.
    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, progressed_at=timezone.now()
    )
    assert matching_runs_fail_stale() == 0  # recent, task still queued
    DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.FAILED)
    assert matching_runs_fail_stale() == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and TASK_ENDED in run.error
    assert run.parameters["failure"] == "stale_task_failed"


def test_progress_keeps_a_run_alive(programme, coordinator, people) -> None:
    """A run that moved on recently is not stale, however old it is."""
    run = left_behind(programme, status=RunStatus.RUNNING, minutes=120)
    MatchingRun.objects.filter(pk=run.pk).update(
        progressed_at=timezone.now() - timedelta(minutes=5)
    )
    assert matching_runs_fail_stale() == 0
    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.RUNNING


def test_execution_records_progress_times(programme, coordinator, people) -> None:
    run = matching_run(programme=programme, by=coordinator)
    assert run.progressed_at is not None
    assert timezone.now() - run.progressed_at < timedelta(minutes=1)


def test_the_periodic_tick_fails_stale_runs(programme, people) -> None:
    stuck = left_behind(programme, status=RunStatus.RUNNING, minutes=90)
    periodic_tick.call()
    stuck.refresh_from_db()
    assert stuck.status == RunStatus.FAILED


def test_the_coordinator_sees_the_reason_and_can_run_again(programme, coordinator, people) -> None:
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    stuck = left_behind(programme, status=RunStatus.RUNNING, minutes=90)
    client = logged_in_client(coordinator)
    matching_runs_fail_stale()
    html = client.get(reverse("matching:run", args=[programme.slug, stuck.number])).content
    assert NO_PROGRESS in html.decode()
    assert "Start a new run." in html.decode()
    response = client.post(reverse("matching:run_start", args=[programme.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:run", args=[programme.slug, 2])
    assert MatchingRun.objects.get(programme=programme, number=2).status == RunStatus.DONE


def test_while_a_run_works_the_coordinator_is_told_to_wait(programme, coordinator, people) -> None:
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    left_behind(programme, status=RunStatus.RUNNING, minutes=2)
    client = logged_in_client(coordinator)
    response = client.post(reverse("matching:run_start", args=[programme.slug]), follow=True)
    assert "Run 1 is still working" in response.content.decode()
    assert MatchingRun.objects.filter(programme=programme).count() == 1
