from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from mentoring.common.audit import log_action
from mentoring.common.permissions import coordinator_required
from mentoring.programmes.selectors import programme_audit_entries, programmes_for_user


@require_GET
@coordinator_required
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = programmes_for_user(request.user).prefetch_related("coordinators")
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


@require_GET
@coordinator_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(programmes_for_user(request.user), slug=slug)
    return render(request, "programmes/programme_detail.html", {"programme": programme})


@require_GET
@coordinator_required
def programme_audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(programmes_for_user(request.user), slug=slug)
    # Logged first, so the page counts and shows this entry consistently.
    log_action(actor=request.user, action="audit_log.viewed", obj=programme, programme=programme)
    page = Paginator(programme_audit_entries(programme=programme), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "programmes/audit_log.html", {"programme": programme, "page": page})
