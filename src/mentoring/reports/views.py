"""Coordinator pages of a programme's results: the dashboard (charts with the
same numbers as tables), its data as CSV or XLSX, the PDF report, and the
comparison with another programme the coordinator coordinates (the PDF
report is made by the worker: ``job_views.py``). Every page
finds its programmes through ``programmes_for_user`` (another coordinator's
programme is a 404) and shows aggregates only (``dashboard.py``)."""

from __future__ import annotations

from typing import cast

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mentoring.accounts.models import User
from mentoring.programmes.permissions import coordinator_required
from mentoring.programmes.selectors import (
    coordinated_programme_and_others_or_404,
    coordinated_programme_or_404,
    programmes_for_user,
)
from mentoring.reports.comparison import compare
from mentoring.reports.dashboard import chart_data, programme_dashboard
from mentoring.reports.exporting import CONTENT_TYPES, FORMATS, dashboard_export


@never_cache
@require_GET
@coordinator_required
def dashboard_view(request: HttpRequest, slug: str) -> HttpResponse:
    programme, others = coordinated_programme_and_others_or_404(user=request.user, slug=slug)
    dashboard = programme_dashboard(programme)
    return render(
        request,
        "reports/dashboard.html",
        {
            "programme": programme,
            "dashboard": dashboard,
            "charts": chart_data(dashboard),
            "others": others,
            "formats": FORMATS,
        },
    )


@never_cache
@require_GET
@coordinator_required
def export_view(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    if file_format not in FORMATS:
        raise Http404
    dashboard = programme_dashboard(programme)
    content = dashboard_export(
        dashboard=dashboard, actor=cast(User, request.user), file_format=file_format
    )
    stamp = timezone.localdate().isoformat()
    stem = slugify(pgettext("file name of the results report", "results"))
    name = f"{programme.slug}-{stem}-{stamp}.{file_format}"
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    else:  # CSV streams: the guards are typed for HttpResponse, which it stands in for
        response = cast(
            HttpResponse, StreamingHttpResponse(content, content_type=CONTENT_TYPES[file_format])
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@require_GET
@coordinator_required
def compare_view(request: HttpRequest, slug: str) -> HttpResponse:
    """``?with=<slug>``: the other programme (one the user coordinates, else 404)."""
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    coordinated = programmes_for_user(request.user)
    others = list(coordinated.exclude(pk=programme.pk).order_by("-created_at")[:50])
    other_slug = request.GET.get("with", "")
    comparison = None
    if other_slug:
        other = get_object_or_404(coordinated, slug=other_slug)
        now = timezone.now()
        comparison = compare(
            programme_dashboard(programme, now=now), programme_dashboard(other, now=now)
        )
    return render(
        request,
        "reports/compare.html",
        {"programme": programme, "others": others, "comparison": comparison},
    )
