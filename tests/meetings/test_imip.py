"""Meeting e-mails carry an iMIP invitation (issue 17, point 2): the sent
message has a ``text/calendar; method=REQUEST`` part whose calendar object has
the same UID and SEQUENCE as the ``.ics`` download, a change raises SEQUENCE
under the same UID, a cancellation is ``METHOD:CANCEL``, the person invited is
asked to answer (``RSVP=TRUE``), and a virtual meeting's video link is the
LOCATION and a CONFERENCE. The messages are parsed as a mail program would
(the standard library's e-mail parser, then icalendar)."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from mentoring.common.mail import mail_deliver
from mentoring.common.models import OutboxMessage
from mentoring.meetings.models import Meeting
from mentoring.meetings.services.meetings import meeting_cancel, meeting_edit
from mentoring.meetings.services.validation import MeetingValues
from tests.conftest import logged_in_client
from tests.meetings.test_meetings import local, make_pair, plan

pytestmark = pytest.mark.django_db

ZOOM = "https://us02web.zoom.us/j/81234567890?pwd=abc"


def sent(key_prefix: str) -> EmailMessage:
    """Deliver the outbox row whose key starts with ``key_prefix`` and parse
    the bytes that went to the mailer."""
    message = OutboxMessage.objects.get(key__startswith=key_prefix)
    mail.outbox.clear()
    mail_deliver(message_id=message.pk)
    [delivered] = mail.outbox
    parsed = email.message_from_bytes(delivered.message().as_bytes(), policy=default_policy)
    assert isinstance(parsed, EmailMessage)
    return parsed


def calendar_part(message: EmailMessage) -> tuple[EmailMessage, Calendar]:
    parts = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [part.get_content_type() for part in message.walk()]
    [part] = parts
    assert isinstance(part, EmailMessage)
    return part, Calendar.from_ical(part.get_content())


def attendee(event, address: str):  # type: ignore[no-untyped-def]
    attendees = event["ATTENDEE"]
    [found] = [a for a in attendees if str(a).lower() == f"mailto:{address}".lower()]
    return found


def download(meeting: Meeting, user) -> Calendar:  # type: ignore[no-untyped-def]
    response = logged_in_client(user).get(
        reverse("meetings:ics", kwargs={"pk": meeting.mentorship_id, "meeting": meeting.pk})
    )
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def test_planned_changed_and_cancelled_meetings_send_imip(programme) -> None:
    pair = make_pair(programme, language="da")
    mentee = pair.mentee.user
    meeting = plan(pair, local(5), venue="virtual", video_link=ZOOM)

    # Create: the mentee receives a REQUEST with the mail's text beside it.
    message = sent(f"meeting-planned:{meeting.pk}:")
    assert message["To"] == mentee.email
    assert message.get_content_type() == "multipart/alternative"
    assert {p.get_content_type() for p in message.iter_parts()} >= {"text/plain"}
    part, calendar = calendar_part(message)
    assert part.get_param("method") == "REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == str(meeting.uid)
    assert int(event["SEQUENCE"]) == 0
    invited = attendee(event, mentee.email)
    assert invited.params["PARTSTAT"] == "NEEDS-ACTION" and invited.params["RSVP"] == "TRUE"
    organizer = attendee(event, pair.mentor.user.email)
    assert organizer.params["PARTSTAT"] == "ACCEPTED"
    assert str(event["ORGANIZER"]) == f"mailto:{pair.mentor.user.email}"
    assert str(event["LOCATION"]) == ZOOM
    conference = event["CONFERENCE"]
    assert str(conference) == ZOOM and conference.params["LABEL"] == "Zoom"
    assert conference.params["FEATURE"] == "VIDEO"
    assert ZOOM in str(event["DESCRIPTION"])
    # The same UID and SEQUENCE as the .ics the mentee downloads.
    [downloaded] = download(meeting, mentee).walk("VEVENT")
    assert downloaded["UID"] == event["UID"] and downloaded["SEQUENCE"] == event["SEQUENCE"]

    # Change: same UID, SEQUENCE 1 (Outlook updates the one event).
    meeting = meeting_edit(
        meeting=meeting,
        by=pair.mentor.user,
        values=MeetingValues(
            starts_at=local(6), duration_minutes=60, venue_kind="virtual", video_link=ZOOM
        ),
    )
    part, calendar = calendar_part(sent(f"meeting-changed:{meeting.pk}:1:"))
    assert part.get_param("method") == "REQUEST"
    [changed] = calendar.walk("VEVENT")
    assert changed["UID"] == str(meeting.uid) and int(changed["SEQUENCE"]) == 1
    assert changed.decoded("DTSTART") == local(6)
    [downloaded] = download(meeting, mentee).walk("VEVENT")
    assert int(downloaded["SEQUENCE"]) == 1

    # Cancel: METHOD:CANCEL with the same UID and a higher SEQUENCE.
    meeting_cancel(meeting=meeting, by=pair.mentor.user)
    meeting.refresh_from_db()
    part, calendar = calendar_part(sent(f"meeting-cancelled:{meeting.pk}:"))
    assert part.get_param("method") == "CANCEL"
    assert calendar["METHOD"] == "CANCEL"
    [cancelled] = calendar.walk("VEVENT")
    assert cancelled["UID"] == str(meeting.uid)
    assert int(cancelled["SEQUENCE"]) == meeting.sequence == 2
    assert cancelled["STATUS"] == "CANCELLED"


def test_the_invitation_speaks_the_recipients_language(programme) -> None:
    pair = make_pair(programme, language="en")
    meeting = plan(pair, local(5), venue="mentor_workplace", theme="")
    _, calendar = calendar_part(sent(f"meeting-planned:{meeting.pk}:"))
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Mentor meeting with ")
    assert "CONFERENCE" not in event  # no link, no conference


def test_a_virtual_meeting_without_a_link_is_allowed_and_http_is_refused(programme) -> None:
    from django.core.exceptions import ValidationError

    pair = make_pair(programme)
    meeting = plan(pair, local(5), venue="virtual")
    assert meeting.video_link == ""
    with pytest.raises(ValidationError) as error:
        plan(pair, local(8), venue="virtual", video_link="http://zoom.us/j/1")
    assert "video_link" in error.value.message_dict


def test_other_mail_has_no_calendar_part(programme) -> None:
    from mentoring.common.mail import mail_queue

    pair = make_pair(programme)
    mail_queue(
        key="plain-test",
        template="meeting_planned",
        recipient=pair.mentee.user,
        context={"meeting": plan(pair, local(5)), "mentorship": pair, "programme": programme},
    )
    message = sent("plain-test")
    assert not [p for p in message.walk() if p.get_content_type() == "text/calendar"]
