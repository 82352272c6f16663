"""Calendar files (RFC 5545, iTIP RFC 5546) for meetings, built with ``icalendar``.

- ``meeting_invitation``: one meeting as an invitation (``METHOD:REQUEST``),
  or, once cancelled, as a cancellation (``METHOD:CANCEL``) with the same UID.
- ``feed_calendar``: a person's private feed (``METHOD:PUBLISH``): all their
  meetings in pairs that have not ended, cancelled ones as ``STATUS:CANCELLED``.

Every event has the meeting's stable ``uid`` and its ``sequence`` (raised on
every change), so calendar programs update the one event instead of adding a
second. Times are in Europe/Copenhagen (``DTSTART;TZID=...``) with a
``VTIMEZONE`` written out by hand in the compact RRULE form that Outlook and
Google accept (the EU rules, in force since 1996; a test compares it with the
zoneinfo database). Texts are in the reader's language.

Confidentiality: an event carries date, time, place, theme, the two people and
a link to the meeting page, never the agenda, summary, notes or homework. The
events are marked ``CLASS:PRIVATE``, so that a shared calendar shows them as
busy time only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress
from icalendar.prop import vDuration, vUri

from mentoring.common.site import absolute_url
from mentoring.meetings.enums import MeetingStatus, VenueKind, venue_label
from mentoring.meetings.models import Meeting
from mentoring.meetings.selectors import WRITABLE_STATUSES
from mentoring.relationships.models import Mentorship

PRODID = "-//Mentorordning//Mentorordning//DA"
TZID = "Europe/Copenhagen"
ZONE = ZoneInfo(TZID)
#: How often a calendar program should fetch the feed again.
FEED_REFRESH = timedelta(hours=1)
CONTENT_TYPE = "text/calendar; charset=utf-8"


# -- which meetings (reads) -----------------------------------------------


def _calendar_meetings() -> QuerySet[Meeting]:
    """Meetings with what an event shows loaded (one query), and the texts
    an event must never show left out: reading them would cost a query per
    meeting, which the feed's query-count test would catch."""
    return Meeting.objects.select_related(
        "mentorship__programme", "mentorship__mentee__user", "mentorship__mentor__user"
    ).defer("agenda", "summary", "role_feedback", "roles_used")


def meeting_for_invitation(*, mentorship: Mentorship, pk: int) -> Meeting:
    """Meeting ``pk`` of the pair (found with ``pair_or_404``);
    ``Meeting.DoesNotExist`` for any other."""
    return _calendar_meetings().get(mentorship=mentorship, pk=pk)


def feed_meetings(*, user: Any) -> QuerySet[Meeting]:
    """Every meeting of the user's pairs that have not ended (accepted by
    both, or closing), cancelled ones included, in time order."""
    return (
        _calendar_meetings()
        .filter(
            Q(mentorship__mentee__user=user) | Q(mentorship__mentor__user=user),
            mentorship__status__in=WRITABLE_STATUSES,
        )
        .order_by("starts_at", "pk")
    )


# -- building the calendar ----------------------------------------------------


def copenhagen_timezone() -> Timezone:
    """The VTIMEZONE of Europe/Copenhagen: CET/CEST with the EU rules (summer
    time from the last Sunday of March 02:00 to the last Sunday of October
    03:00 local time)."""
    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("dtstart", datetime(1970, 3, 29, 2, 0, 0))  # floating, as RFC 5545 wants
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("dtstart", datetime(1970, 10, 25, 3, 0, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(daylight)
    zone.add_component(standard)
    return zone


def _calendar(*, method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(copenhagen_timezone())
    return calendar


def _person(user: Any, *, organizer: bool, invited: bool = False) -> vCalAddress:
    """An ORGANIZER or ATTENDEE. ``invited``: the person an e-mailed
    invitation asks (``PARTSTAT=NEEDS-ACTION``, ``RSVP=TRUE``), so that the
    calendar program offers Accept and Decline."""
    address = vCalAddress(f"mailto:{user.email}")
    address.params["CN"] = user.get_full_name() or user.email
    if not organizer:
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params["PARTSTAT"] = "NEEDS-ACTION" if invited else "ACCEPTED"
        address.params["RSVP"] = "TRUE" if invited else "FALSE"
    return address


#: Video-meeting services a link is recognised as (host suffix → name shown).
VIDEO_SERVICES = (
    ("teams.microsoft.com", "Microsoft Teams"),
    ("teams.live.com", "Microsoft Teams"),
    ("meet.google.com", "Google Meet"),
    ("zoom.us", "Zoom"),
    ("zoom.com", "Zoom"),
)


def video_service(link: str) -> str:
    """The name of the video service a https link points to ("Zoom"), or ""."""
    host = (urlsplit(link).hostname or "").lower()
    for suffix, name in VIDEO_SERVICES:
        if host == suffix or host.endswith("." + suffix):
            return name
    return ""


def meeting_location(meeting: Meeting, *, side: str | None = None) -> str:
    """The place as calendar programs show it: the video link of a virtual
    meeting, else the place's name, else the kind of place, worded for the
    person of the pair on ``side`` ("At your workplace")."""
    if meeting.venue_kind == VenueKind.VIRTUAL and meeting.video_link:
        return meeting.video_link
    if meeting.venue_name:
        return meeting.venue_name
    return venue_label(meeting.venue_kind, side=side)


def meeting_summary(meeting: Meeting, *, other_name: str) -> str:
    """ "Mentor meeting: <theme>" in the active language (or "... with <name>")."""
    if meeting.theme:
        return _("Mentor meeting: %(theme)s") % {"theme": meeting.theme}
    return _("Mentor meeting with %(name)s") % {"name": other_name}


def _event(meeting: Meeting, *, viewer: Any, stamp: datetime, invite: bool = False) -> Event:
    mentorship = meeting.mentorship
    mentee_user = mentorship.mentee.user
    mentor_user = mentorship.mentor.user
    other = mentor_user if viewer.pk == mentee_user.pk else mentee_user
    organizer = mentor_user if meeting.created_by_id == mentor_user.pk else mentee_user
    url = absolute_url(reverse("meetings:detail", args=[mentorship.pk, meeting.pk]))
    cancelled = meeting.status == MeetingStatus.CANCELLED
    start = meeting.starts_at.astimezone(UTC)
    end = start + timedelta(minutes=meeting.duration_minutes)
    description = _(
        "A meeting in the mentoring programme %(programme)s between %(mentee)s (mentee) "
        "and %(mentor)s (mentor). The agenda, your notes and your homework are on the "
        "meeting's page (you need to log in): %(url)s"
    ) % {
        "programme": mentorship.programme.name,
        "mentee": mentee_user.get_full_name(),
        "mentor": mentor_user.get_full_name(),
        "url": url,
    }
    video = meeting.video_link if meeting.venue_kind == VenueKind.VIRTUAL else ""
    if video:
        description = _("Join the video meeting: %(link)s") % {"link": video} + "\n\n" + description
    if cancelled:
        description = _("This meeting has been cancelled.") + "\n\n" + description

    event = Event()
    event.add("uid", str(meeting.uid))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("created", meeting.created_at.astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    event.add("dtstart", start.astimezone(ZONE))
    event.add("dtend", end.astimezone(ZONE))
    event.add("summary", meeting_summary(meeting, other_name=other.get_full_name()))
    side = "mentee" if viewer.pk == mentee_user.pk else "mentor"
    event.add("location", meeting_location(meeting, side=side))
    event.add("description", description)
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    event.add("class", "PRIVATE")
    if video:
        # RFC 7986 CONFERENCE: calendar programs show a "Join" button.
        conference = vUri(video)
        conference.params["VALUE"] = "URI"
        conference.params["FEATURE"] = "VIDEO"
        conference.params["LABEL"] = video_service(video) or _("Video meeting")
        event.add("conference", conference)
    event.add("organizer", _person(organizer, organizer=True))
    for person in (mentee_user, mentor_user):
        event.add(
            "attendee",
            _person(person, organizer=False, invited=invite and person.pk == viewer.pk),
        )
    return event


def meeting_invitation(
    *, meeting: Meeting, viewer: Any, now: datetime | None = None, invite: bool = False
) -> bytes:
    """One meeting as an ``.ics`` invitation for ``viewer`` (one of the pair),
    in the active language: ``METHOD:REQUEST``, or ``METHOD:CANCEL`` once the
    meeting is cancelled (same UID, so the calendar removes its copy).

    The download, the feed and the e-mailed invitation (iMIP, ``invite``:
    the viewer is asked to answer) are built here, so they carry the same
    UID and SEQUENCE. ``meeting`` needs ``mentorship__programme``,
    ``mentorship__mentee__user`` and ``mentorship__mentor__user`` loaded."""
    cancelled = meeting.status == MeetingStatus.CANCELLED
    calendar = _calendar(method="CANCEL" if cancelled else "REQUEST")
    calendar.add_component(
        _event(meeting, viewer=viewer, stamp=now or timezone.now(), invite=invite and not cancelled)
    )
    return bytes(calendar.to_ical())


def meeting_invitation_text(*, meeting: Meeting, viewer: Any) -> str:
    """The e-mailed iTIP invitation (or cancellation) of ``meeting`` for
    ``viewer`` as text, for the outbox (``mail_queue(calendar=...)``)."""
    return meeting_invitation(meeting=meeting, viewer=viewer, invite=True).decode()


def feed_calendar(
    *, meetings: Iterable[Meeting], viewer: Any, language: str, now: datetime | None = None
) -> bytes:
    """A person's private feed (``METHOD:PUBLISH``) in ``language``: the
    given meetings (loaded as for ``meeting_invitation``). Always valid, also
    without meetings (the VTIMEZONE is a component)."""
    stamp = now or timezone.now()
    with translation.override(language):
        calendar = _calendar(method="PUBLISH")
        name = _("Mentoring meetings")
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", TZID)
        refresh = vDuration(FEED_REFRESH)
        refresh.params["VALUE"] = "DURATION"
        calendar.add("refresh-interval", refresh)
        calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
        for meeting in meetings:
            calendar.add_component(_event(meeting, viewer=viewer, stamp=stamp))
    return bytes(calendar.to_ical())
