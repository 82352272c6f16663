"""Calendar files for meetings (issue 6, point 7): an invitation per
meeting, updates and cancellations with the same UID, Europe/Copenhagen
with its VTIMEZONE, texts in the reader's language, no confidential
content, and RFC 5545 rules checked on the bytes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar

from mentoring.meetings.enums import MeetingStatus, VenueKind
from mentoring.meetings.ics import (
    copenhagen_timezone,
    feed_calendar,
    feed_meetings,
    meeting_for_invitation,
    meeting_invitation,
)
from mentoring.meetings.models import Meeting
from mentoring.programmes.models import Programme
from tests.meetings.calendar_helpers import SECRET, assert_rfc5545, events, meeting, pair

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def invitation(item: Meeting, *, viewer=None, language: str = "da") -> bytes:  # type: ignore[no-untyped-def]
    loaded = meeting_for_invitation(mentorship=item.mentorship, pk=item.pk)
    with translation.override(language):
        return meeting_invitation(meeting=loaded, viewer=viewer or item.mentorship.mentee.user)


def test_an_invitation_is_valid_rfc5545_with_every_property(programme: Programme) -> None:
    mentorship = pair(programme)
    start = datetime(2031, 7, 1, 10, 0, tzinfo=CPH)  # summer time: UTC+2
    item = meeting(
        mentorship,
        starts_at=start,
        minutes=90,
        theme="Svære samtaler",
        agenda=SECRET,
        venue_kind=VenueKind.OTHER,
        venue_name="Café Norden",
    )
    raw = invitation(item)
    calendar = assert_rfc5545(raw)
    text = raw.decode()

    assert calendar["METHOD"] == "REQUEST"
    assert calendar["PRODID"] == "-//Mentorordning//Mentorordning//DA"
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Copenhagen"
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == str(item.uid)
    assert event["SEQUENCE"] == 0
    assert "DTSTART;TZID=Europe/Copenhagen:20310701T100000" in text
    assert "DTEND;TZID=Europe/Copenhagen:20310701T113000" in text
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2031, 7, 1, 8, 0, tzinfo=UTC)
    assert event["STATUS"] == "CONFIRMED"
    assert event["CLASS"] == "PRIVATE"
    assert event["LOCATION"] == "Café Norden"
    assert event["URL"].endswith(f"/me/mentorships/{mentorship.pk}/meetings/{item.pk}/")
    with translation.override("da"):
        assert event["SUMMARY"] == gettext("Mentor meeting: %(theme)s") % {
            "theme": "Svære samtaler"
        }
    mentee, mentor = mentorship.mentee.user, mentorship.mentor.user
    assert str(event["ORGANIZER"]) == f"mailto:{mentee.email}"
    assert event["ORGANIZER"].params["CN"] == mentee.get_full_name()
    assert sorted(str(a) for a in event["ATTENDEE"]) == sorted(
        [f"mailto:{mentee.email}", f"mailto:{mentor.email}"]
    )
    assert mentorship.programme.name_da in event["DESCRIPTION"]  # Danish invitation


def test_winter_time_and_english(programme: Programme) -> None:
    mentorship = pair(programme, mentee_language="en")
    item = meeting(mentorship, starts_at=datetime(2032, 1, 12, 10, 0, tzinfo=CPH), theme="")
    raw = invitation(item, language="en")
    [event] = events(raw)
    assert "DTSTART;TZID=Europe/Copenhagen:20320112T100000" in raw.decode()
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2032, 1, 12, 9, 0, tzinfo=UTC)
    # No theme: the other person's name.
    assert event["SUMMARY"] == f"Mentor meeting with {mentorship.mentor.user.get_full_name()}"
    item.theme = "Career steps"
    item.save(update_fields=["theme"])
    [event] = events(invitation(item, language="en"))
    assert event["SUMMARY"] == "Mentor meeting: Career steps"


def test_a_meeting_across_the_change_to_summer_time_lasts_its_real_length(
    programme: Programme,
) -> None:
    mentorship = pair(programme)
    # 29 March 2037: clocks go from 02:00 to 03:00. 01:30 local + 2 hours = 04:30 local.
    item = meeting(mentorship, starts_at=datetime(2037, 3, 29, 1, 30, tzinfo=CPH), minutes=120)
    [event] = events(invitation(item))
    # (Subtract in UTC: Python subtracts wall-clock times of the same zone.)
    length = event.decoded("DTEND").astimezone(UTC) - event.decoded("DTSTART").astimezone(UTC)
    assert length == timedelta(hours=2)
    assert "DTEND;TZID=Europe/Copenhagen:20370329T043000" in invitation(item).decode()


def test_updates_keep_the_uid_and_raise_the_sequence_and_a_cancellation_cancels(
    programme: Programme,
) -> None:
    mentorship = pair(programme)
    item = meeting(mentorship)
    [first] = events(invitation(item))
    Meeting.objects.filter(pk=item.pk).update(
        starts_at=item.starts_at + timedelta(days=1), sequence=1
    )
    item.refresh_from_db()
    moved_raw = invitation(item)
    [moved] = events(moved_raw)
    assert moved["UID"] == first["UID"] == str(item.uid)
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == first.decoded("DTSTART") + timedelta(days=1)

    Meeting.objects.filter(pk=item.pk).update(status=MeetingStatus.CANCELLED, sequence=2)
    item.refresh_from_db()
    raw = invitation(item)
    calendar = assert_rfc5545(raw)
    assert calendar["METHOD"] == "CANCEL"
    [cancelled] = calendar.walk("VEVENT")
    assert cancelled["UID"] == first["UID"]
    assert cancelled["SEQUENCE"] == 2
    assert cancelled["STATUS"] == "CANCELLED"


def test_a_virtual_meetings_location_is_its_link(programme: Programme) -> None:
    mentorship = pair(programme)
    item = meeting(
        mentorship,
        venue_kind=VenueKind.VIRTUAL,
        venue_name="",
        video_link="https://meet.example.org/abc-defg",
    )
    [event] = events(invitation(item))
    assert event["LOCATION"] == "https://meet.example.org/abc-defg"
    # A workplace reads from the calendar owner's side: the mentee's "your
    # mentor's workplace" is the mentor's "your workplace".
    workplace = meeting(mentorship, days=20, venue_kind=VenueKind.MENTOR_WORKPLACE, venue_name="")
    mentee, mentor = mentorship.mentee.user, mentorship.mentor.user
    for viewer, language, expected in (
        (mentee, "en", "At your mentor's workplace"),
        (mentor, "en", "At your workplace"),
        (mentee, "da", "På din mentors arbejdsplads"),
        (mentor, "da", "På din arbejdsplads"),
    ):
        [event] = events(invitation(workplace, viewer=viewer, language=language))
        assert event["LOCATION"] == expected, (viewer, language)
    theirs = meeting(mentorship, days=30, venue_kind=VenueKind.MENTEE_WORKPLACE, venue_name="")
    [event] = events(invitation(theirs, viewer=mentor, language="da"))
    assert event["LOCATION"] == "På din mentees arbejdsplads"


def test_nothing_confidential_goes_into_a_calendar(programme: Programme) -> None:
    mentorship = pair(programme)
    item = meeting(mentorship, agenda=SECRET, agenda_confidential=True)
    Meeting.objects.filter(pk=item.pk).update(
        summary=SECRET + "-summary", role_feedback=SECRET + "-feedback", roles_used=["coach"]
    )
    raw = invitation(item) + feed_calendar(
        meetings=feed_meetings(user=mentorship.mentee.user),
        viewer=mentorship.mentee.user,
        language="da",
    )
    assert SECRET.encode() not in raw
    assert b"coach" not in raw.lower()


def test_long_texts_are_folded_at_75_octets_and_unfold_intact(programme: Programme) -> None:
    mentorship = pair(programme, mentee_name="Åse Ærø-Østergaard Sørensen")
    theme = "Forandringsledelse efter fusionen: æøå ÆØÅ " * 4
    item = meeting(mentorship, theme=theme.strip(), venue_name="Mødelokale ø" * 5)
    raw = invitation(item)
    assert_rfc5545(raw)
    [event] = events(raw)
    assert theme.strip() in str(event["SUMMARY"])
    assert event["ORGANIZER"].params["CN"] == "Åse Ærø-Østergaard Sørensen"


def test_the_vtimezone_matches_the_time_zone_database() -> None:
    """Our hand-written VTIMEZONE (RRULE form) gives the same UTC offset as
    zoneinfo at every hour around every transition from 1996 to 2037."""
    calendar = Calendar()
    calendar.add("prodid", "-//test//test//EN")
    calendar.add("version", "2.0")
    calendar.add_component(copenhagen_timezone())
    [zone] = Calendar.from_ical(calendar.to_ical()).walk("VTIMEZONE")
    ours = zone.to_tz(lookup_tzid=False)
    checked = 0
    for year in range(1996, 2038):
        for month, day in ((3, 24), (10, 24)):
            start = datetime(year, month, day, 0, 0, tzinfo=UTC)
            for hour in range(0, 8 * 24):
                moment = start + timedelta(hours=hour)
                assert moment.astimezone(ours).utcoffset() == moment.astimezone(CPH).utcoffset(), (
                    moment
                )
                checked += 1
    assert checked > 10_000


def test_an_empty_feed_is_still_a_valid_calendar(user) -> None:  # type: ignore[no-untyped-def]
    raw = feed_calendar(meetings=[], viewer=user, language="da")
    calendar = assert_rfc5545(raw)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar.walk("VEVENT") == []
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in raw.decode()
