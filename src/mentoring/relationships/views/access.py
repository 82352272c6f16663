"""Finding the mentorship a pair page is about, or answering 404.

Every pair page (``/me/mentorships/<pk>/...``) starts with ``pair_or_404``:
only the mentee and the mentor of the mentorship get it, and only once both
accepted the match (a proposal lives on the match page). Coordinator pages
about pairs start with ``coordinated_pair_or_404``: only coordinators of the
pair's programme (and superusers) get it, and they see status and dates,
never the pair's content.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from mentoring.programmes.models import Programme
from mentoring.programmes.selectors import programmes_for_user
from mentoring.relationships.enums import Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.selectors import PAIR_STATUSES, mentorships_for_user, side_of


def pair_or_404(request: HttpRequest, pk: int) -> tuple[Mentorship, Side]:
    """The user's own mentorship ``pk`` and their side of it; Http404 for
    anybody else's, and for one that is not (or no longer) a pair."""
    try:
        mentorship = mentorships_for_user(request.user).filter(status__in=PAIR_STATUSES).get(pk=pk)
    except Mentorship.DoesNotExist as error:
        raise Http404 from error
    side = side_of(mentorship=mentorship, user=request.user)
    if side is None:  # pragma: no cover - the selector only returns the user's own
        raise Http404
    return mentorship, side


def coordinated_programme_or_404(request: HttpRequest, slug: str) -> Programme:
    """A programme the user coordinates (any, for a superuser); Http404 otherwise."""
    return get_object_or_404(programmes_for_user(request.user), slug=slug)


def coordinated_pair_or_404(request: HttpRequest, slug: str, pk: int) -> Mentorship:
    """Mentorship ``pk`` of a programme the user coordinates; Http404 otherwise."""
    programme = coordinated_programme_or_404(request, slug)
    try:
        return (
            Mentorship.objects.select_related("programme", "mentee__user", "mentor__user")
            .filter(programme=programme)
            .get(pk=pk)
        )
    except Mentorship.DoesNotExist as error:
        raise Http404 from error
