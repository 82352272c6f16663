"""Background tasks of the matching app. Tasks take ids and may run twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver
from django.tasks import TaskContext, task

from mentoring.common.signals import periodic_task
from mentoring.matching import services
from mentoring.matching.services import matching_execute


@task(takes_context=True)
def run_matching(context: TaskContext, run_id: int) -> str:
    """Execute a queued matching run (large programmes). A second execution
    of the same run does nothing (the run is claimed compare-and-set), unless
    it is a later attempt of this task: the worker of the first attempt was
    killed mid-run and the task reclaimed, so the run it left running is
    executed again (and stored once, see ``matching_execute``)."""
    run = matching_execute(run_id=run_id, resume=context.attempt > 1)
    return str(run.status)


def matching_runs_fail_stale(now: datetime | None = None) -> int:
    """Called by the worker's periodic tick (``common.tasks.periodic_tick``):
    mark the matching runs a stopped worker left unfinished as failed, with a
    reason the coordinator sees, so a new run can start. Returns how many."""
    return services.matching_runs_fail_stale(now=now)


def decline_digests_send(now: datetime | None = None) -> int:
    """Called by the worker's periodic tick (``common.tasks.periodic_tick``):
    the coordinators' daily digests of declined proposals. Returns how many
    e-mails were queued."""
    return services.decline_digests_send(now=now)


@receiver(periodic_task, dispatch_uid="matching.stale_runs")
def periodic_stale_runs(sender: Any, **kwargs: Any) -> None:
    matching_runs_fail_stale()  # no e-mail: the count of runs is not added to the tick's


@receiver(periodic_task, dispatch_uid="matching.decline_digests")
def periodic_decline_digests(sender: Any, **kwargs: Any) -> int:
    return decline_digests_send()
