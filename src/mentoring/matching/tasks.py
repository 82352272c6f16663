"""Background tasks of the matching app. Tasks take ids and may run twice."""

from __future__ import annotations

from django.tasks import task

from mentoring.matching.services import matching_execute


@task()
def run_matching(run_id: int) -> str:
    """Execute a queued matching run (large programmes). A second execution
    of the same run does nothing (the run is claimed compare-and-set)."""
    run = matching_execute(run_id=run_id)
    return str(run.status)
