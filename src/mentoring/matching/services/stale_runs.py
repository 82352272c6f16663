"""Runs a stopped worker left behind: failed after ``STALE_AFTER``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mentoring.common.audit import log_action
from mentoring.matching.enums import UNFINISHED, RunStatus
from mentoring.matching.explanations import (
    STALE_NO_PROGRESS,
    STALE_NOT_STARTED,
    STALE_TASK_FAILED,
    stale_run_message,
)
from mentoring.matching.models import MatchingRun
from mentoring.programmes.models import Programme

#: An unfinished run that has not moved on for this long was left by a
#: stopped worker: ``matching_runs_fail_stale`` marks it failed.
STALE_AFTER = timedelta(minutes=getattr(settings, "MATCHING_STALE_MINUTES", 30))


def _task_status(task_id: str) -> str | None:
    """The background task's status ("FAILED", "SUCCESSFUL" ...), None if unknown."""
    if not task_id:
        return None
    from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

    from mentoring.matching.tasks import run_matching

    try:
        return str(run_matching.get_result(task_id).status)
    except (TaskResultDoesNotExist, TaskResultMismatch, ValueError):
        return None


def _stale_reason(run: MatchingRun, limit: datetime) -> str | None:
    status = _task_status(run.task_id)
    if status in ("FAILED", "SUCCESSFUL"):
        # The task has ended, yet the run is unfinished: it will never finish.
        return STALE_TASK_FAILED
    last = run.progressed_at or run.created_at
    if last >= limit:
        return None
    return STALE_NO_PROGRESS if run.status == RunStatus.RUNNING else STALE_NOT_STARTED


@transaction.atomic
def matching_runs_fail_stale(
    *, now: datetime | None = None, programme: Programme | None = None
) -> int:
    """Fail the unfinished runs (of ``programme``, or of every programme)
    that a stopped worker left behind: running without progress, or queued
    without starting, for ``STALE_AFTER`` (30 minutes), or whose background
    task has ended without finishing the run. Returns how many were failed.

    Compare-and-set: a run that moved on meanwhile is left alone. A worker
    that is only slow and finishes later still stores its result.
    Side effects: the runs' status, error, ``parameters["failure"]`` and
    finish time; audit entry ``matching.run_failed`` per run (reason code).
    """
    now = now or timezone.now()
    limit = now - STALE_AFTER
    runs = MatchingRun.objects.filter(status__in=UNFINISHED).select_related(
        "programme", "created_by"
    )
    if programme is not None:
        runs = runs.filter(programme=programme)
    minutes = int(STALE_AFTER.total_seconds() // 60)
    failed = 0
    for run in runs.order_by("pk"):
        reason = _stale_reason(run, limit)
        if reason is None:
            continue
        message = stale_run_message(reason, minutes=minutes)
        changed = MatchingRun.objects.filter(
            pk=run.pk, status=run.status, progress=run.progress
        ).update(
            status=RunStatus.FAILED,
            error=message,
            finished_at=now,
            parameters={**run.parameters, "failure": reason, "stale_minutes": minutes},
        )
        if not changed:
            continue
        failed += 1
        log_action(
            actor=None,
            action="matching.run_failed",
            obj=run,
            programme=run.programme,
            data={"number": run.number, "reason": reason},
        )
    return failed
