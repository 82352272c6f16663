"""Builders and RFC 5545 checks shared by the calendar and reminder tests
(helper "reminders")."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from icalendar import Calendar

from mentoring.meetings.enums import VenueKind
from mentoring.meetings.models import Meeting
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.relationships.models import Mentorship
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

#: Text that must never reach a calendar, an e-mail or anybody else's page.
SECRET = "HEMMELIG-DAGSORDEN-7731"


def pair(
    programme: Programme,
    *,
    mentee_name: str = "Anna Andersen",
    mentor_name: str = "Mads Madsen",
    mentee_language: str = "da",
    mentor_language: str = "da",
    mentor: Participation | None = None,
) -> Mentorship:
    """An accepted pair of ``programme`` with people of the given languages
    (or with the given mentor, who may have room for several mentees)."""
    mentee = accepted_mentee(programme, name=mentee_name, language=mentee_language)
    mentor = mentor or accepted_mentor(
        programme, name=mentor_name, organisation="Novo Nordisk", language=mentor_language
    )
    return accepted_pair(programme, mentee=mentee, mentor=mentor)


def meeting(
    mentorship: Mentorship,
    *,
    starts_at: datetime | None = None,
    days: float = 10,
    minutes: int = 90,
    theme: str = "Svære samtaler",
    agenda: str = "",
    **fields: Any,
) -> Meeting:
    """A planned meeting written straight to the database (the planning
    service has its own tests)."""
    start = starts_at or (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
    defaults: dict[str, Any] = {
        "venue_kind": VenueKind.OTHER,
        "venue_name": "Café Norden",
        "created_by": mentorship.mentee.user,
    }
    defaults.update(fields)
    return Meeting.objects.create(
        mentorship=mentorship,
        starts_at=start,
        duration_minutes=minutes,
        theme=theme,
        agenda=agenda,
        **defaults,
    )


def assert_rfc5545(raw: bytes) -> Calendar:
    """Check what RFC 5545 rules can be checked on the bytes, parse them with
    icalendar, and return the parsed calendar.

    - CRLF line endings only, and every content line at most 75 octets;
    - balanced BEGIN/END, one VCALENDAR with VERSION:2.0 and a PRODID once;
    - every VEVENT has UID, DTSTAMP (UTC) and DTSTART, and DTEND after DTSTART;
    - every TZID a property refers to has a VTIMEZONE in the calendar.
    """
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF"
    assert b"\r" not in raw.replace(b"\r\n", b""), "bare CR"
    lines = raw.split(b"\r\n")[:-1]
    for line in lines:
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"
        line.decode("utf-8")  # folding never splits a character
    unfolded = raw.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode().split("\r\n")[:-1]
    stack: list[str] = []
    for line in unfolded:
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            assert stack and stack.pop() == line[4:], f"unbalanced {line}"
    assert not stack
    assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-1] == "END:VCALENDAR"
    top = [line for line in unfolded if not line.startswith((" ", "\t"))]
    assert sum(1 for line in top if line.startswith("VERSION:")) == 1
    assert "VERSION:2.0" in top
    assert sum(1 for line in top if line.startswith("PRODID:")) == 1

    calendar = Calendar.from_ical(raw)
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    used = set(re.findall(r";TZID=([^:;]+)[:;]", "\n".join(unfolded)))
    assert used <= zones, f"TZID without VTIMEZONE: {used - zones}"
    for event in calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART"):
            assert name in event, f"VEVENT without {name}"
        assert event.decoded("DTSTAMP").utcoffset() == timedelta(0)
        if "DTEND" in event:
            assert event.decoded("DTEND") > event.decoded("DTSTART")
    return calendar


def events(raw: bytes) -> list[Any]:
    return list(Calendar.from_ical(raw).walk("VEVENT"))
