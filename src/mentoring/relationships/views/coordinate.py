"""The coordinator's view of a programme's pairs: each pair's progress
through the establishment phase (roles exercise, agreement, first meeting,
trial gate), filterable, and one pair's status and dates. Coordinators see
status and dates only, never the pair's ratings, comments or agreement
text: the pages are built from ``progress.Progress``, whose prefetches load
no content at all."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mentoring.programmes.permissions import coordinator_required
from mentoring.programmes.selectors import coordinated_programme_or_404
from mentoring.relationships.progress import progress_of
from mentoring.relationships.selectors import (
    PAIR_FILTERS,
    PAIR_STATUSES,
    coordinated_pair_or_404,
    programme_pair_counts,
    programme_pairs,
    with_progress,
)

#: Pairs per page of the coordinator's list.
PAGE_SIZE = 50


@never_cache
@require_GET
@coordinator_required
def pair_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's pairs and their establishment progress. ``?show=``
    one of ``selectors.PAIR_FILTERS``."""
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    show = request.GET.get("show", "all")
    if show not in PAIR_FILTERS:
        show = "all"
    counts = programme_pair_counts(programme=programme)
    # 50 pairs a page; the count comes from the filters' one aggregate query.
    paginator = Paginator(programme_pairs(programme=programme, show=show), PAGE_SIZE)
    paginator.count = counts[show]
    page = paginator.get_page(request.GET.get("page"))
    rows = [(mentorship, progress_of(mentorship)) for mentorship in page.object_list]
    return render(
        request,
        "relationships/coordinate_pairs.html",
        {
            "programme": programme,
            "rows": rows,
            "page": page,
            "show": show,
            "filters": [(name, counts[name]) for name in PAIR_FILTERS],
        },
    )


@never_cache
@require_GET
@coordinator_required
def pair_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One pair's status and dates. A match that is not (yet) a pair lives on
    the matching page: 404 here."""
    mentorship = coordinated_pair_or_404(user=request.user, slug=slug, pk=pk)
    if mentorship.status not in PAIR_STATUSES:
        raise Http404
    progress = progress_of(with_progress(mentorship))
    return render(
        request,
        "relationships/coordinate_pair.html",
        {
            "programme": mentorship.programme,
            "mentorship": mentorship,
            "progress": progress,
            "next": progress.next_step,
        },
    )
