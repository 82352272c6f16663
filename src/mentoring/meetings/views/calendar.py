"""Calendar views: one meeting's ``.ics`` invitation (the two people of the
pair only), the person's calendar page (their private feed address, how to
subscribe, and a reset), and the feed itself.

The feed (``/calendar/<token>.ics``) has no login: the secret token in its
address is the key. It is looked up by its unique column (no comparison in
Python), an unknown token answers 404, and the token is never logged: the
404 is marked as logged, so that Django's request logger does not write the
path (with the mistyped or old token) to the log.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from mentoring.common.site import absolute_url
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.ics import (
    CONTENT_TYPE,
    feed_calendar,
    feed_meetings,
    meeting_for_invitation,
    meeting_invitation,
)
from mentoring.meetings.models import CalendarFeed, Meeting
from mentoring.meetings.services.calendar import calendar_feed_get_or_create, calendar_feed_reset
from mentoring.relationships.selectors import pair_or_404

#: What a token looks like (``secrets.token_urlsafe``): anything else is not looked up.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
#: Upcoming meetings listed on the calendar page.
UPCOMING_SHOWN = 10


def _calendar_response(body: bytes, *, filename: str, method: str | None = None) -> HttpResponse:
    content_type = CONTENT_TYPE + (f"; method={method}" if method else "")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@login_required
def meeting_ics(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    """The meeting as an invitation to import (``METHOD:REQUEST``), or as a
    cancellation (``METHOD:CANCEL``, same UID) once it is cancelled."""
    mentorship, _side = pair_or_404(user=request.user, pk=pk)
    try:
        item = meeting_for_invitation(mentorship=mentorship, pk=meeting)
    except Meeting.DoesNotExist as error:
        raise Http404 from error
    body = meeting_invitation(meeting=item, viewer=request.user)
    method = "CANCEL" if item.status == MeetingStatus.CANCELLED else "REQUEST"
    local_day = timezone.localdate(item.starts_at)
    response = _calendar_response(
        body, filename=f"mentormoede-{local_day:%Y-%m-%d}.ics", method=method
    )
    response["Cache-Control"] = "private, no-cache, no-store, must-revalidate, max-age=0"
    return response


def feed_url(feed: CalendarFeed) -> str:
    """The absolute address of the feed (it holds the secret token)."""
    return absolute_url(reverse("meetings:feed", args=[feed.token]))


@never_cache
@require_GET
@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed = calendar_feed_get_or_create(user=request.user)
    url = feed_url(feed)
    upcoming = list(
        feed_meetings(user=request.user).filter(
            status=MeetingStatus.PLANNED, starts_at__gt=timezone.now()
        )[:UPCOMING_SHOWN]
    )
    return render(
        request,
        "meetings/calendar.html",
        {
            "feed_url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[-1],
            "upcoming": upcoming,
        },
    )


@require_POST
@login_required
def calendar_reset(request: HttpRequest) -> HttpResponse:
    calendar_feed_reset(user=request.user)
    messages.success(
        request,
        _(
            "Your calendar has a new address, and the old one no longer works. "
            "Subscribe again in your calendar program with the new address."
        ),
    )
    return redirect("meetings:calendar")


def _feed_not_found() -> HttpResponse:
    response = HttpResponseNotFound(b"Not found", content_type="text/plain; charset=utf-8")
    # Django logs 4xx responses with their path; this path holds a token.
    response._has_been_logged = True  # type: ignore[attr-defined]
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe  # calendar programs may ask with HEAD first
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's private feed, in their language; 404 for an unknown token."""
    if not TOKEN_PATTERN.fullmatch(token):
        return _feed_not_found()
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        return _feed_not_found()
    user = feed.user
    body = feed_calendar(
        meetings=feed_meetings(user=user),
        viewer=user,
        language=str(user.language or settings.LANGUAGE_CODE),
    )
    response = _calendar_response(body, filename="mentorordning.ics")
    response["Content-Disposition"] = 'inline; filename="mentorordning.ics"'
    return response
