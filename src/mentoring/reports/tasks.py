"""Background tasks of the reports app. Tasks take ids and may run twice."""

from __future__ import annotations

from django.tasks import task

from mentoring.reports.jobs import report_job_run


@task()
def render_report_job(job_id: int) -> str:
    """Render a queued report job (``jobs.report_job_run``). A second
    execution does nothing (the job is claimed compare-and-set)."""
    job = report_job_run(job_id=job_id)
    return str(job.status) if job is not None else "deleted"
