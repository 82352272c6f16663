"""Reports made by the worker (issue 19, point 8): a coordinator asks for the
programme report as PDF, the web request only writes a ``ReportJob`` and
queues a task (ids only, after commit); the worker renders it with the same
renderer as before (``pdf.py``), recording its progress step by step; the
file goes to the default storage (``STORAGES["default"]``), and only the
person who asked may download it, while they coordinate the programme.

Services (writes): ``report_job_create``, ``report_job_run``,
``report_job_download``, ``report_jobs_expire``, ``report_jobs_fail_stale``,
``report_job_file_discard``. Selectors (reads): ``report_job_for_user``.

A worker killed mid-render (SIGKILL, power loss) leaves the job running and
its task claimed; the worker's periodic tick puts the task back in the queue
(``common.leases.tasks_reclaim_stale``) and its next attempt renders the job
again from the start (``report_job_run(attempt=...)``): the progress starts
over, the page says why, a file the killed attempt may have stored is
deleted, and only the latest attempt may finish the job, so a job never ends
with two files. A job is failed as stopped only when its task is gone (no
task, or a task that ended without finishing the job) and it has not moved
for ``STALE_MINUTES``, or after ``MAX_ATTEMPTS`` attempts.

Reuse: a finished report of the same programme, language and requester
made less than ``REPORT_JOB_REUSE_MINUTES`` (10) ago is offered again instead
of making a new one (the page says when it was made and offers a fresh one);
a job still waiting or running is always reused (a double click queues one
job). Expiry: a job and its file are deleted ``REPORT_JOB_EXPIRY_HOURS`` (24)
after it finished (or was asked for, if it never finished).
"""

from __future__ import annotations

import logging
import secrets
import time
from datetime import datetime, timedelta
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.programmes.models import Programme
from mentoring.programmes.selectors import coordinated_programme_or_404
from mentoring.reports.enums import (
    STEP_PROGRESS,
    UNFINISHED,
    ReportJobError,
    ReportJobStatus,
    ReportKind,
    ReportStep,
)
from mentoring.reports.models import ReportJob

logger = logging.getLogger(__name__)

#: Languages a report can be made in.
REPORT_LANGUAGES = ("da", "en")
#: A finished report younger than this is offered again (same programme,
#: language and requester) instead of making a new one.
REUSE_MINUTES = int(getattr(settings, "REPORT_JOB_REUSE_MINUTES", 10))
#: A job and its file are deleted this long after it finished.
EXPIRY_HOURS = int(getattr(settings, "REPORT_JOB_EXPIRY_HOURS", 24))
#: An unfinished job without progress for this long lost its worker.
STALE_MINUTES = int(getattr(settings, "REPORT_JOB_STALE_MINUTES", 30))
#: A job whose task was taken up again this many times is given up (a report
#: that kills its worker every time must not loop for ever).
MAX_ATTEMPTS = int(getattr(settings, "REPORT_JOB_MAX_ATTEMPTS", 3))
#: Where the files go in the default storage.
STORAGE_FOLDER = "report-jobs"
#: Statuses of a job's task that count as still alive (the queue runs it, or
#: runs it again once the periodic tick reclaims it from a killed worker).
_TASK_ALIVE = frozenset({"READY", "RUNNING"})


def _enqueue(job_id: int) -> None:
    from mentoring.reports.tasks import render_report_job

    result = render_report_job.enqueue(job_id=job_id)
    ReportJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


@transaction.atomic
def report_job_create(
    *, programme: Programme, by: User, language: str, fresh: bool = False
) -> tuple[ReportJob, bool]:
    """Ask for the programme report in ``language``. Returns the job and
    whether it is an existing one (reused).

    An unfinished job of the same programme, language and requester is
    returned as it is; so is a finished one younger than ``REUSE_MINUTES``
    unless ``fresh``. Otherwise a new job is written and the task
    ``render_report_job`` queued after commit.
    Side effects: a ReportJob row; audit entry ``reports.report_requested``
    (language, job, reused)."""
    if language not in REPORT_LANGUAGES:
        raise ValueError(f"unknown report language {language!r}")
    now = timezone.now()
    reusable = Q(status__in=UNFINISHED)
    if not fresh:
        reusable |= Q(
            status=ReportJobStatus.DONE,
            finished_at__gte=now - timedelta(minutes=REUSE_MINUTES),
            expires_at__gt=now,
        )
    existing = (
        ReportJob.objects.filter(
            reusable,
            programme=programme,
            requested_by=by,
            kind=ReportKind.PROGRAMME_PDF,
            language=language,
        )
        .order_by("-created_at")
        .first()
    )
    job = existing or ReportJob.objects.create(
        programme=programme,
        requested_by=by,
        kind=ReportKind.PROGRAMME_PDF,
        language=language,
        expires_at=now + timedelta(hours=EXPIRY_HOURS),
    )
    log_action(
        actor=by,
        action="reports.report_requested",
        obj=job,
        programme=programme,
        data={"language": language, "job": job.pk, "reused": existing is not None},
    )
    if existing is None:
        job_id = job.pk
        transaction.on_commit(lambda: _enqueue(job_id))
    return job, existing is not None


def _mine(job: ReportJob) -> QuerySet[ReportJob]:
    """The job, while it is running in this attempt (a later attempt that took
    it over after this one's worker was given up for dead owns it then)."""
    return ReportJob.objects.filter(pk=job.pk, status=ReportJobStatus.RUNNING, attempt=job.attempt)


def _step(job: ReportJob, step: ReportStep) -> None:
    """Record that ``step`` starts (committed at once: the page polls it)."""
    job.step = step
    job.progress = STEP_PROGRESS[step]
    job.progressed_at = timezone.now()
    _mine(job).update(step=job.step, progress=job.progress, progressed_at=job.progressed_at)


def _fail(job: ReportJob, error: ReportJobError) -> ReportJob:
    now = timezone.now()
    job.status = ReportJobStatus.FAILED
    job.error = error
    job.finished_at = now
    job.expires_at = now + timedelta(hours=EXPIRY_HOURS)
    _mine(job).update(
        status=job.status, error=job.error, finished_at=now, expires_at=job.expires_at
    )
    log_action(
        actor=job.requested_by,
        action="reports.report_failed",
        obj=job,
        programme=job.programme,
        data={"job": job.pk, "error": str(error)},
    )
    return job


def _render(job: ReportJob) -> bytes:
    """The renderer of ``pdf.py``, step by step, in the job's language."""
    # Imported here: the dashboard and WeasyPrint are only the worker's.
    from mentoring.reports.dashboard import programme_dashboard
    from mentoring.reports.pdf import layout_report, render_report_html

    with translation.override(job.language):
        dashboard = programme_dashboard(job.programme)
        _step(job, ReportStep.CHARTS)
        html = render_report_html(dashboard)
        _step(job, ReportStep.LAYOUT)
        document = layout_report(html)
        _step(job, ReportStep.WRITING)
        return bytes(document.write_pdf())


def _claim(job_id: int, attempt: int) -> tuple[bool, bool]:
    """Move the job to running for ``attempt``. Returns (claimed, restarted):
    a queued job is claimed by any attempt; a running one only by a later
    attempt of its task (the worker of the earlier one was killed and the
    task reclaimed), which renders it again from the start."""
    now = timezone.now()
    start = {
        "status": ReportJobStatus.RUNNING,
        "attempt": attempt,
        "started_at": now,
        "progressed_at": now,
        "step": ReportStep.FIGURES,
        "progress": STEP_PROGRESS[ReportStep.FIGURES],
    }
    jobs = ReportJob.objects.filter(pk=job_id)
    if jobs.filter(status=ReportJobStatus.QUEUED).update(**start):
        return True, False
    restarted = jobs.filter(status=ReportJobStatus.RUNNING, attempt__lt=attempt).update(**start)
    return bool(restarted), bool(restarted)


def _discard_earlier_files(job: ReportJob) -> None:
    """Delete what an earlier attempt of ``job`` may have stored before its
    worker died (its file is named ``<job id>-<random>.pdf``)."""
    folder = f"{STORAGE_FOLDER}/{job.programme_id}"
    try:
        _folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        if name.startswith(f"{job.pk}-") and name.endswith(".pdf"):
            report_job_file_discard(name=f"{folder}/{name}")


def report_job_run(*, job_id: int, attempt: int = 1) -> ReportJob | None:
    """The worker's part: render the job's report and store the file.

    Safe to call twice: only the call that moves the job from queued to
    running does the work. ``attempt`` is the task's attempt: a later
    attempt (the worker of the earlier one was killed and the periodic tick
    put the task back in the queue) takes a job left running and renders it
    again from the start: progress from zero, ``attempt`` recorded (the page
    says the report is being made again), a file the earlier attempt stored
    deleted. Only the attempt that owns the job records progress or
    finishes it; an earlier one that was only slow stores nothing. After
    ``MAX_ATTEMPTS`` the job is failed as stopped instead. An error marks
    the job failed with a code the page turns into a sentence (never the
    exception). A job deleted or failed meanwhile keeps no file.
    Side effects: the job's progress, attempt, file (default storage), size
    and status; audit entries ``reports.report_restarted`` (a later attempt
    took the job over) and ``reports.report_made`` (or
    ``reports.report_failed``).
    Not atomic on purpose: each step is committed so the page can show it."""
    if attempt > MAX_ATTEMPTS:
        return _give_up(job_id, attempt)
    claimed, restarted = _claim(job_id, attempt)
    job = ReportJob.objects.select_related("programme", "requested_by").filter(pk=job_id).first()
    if job is None or not claimed:
        return job
    job.attempt = attempt  # what this call owns (a later attempt may take it over)
    if restarted:
        _discard_earlier_files(job)
        log_action(
            actor=None,
            action="reports.report_restarted",
            obj=job,
            programme=job.programme,
            data={"job": job.pk, "attempt": attempt},
        )
    started = time.perf_counter()
    try:
        content = _render(job)
    except Exception:
        logger.exception("Report job %s could not be rendered", job_id)
        return _fail(job, ReportJobError.RENDER)
    _step(job, ReportStep.SAVING)
    try:
        name = default_storage.save(
            f"{STORAGE_FOLDER}/{job.programme_id}/{job.pk}-{secrets.token_hex(8)}.pdf",
            ContentFile(content),
        )
    except Exception:
        logger.exception("Report job %s could not be stored", job_id)
        return _fail(job, ReportJobError.STORAGE)
    finished = timezone.now()
    expires = finished + timedelta(hours=EXPIRY_HOURS)
    done = _mine(job).update(
        status=ReportJobStatus.DONE,
        step=ReportStep.DONE,
        progress=100,
        progressed_at=finished,
        finished_at=finished,
        expires_at=expires,
        file=name,
        size=len(content),
    )
    if not done:  # deleted, given up or taken over meanwhile: keep no orphan file
        report_job_file_discard(name=name)
        return ReportJob.objects.filter(pk=job_id).first()
    job.refresh_from_db()
    log_action(
        actor=job.requested_by,
        action="reports.report_made",
        obj=job,
        programme=job.programme,
        data={
            "language": job.language,
            "job": job.pk,
            "bytes": len(content),
            "seconds": round(time.perf_counter() - started, 3),
        },
    )
    return job


def _give_up(job_id: int, attempt: int) -> ReportJob | None:
    """The task was taken up again too often: the unfinished job fails as stopped."""
    now = timezone.now()
    failed = ReportJob.objects.filter(pk=job_id, status__in=UNFINISHED).update(
        status=ReportJobStatus.FAILED,
        error=ReportJobError.STOPPED,
        finished_at=now,
        expires_at=now + timedelta(hours=EXPIRY_HOURS),
    )
    job = ReportJob.objects.select_related("programme").filter(pk=job_id).first()
    if failed and job is not None:
        log_action(
            actor=None,
            action="reports.report_failed",
            obj=job,
            programme=job.programme,
            data={"job": job.pk, "error": ReportJobError.STOPPED.value, "attempt": attempt},
        )
    return job


def report_job_for_user(*, user: User, slug: str, job_id: int) -> ReportJob:
    """The job, for the person who asked for it and only while they
    coordinate its programme; anybody else (another coordinator of the same
    programme and superusers included) gets ``Http404``."""
    programme = coordinated_programme_or_404(user=user, slug=slug)
    job = (
        ReportJob.objects.select_related("programme")
        .filter(pk=job_id, programme=programme, requested_by=user)
        .first()
    )
    if job is None:
        raise Http404
    return job


def report_job_download(*, job: ReportJob, by: User) -> IO[bytes]:
    """The finished job's file, opened for reading (``Http404`` if it is not
    ready or its file is gone). Side effects: audit entry
    ``reports.report_downloaded``."""
    if job.status != ReportJobStatus.DONE or not job.file:
        raise Http404
    try:
        handle = default_storage.open(str(job.file.name), "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    log_action(
        actor=by,
        action="reports.report_downloaded",
        obj=job,
        programme=job.programme,
        data={"language": job.language, "job": job.pk},
    )
    return handle


def report_job_file_discard(*, name: str) -> None:
    """Delete a job's file from the storage after the current transaction
    commits (nothing if the name is empty or the file is already gone)."""
    if not name:
        return

    def discard() -> None:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Report file %s could not be deleted", name, exc_info=True)

    transaction.on_commit(discard)


def _expired(now: datetime) -> QuerySet[ReportJob]:
    return ReportJob.objects.filter(expires_at__lte=now)


@transaction.atomic
def report_jobs_expire(*, now: datetime | None = None) -> int:
    """The periodic tick's clean-up: delete the jobs past ``expires_at`` and
    their files (``receivers.py`` deletes the file of every deleted job).
    Returns the number of jobs deleted.
    Side effects: audit entry ``reports.jobs_expired`` with the count."""
    deleted = 0
    for job in _expired(now or timezone.now()).order_by("pk"):
        job.delete()
        deleted += 1
    if deleted:
        log_action(actor=None, action="reports.jobs_expired", data={"jobs": deleted})
    return deleted


def _task_alive(task_id: str) -> bool:
    """Whether the job's task is still in the queue: waiting, or running
    (a running task whose worker was killed goes back to waiting by the
    periodic tick, ``common.leases.tasks_reclaim_stale``, and runs again)."""
    if not task_id:
        return False
    from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

    from mentoring.reports.tasks import render_report_job

    try:
        status = render_report_job.get_result(task_id).status
    except (TaskResultDoesNotExist, TaskResultMismatch, ValueError):
        return False
    return str(status) in _TASK_ALIVE


@transaction.atomic
def report_jobs_fail_stale(*, now: datetime | None = None) -> int:
    """Fail the unfinished jobs whose task is gone (never queued, deleted,
    or ended without finishing the job) and that have not moved for
    ``STALE_MINUTES``. A job whose task is still waiting or running is left
    alone: the queue runs it, or runs it again after its worker was killed
    (``report_job_run``). Returns how many were failed.
    Side effects: status, error code ``stopped``, finish time; audit entry
    ``reports.report_failed`` each."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=STALE_MINUTES)
    stale = ReportJob.objects.filter(status__in=UNFINISHED).filter(
        Q(progressed_at__lt=limit) | Q(progressed_at__isnull=True, created_at__lt=limit)
    )
    failed = 0
    for job in stale.select_related("programme", "requested_by").order_by("pk"):
        if _task_alive(job.task_id):
            continue
        changed = ReportJob.objects.filter(
            pk=job.pk, status=job.status, progress=job.progress, attempt=job.attempt
        ).update(
            status=ReportJobStatus.FAILED,
            error=ReportJobError.STOPPED,
            finished_at=now,
            expires_at=now + timedelta(hours=EXPIRY_HOURS),
        )
        if not changed:
            continue
        failed += 1
        log_action(
            actor=None,
            action="reports.report_failed",
            obj=job,
            programme=job.programme,
            data={"job": job.pk, "error": ReportJobError.STOPPED.value},
        )
    return failed
