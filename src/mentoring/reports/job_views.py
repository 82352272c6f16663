"""Coordinator pages of the reports made by the worker (``jobs.py``): asking
for the programme report as PDF, its progress page (htmx polls a small
partial every second; without JavaScript the page refreshes itself), and the
download. A job is seen only by the person who asked for it, while they
coordinate the programme: anybody else, another coordinator of the same
programme and superusers included, gets 404 (``jobs.report_job_for_user``).
The three pages of a job share that guard: ``requester_job_view``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import cast

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mentoring.accounts.models import User
from mentoring.programmes.permissions import coordinator_required
from mentoring.programmes.selectors import coordinated_programme_or_404
from mentoring.reports.enums import ReportJobError, ReportJobStatus
from mentoring.reports.forms import ReportJobForm
from mentoring.reports.jobs import (
    REPORT_LANGUAGES,
    report_job_create,
    report_job_download,
    report_job_for_user,
)
from mentoring.reports.models import ReportJob
from mentoring.reports.pdf import report_filename


@require_POST
@coordinator_required
def report_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for the report (a job for the worker) and go to its page."""
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    form = ReportJobForm(request.POST)
    language = translation.get_language()
    fresh = False
    if form.is_valid():
        language = form.cleaned_data["language"]
        fresh = form.cleaned_data["fresh"]
    if language not in REPORT_LANGUAGES:
        language = REPORT_LANGUAGES[0]
    job, _reused = report_job_create(
        programme=programme, by=cast(User, request.user), language=language, fresh=fresh
    )
    return redirect("reports:report_job", slug=programme.slug, job=job.pk)


def _context(job: ReportJob) -> dict[str, object]:
    return {
        "programme": job.programme,
        "job": job,
        "error_text": ReportJobError(job.error).label if job.error else "",
        "failed": job.status == ReportJobStatus.FAILED,
        "done": job.status == ReportJobStatus.DONE,
    }


JobView = Callable[[HttpRequest, ReportJob], HttpResponse]


def requester_job_view(view: JobView) -> Callable[[HttpRequest, str, int], HttpResponse]:
    """The guard of a job's pages: GET only, never cached, a signed-in
    coordinator with MFA (``coordinator_required``), and the job of the
    programme ``slug`` asked for by this person while they coordinate it
    (``jobs.report_job_for_user``); anything else is 404. ``view`` gets the
    job instead of the slug and the id."""

    @never_cache
    @require_GET
    @coordinator_required
    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, job: int) -> HttpResponse:
        found = report_job_for_user(user=cast(User, request.user), slug=slug, job_id=job)
        return view(request, found)

    return wrapped


@requester_job_view
def report_job(request: HttpRequest, job: ReportJob) -> HttpResponse:
    return render(request, "reports/report_job.html", _context(job))


@requester_job_view
def report_job_status(request: HttpRequest, job: ReportJob) -> HttpResponse:
    """The status partial htmx polls while the job works."""
    return render(request, "reports/_report_job_status.html", _context(job))


@requester_job_view
def report_download(request: HttpRequest, job: ReportJob) -> HttpResponse:
    handle = report_job_download(job=job, by=cast(User, request.user))
    with translation.override(job.language):
        filename = report_filename(job.programme)
    # Streamed from the storage (the guard's type says HttpResponse).
    return cast(
        HttpResponse,
        FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf"),
    )
