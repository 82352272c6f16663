"""Reports made by the worker (issue 19, point 8): a coordinator asks for the
programme report as PDF, the web request only writes a ``ReportJob`` and
queues a task (ids only, after commit); the worker renders it with the same
renderer as before (``pdf.py``), recording its progress step by step; the
file goes to the default storage (``STORAGES["default"]``), and only the
person who asked may download it, while they coordinate the programme.

Services (writes): ``report_job_create``, ``report_job_run``,
``report_job_download``, ``report_jobs_expire``, ``report_jobs_fail_stale``,
``report_job_file_discard``. Selectors (reads): ``report_job_for_user``.

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
#: Where the files go in the default storage.
STORAGE_FOLDER = "report-jobs"


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


def _step(job: ReportJob, step: ReportStep) -> None:
    """Record that ``step`` starts (committed at once: the page polls it)."""
    job.step = step
    job.progress = STEP_PROGRESS[step]
    job.progressed_at = timezone.now()
    ReportJob.objects.filter(pk=job.pk, status=ReportJobStatus.RUNNING).update(
        step=job.step, progress=job.progress, progressed_at=job.progressed_at
    )


def _fail(job: ReportJob, error: ReportJobError) -> ReportJob:
    now = timezone.now()
    job.status = ReportJobStatus.FAILED
    job.error = error
    job.finished_at = now
    job.expires_at = now + timedelta(hours=EXPIRY_HOURS)
    ReportJob.objects.filter(pk=job.pk, status=ReportJobStatus.RUNNING).update(
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


def report_job_run(*, job_id: int) -> ReportJob | None:
    """The worker's part: render the job's report and store the file.

    Safe to call twice: only the call that moves the job from queued to
    running does the work. An error marks the job failed with a code the
    page turns into a sentence (never the exception). A job deleted or
    failed meanwhile keeps no file.
    Side effects: the job's progress, file (default storage), size and
    status; audit entry ``reports.report_made`` (or ``reports.report_failed``).
    Not atomic on purpose: each step is committed so the page can show it."""
    now = timezone.now()
    claimed = ReportJob.objects.filter(pk=job_id, status=ReportJobStatus.QUEUED).update(
        status=ReportJobStatus.RUNNING,
        started_at=now,
        progressed_at=now,
        step=ReportStep.FIGURES,
        progress=STEP_PROGRESS[ReportStep.FIGURES],
    )
    job = ReportJob.objects.select_related("programme", "requested_by").filter(pk=job_id).first()
    if job is None or not claimed:
        return job
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
    done = ReportJob.objects.filter(pk=job.pk, status=ReportJobStatus.RUNNING).update(
        status=ReportJobStatus.DONE,
        step=ReportStep.DONE,
        progress=100,
        progressed_at=finished,
        finished_at=finished,
        expires_at=expires,
        file=name,
        size=len(content),
    )
    if not done:  # deleted or given up meanwhile: keep no orphan file
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


@transaction.atomic
def report_jobs_fail_stale(*, now: datetime | None = None) -> int:
    """Fail the unfinished jobs without progress for ``STALE_MINUTES``
    (their worker was stopped). Returns how many.
    Side effects: status, error code ``stopped``, finish time; audit entry
    ``reports.report_failed`` each."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=STALE_MINUTES)
    stale = ReportJob.objects.filter(status__in=UNFINISHED).filter(
        Q(progressed_at__lt=limit) | Q(progressed_at__isnull=True, created_at__lt=limit)
    )
    failed = 0
    for job in stale.select_related("programme", "requested_by").order_by("pk"):
        changed = ReportJob.objects.filter(
            pk=job.pk, status=job.status, progress=job.progress
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
