"""The calendar views (issue 6, point 7): a meeting's .ics for the two
people of the pair only, the calendar page with the private feed address
and how to subscribe, the reset that retires the old address, and the feed
itself (token only, 404 for unknown tokens, never logged, constant queries)."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import CalendarFeed, Meeting
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from tests.conftest import logged_in_client
from tests.meetings.calendar_helpers import SECRET, assert_rfc5545, events, meeting, pair
from tests.relationships.helpers import accepted_mentor

pytestmark = pytest.mark.django_db


def feed_path(user: User) -> str:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return reverse("meetings:feed", args=[feed.token])


# -- one meeting's invitation ------------------------------------------------


def test_both_people_of_the_pair_download_the_invitation(programme: Programme) -> None:
    mentorship = pair(programme)
    item = meeting(mentorship, agenda=SECRET)
    url = reverse("meetings:ics", args=[mentorship.pk, item.pk])
    for person in (mentorship.mentee.user, mentorship.mentor.user):
        response = logged_in_client(person).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8; method=REQUEST"
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert "private" in response["Cache-Control"]
        calendar = assert_rfc5545(response.content)
        [event] = calendar.walk("VEVENT")
        assert event["UID"] == str(item.uid)
        assert SECRET.encode() not in response.content


def test_a_cancelled_meetings_file_cancels_it(programme: Programme) -> None:
    mentorship = pair(programme)
    item = meeting(mentorship)
    Meeting.objects.filter(pk=item.pk).update(status=MeetingStatus.CANCELLED, sequence=3)
    response = logged_in_client(mentorship.mentor.user).get(
        reverse("meetings:ics", args=[mentorship.pk, item.pk])
    )
    assert response["Content-Type"] == "text/calendar; charset=utf-8; method=CANCEL"
    calendar = assert_rfc5545(response.content)
    assert calendar["METHOD"] == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert (event["STATUS"], event["SEQUENCE"], event["UID"]) == ("CANCELLED", 3, str(item.uid))


def test_nobody_else_gets_a_meetings_file(
    programme: Programme, coordinator: User, superuser: User, user: User
) -> None:
    mentorship = pair(programme)
    other_pair = pair(programme, mentee_name="Bo Bech", mentor_name="Nina Nielsen")
    item = meeting(mentorship)
    url = reverse("meetings:ics", args=[mentorship.pk, item.pk])
    for person in (user, coordinator, superuser, other_pair.mentee.user):
        response = logged_in_client(person).get(url)
        assert response.status_code == 404
        assert b"VCALENDAR" not in response.content
    # Somebody else's meeting under one's own pair's address: 404 too.
    foreign = meeting(other_pair)
    response = logged_in_client(mentorship.mentee.user).get(
        reverse("meetings:ics", args=[mentorship.pk, foreign.pk])
    )
    assert response.status_code == 404
    # Anonymous: to the login page.
    response = Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# -- the calendar page and the reset --------------------------------------


def test_the_calendar_page_shows_the_private_address_and_how_to_subscribe(
    programme: Programme,
) -> None:
    mentorship = pair(programme, mentee_language="en")
    person = mentorship.mentee.user
    upcoming = meeting(mentorship, days=5)
    client = logged_in_client(person)
    page = client.get(reverse("meetings:calendar")).content.decode()
    feed = CalendarFeed.objects.get(user=person)
    assert f"http://127.0.0.1:8000/calendar/{feed.token}.ics" in page
    assert f"webcal://127.0.0.1:8000/calendar/{feed.token}.ics" in page
    assert "Subscribe from web" in page  # Outlook
    assert "From URL" in page  # Google
    assert reverse("meetings:calendar_reset") in page
    assert reverse("meetings:ics", args=[mentorship.pk, upcoming.pk]) in page
    # The page does not make a new address on every visit.
    client.get(reverse("meetings:calendar"))
    assert CalendarFeed.objects.get(user=person).token == feed.token


def test_the_calendar_page_is_in_danish_for_a_danish_user(programme: Programme) -> None:
    mentorship = pair(programme)
    page = logged_in_client(mentorship.mentor.user).get(reverse("meetings:calendar"))
    text = page.content.decode()
    with translation.override("da"):
        assert gettext("Your private calendar address") in text
        assert gettext("Next to “Other calendars”, choose “+” and then “From URL”.") in text
    assert '<html lang="da">' in text


def test_reset_gives_a_new_address_and_the_old_one_answers_404(programme: Programme) -> None:
    mentorship = pair(programme)
    person = mentorship.mentee.user
    meeting(mentorship)
    old_path = feed_path(person)
    old_token = CalendarFeed.objects.get(user=person).token
    assert Client().get(old_path).status_code == 200

    client = logged_in_client(person)
    response = client.post(reverse("meetings:calendar_reset"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("meetings:calendar")
    new_token = CalendarFeed.objects.get(user=person).token
    assert new_token != old_token
    assert new_token in response.content.decode()
    assert Client().get(old_path).status_code == 404
    assert Client().get(reverse("meetings:feed", args=[new_token])).status_code == 200
    entry = AuditEntry.objects.get(action="calendar.feed_reset")
    assert entry.actor == person
    assert old_token not in str(entry.data) and new_token not in str(entry.data)
    assert new_token not in entry.object_repr
    # GET does not reset.
    assert client.get(reverse("meetings:calendar_reset")).status_code == 405


# -- the feed ----------------------------------------------------------------


def test_the_feed_has_the_users_meetings_in_pairs_that_have_not_ended(
    programme: Programme,
) -> None:
    mentor = accepted_mentor(
        programme, name="Mads Madsen", organisation="Novo Nordisk", language="en", capacity=3
    )
    mentorship = pair(programme, mentor=mentor)
    person = mentorship.mentor.user
    planned = meeting(mentorship, days=5, theme="Planned")
    cancelled = meeting(mentorship, days=6, theme="Cancelled")
    Meeting.objects.filter(pk=cancelled.pk).update(status=MeetingStatus.CANCELLED, sequence=1)
    held = meeting(mentorship, days=-20, theme="Held")
    Meeting.objects.filter(pk=held.pk).update(status=MeetingStatus.HELD)
    # The same mentor's ended pair, and a pair the mentor is not in.
    ended = pair(programme, mentee_name="Bo Bech", mentor=mentor)
    ended_meeting = meeting(ended, days=7, theme="Ended pair")
    Mentorship.objects.filter(pk=ended.pk).update(status=MentorshipStatus.ENDED_EARLY)
    stranger = pair(programme, mentee_name="Carla Christensen", mentor_name="Ole Olsen")
    strangers_meeting = meeting(stranger, days=8, theme="Strangers")

    response = Client().get(feed_path(person))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private"
    assert response["X-Robots-Tag"] == "noindex"
    calendar = assert_rfc5545(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    by_uid = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(by_uid) == {str(planned.uid), str(cancelled.uid), str(held.uid)}
    assert str(ended_meeting.uid) not in by_uid
    assert str(strangers_meeting.uid) not in by_uid
    assert by_uid[str(cancelled.uid)]["STATUS"] == "CANCELLED"
    assert by_uid[str(cancelled.uid)]["SEQUENCE"] == 1
    assert by_uid[str(planned.uid)]["STATUS"] == "CONFIRMED"
    # In the feed owner's language (English here), whoever asks.
    assert by_uid[str(planned.uid)]["SUMMARY"] == "Mentor meeting: Planned"
    # Closing pairs are still in the feed; completed ones are not.
    Mentorship.objects.filter(pk=mentorship.pk).update(status=MentorshipStatus.CLOSING)
    assert len(events(Client().get(feed_path(person)).content)) == 3
    Mentorship.objects.filter(pk=mentorship.pk).update(status=MentorshipStatus.COMPLETED)
    assert events(Client().get(feed_path(person)).content) == []


def test_an_unknown_token_answers_404_and_is_never_logged(
    programme: Programme, caplog: pytest.LogCaptureFixture
) -> None:
    mentorship = pair(programme)
    real = feed_path(mentorship.mentee.user)
    token = real.rsplit("/", 1)[-1].removesuffix(".ics")
    almost = token[:-1] + ("A" if token[-1] != "A" else "B")
    caplog.set_level(logging.DEBUG)
    for candidate in (almost, "short", "x" * 64, "not a token!"):
        response = Client().get(f"/calendar/{candidate}.ics")
        assert response.status_code == 404
        assert b"VCALENDAR" not in response.content
    assert almost not in caplog.text
    assert token[:20] not in caplog.text
    # An inactive account's feed stops too.
    User.objects.filter(pk=mentorship.mentee.user.pk).update(is_active=False)
    assert Client().get(real).status_code == 404


def test_calendar_programs_may_ask_with_head(programme: Programme) -> None:
    mentorship = pair(programme)
    response = Client().head(feed_path(mentorship.mentee.user))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_the_feed_query_count_does_not_grow_with_meetings(
    programme: Programme, django_assert_max_num_queries
) -> None:
    mentor = accepted_mentor(programme, name="Mads Madsen", organisation="Novo", capacity=2)
    mentorship = pair(programme, mentor=mentor)
    person = mentor.user
    meeting(mentorship, agenda=SECRET)
    path = feed_path(person)
    with django_assert_max_num_queries(10) as one:
        assert len(events(Client().get(path).content)) == 1
    second = pair(programme, mentee_name="Bo Bech", mentor=mentor)
    Mentorship.objects.filter(pk=second.pk).update(status=MentorshipStatus.CLOSING)
    for day in range(1, 15):
        meeting(mentorship if day % 2 else second, days=day + 0.5, agenda=SECRET)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = Client().get(path)
    assert len(events(response.content)) == 15
    assert SECRET.encode() not in response.content


def test_the_calendar_page_query_count_does_not_grow_with_meetings(
    programme: Programme, django_assert_max_num_queries
) -> None:
    mentorship = pair(programme)
    client = logged_in_client(mentorship.mentee.user)
    meeting(mentorship, days=2)
    client.get(reverse("meetings:calendar"))
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("meetings:calendar"))
    for day in range(3, 12):
        meeting(mentorship, days=day)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("meetings:calendar")).content.decode()
    assert page.count("/invite.ics") == 10


# -- the permission matrix rows -------------------------------------------
