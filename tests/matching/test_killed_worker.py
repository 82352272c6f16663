"""A matching run whose worker was killed mid-run (SIGKILL, power loss): the
periodic tick reclaims the task, the next attempt finishes the run, and the
result is stored once. (The multi-node fault test, ``make test-cluster``,
does the same with real processes and a real kill.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentoring.common.leases import tasks_reclaim_stale
from mentoring.common.models import AuditEntry
from mentoring.matching.enums import RunStatus
from mentoring.matching.models import MatchingRun, Proposal
from mentoring.matching.profiles import build_pool
from mentoring.matching.services import matching_execute, matching_run
from mentoring.matching.services import runs as run_services
from mentoring.matching.tasks import matching_runs_fail_stale
from tests.relationships.helpers import small_programme


def _killed_mid_run(run: MatchingRun) -> DBTaskResult:
    """What a worker killed in the run's storing transaction leaves behind: its
    task claimed and running for longer than the reclaim limit, the run
    claimed and running (the transaction that would have stored it rolled back)."""
    task = DBTaskResult.objects.get(task_path="mentoring.matching.tasks.run_matching")
    started = timezone.now() - timedelta(seconds=settings.TASK_RECLAIM_AFTER_SECONDS + 60)
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", started_at=started, worker_ids=["gone-host:4242:deadbeef"]
    )
    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, progress=75, progressed_at=timezone.now()
    )
    return task


@pytest.mark.django_db(transaction=True)
def test_the_reclaimed_task_finishes_a_run_its_killed_worker_left_running(
    programme, coordinator
) -> None:
    small_programme(programme)
    run = matching_run(programme=programme, by=coordinator, background=True)
    task = _killed_mid_run(run)

    assert tasks_reclaim_stale() == 1
    assert matching_runs_fail_stale() == 0  # the task is queued again: not stale
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert len(task.worker_ids) == 2  # the killed worker, then this one
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert (run.matched, run.progress) == (3, 100)
    assert Proposal.objects.filter(run=run).count() == 3
    assert AuditEntry.objects.filter(action="matching.run", object_id=str(run.pk)).count() == 1
    # Nothing for the stale-run check to fail afterwards either.
    assert matching_runs_fail_stale() == 0
    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.DONE


@pytest.mark.django_db
def test_a_run_is_stored_once_when_a_slow_first_execution_finishes_after_the_retry(
    programme, coordinator, django_capture_on_commit_callbacks
) -> None:
    """The first worker was only slow, not dead: the retry stored the run; the
    first one's store then stores nothing (no second set of proposals)."""
    small_programme(programme)
    with django_capture_on_commit_callbacks(execute=True):
        run = matching_run(programme=programme, by=coordinator, background=True)
    _killed_mid_run(run)
    first = MatchingRun.objects.select_related("programme", "created_by").get(pk=run.pk)
    pool = build_pool(programme=programme)

    retried = matching_execute(run_id=run.pk, resume=True)
    assert retried.status == RunStatus.DONE and retried.proposals.count() == 3

    late = run_services._solve_and_store(first, pool, 0.0)
    assert late.status == RunStatus.DONE
    assert Proposal.objects.filter(run=run).count() == 3
    assert AuditEntry.objects.filter(action="matching.run", object_id=str(run.pk)).count() == 1
    # A further attempt on a finished run does nothing.
    assert matching_execute(run_id=run.pk, resume=True).proposals.count() == 3
    assert Proposal.objects.filter(run=run).count() == 3
