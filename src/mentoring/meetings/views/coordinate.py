"""The coordinator's overview of a programme's meetings: for each pair the
meetings held and planned against the agreement and the programme's
recommendation, the last and the next meeting, open and overdue homework,
and the pairs at risk with the reasons. Figures and dates only: no note,
agenda, summary or goal text is loaded (``overview.meetings_overview``).
Constant number of queries for any number of pairs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mentoring.meetings import overview as pairs_overview
from mentoring.meetings import selectors
from mentoring.programmes.method import recommendation_text
from mentoring.programmes.permissions import coordinator_required
from mentoring.programmes.selectors import coordinated_programme_or_404

#: Pairs per page of the overview.
PAGE_SIZE = 50


@never_cache
@require_GET
@coordinator_required
def meetings_overview_view(request: HttpRequest, slug: str) -> HttpResponse:
    """``?show=risk``: only the pairs at risk."""
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    show = "risk" if request.GET.get("show") == "risk" else "all"
    now = timezone.now()
    # The figures come from aggregate queries over every pair (the risk filter
    # needs them); only a page of 50 pairs is loaded and rendered.
    overview = pairs_overview.meetings_overview_page(
        programme=programme,
        at_risk_only=show == "risk",
        page=request.GET.get("page"),
        per_page=PAGE_SIZE,
        now=now,
    )
    return render(
        request,
        "meetings/coordinate.html",
        {
            "programme": programme,
            "rows": overview.rows,
            "page": overview.page,
            "show": show,
            "total": overview.total,
            "at_risk_count": overview.at_risk_count,
            "inactivity_days": selectors.inactivity_days(programme),
            "agenda_days": selectors.AGENDA_WARNING_DAYS,
            "recommendation": recommendation_text(programme),
            "now": now,
        },
    )
