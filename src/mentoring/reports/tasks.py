"""Background tasks of the reports app. Tasks take ids and may run twice."""

from __future__ import annotations

from django.tasks import TaskContext, task

from mentoring.reports.jobs import report_job_run


@task(takes_context=True)
def render_report_job(context: TaskContext, job_id: int) -> str:
    """Render a queued report job (``jobs.report_job_run``). A second
    execution does nothing (the job is claimed compare-and-set), unless it
    is a later attempt of this task: the worker of the earlier attempt was
    killed and the periodic tick put the task back in the queue, so the job
    it left running is rendered again from the start (and finished once)."""
    job = report_job_run(job_id=job_id, attempt=context.attempt)
    return str(job.status) if job is not None else "deleted"
