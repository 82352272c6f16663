"""Closing a mentorship (issue 6, point 9): either side marks it as ending
(only after the trial gate), the last meeting can be the closing
conversation, and the mentorship is completed when that conversation is
marked held or when either side confirms the end with no meeting ahead.
E-mails go to the other person and the coordinators; one transition
function (``relationships.services.closure.mentorship_close``) owns the
states."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import Meeting
from mentoring.meetings.services.closure import closure_confirm, closure_start
from mentoring.meetings.services.meetings import meeting_cancel
from mentoring.meetings.services.validation import MeetingError
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from mentoring.relationships.selectors import active_mentorships
from mentoring.relationships.services.closure import ClosureError, mentorship_close
from tests.conftest import logged_in_client
from tests.factories import UserFactory
from tests.meetings.test_meetings import form, html_of, local, make_pair, plan, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(programme, coordinator) -> Mentorship:
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return make_pair(programme)


def close_url(mentorship: Mentorship) -> str:
    return reverse("meetings:close", args=[mentorship.pk])


def test_marking_as_ending_needs_the_trial_gate_passed(programme) -> None:
    pair = make_pair(programme, trial_passed=False)
    client = logged_in_client(pair.mentee.user)
    html = html_of(client.get(close_url(pair)))
    assert "once you have both chosen to continue after the first meeting" in html
    assert "Mark the mentorship as ending" not in html
    response = client.post(close_url(pair), {"step": "start", "confirm": "on"}, follow=True)
    assert "once you have both chosen to continue" in html_of(response)
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.ACCEPTED


def test_either_side_marks_the_mentorship_as_ending(pair) -> None:
    client = logged_in_client(pair.mentor.user)
    # Without the confirmation, nothing happens.
    html = html_of(client.post(close_url(pair), {"step": "start"}))
    assert "This field is required." in html
    assert Mentorship.objects.get(pk=pair.pk).status == MentorshipStatus.ACCEPTED
    response = client.post(close_url(pair), {"step": "start", "confirm": "on"}, follow=True)
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.CLOSING and pair.ended_at is None
    html = html_of(response)
    assert "Your mentorship is marked as ending." in html
    assert "Plan the closing conversation" in html
    mail = OutboxMessage.objects.get(key=f"mentorship-closing:{pair.pk}:{pair.mentee.user.pk}")
    assert "Mads Madsen has marked your mentorship as ending." in mail.body_text
    entry = AuditEntry.objects.get(action="mentorship.closing")
    assert entry.data == {"side": "mentor", "reason": "confirmed"}
    # A closing mentorship is still active: it holds the mentor's place.
    assert active_mentorships().filter(pk=pair.pk).exists()
    # The pair page says so, and links the closure page.
    html = html_of(
        logged_in_client(pair.mentee.user).get(reverse("relationships:pair", args=[pair.pk]))
    )
    assert "Your mentorship is ending. Plan your closing conversation" in html
    assert close_url(pair) in html


def test_the_closing_conversation_completes_the_mentorship_when_held(
    pair, programme, coordinator
) -> None:
    mentee, mentor = pair.mentee.user, pair.mentor.user
    # Not a closing conversation before the mentorship is marked as ending.
    html = html_of(logged_in_client(mentee).get(url("meetings:plan", mentorship=pair)))
    assert 'name="is_closing"' not in html
    closure_start(mentorship=pair, by=mentee)
    pair.refresh_from_db()
    other = plan(pair, local(-10, 9), by=mentee)
    closing = plan(pair, local(-3, 9), by=mentee, is_closing=True, theme="Looking back")
    assert closing.is_closing
    # Only one closing conversation, and it is the last meeting.
    client = logged_in_client(mentee)
    html = html_of(client.get(url("meetings:plan", mentorship=pair)))
    assert 'name="is_closing"' in html
    html = html_of(client.post(url("meetings:plan", mentorship=pair), form(local(4))))
    assert "Your closing conversation on" in html and "is your last meeting" in html
    html = html_of(
        client.post(url("meetings:plan", mentorship=pair), form(local(4), is_closing="on"))
    )
    assert "is already your closing conversation" in html
    assert Meeting.objects.filter(mentorship=pair).count() == 2
    # The closing conversation marked held completes the mentorship.
    response = logged_in_client(mentor).post(
        url("meetings:held", closing),
        {"summary": "A good ending.", "roles_used": ["friend"]},
        follow=True,
    )
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.COMPLETED
    assert pair.ended_at is not None and pair.ended_by == "mentor"
    assert "your mentorship is now completed" in html_of(response)
    assert Meeting.objects.get(pk=closing.pk).status == MeetingStatus.HELD
    assert Meeting.objects.get(pk=other.pk).status == MeetingStatus.PLANNED
    # The other person and the coordinator are told.
    mail = OutboxMessage.objects.get(key=f"mentorship-completed:{pair.pk}:{mentee.pk}")
    assert "marked your closing conversation as held" in mail.body_text
    mail = OutboxMessage.objects.get(
        key=f"mentorship-completed-coordinator:{pair.pk}:{coordinator.pk}"
    )
    assert "The mentorship between Anna Andersen (mentee) and Mads Madsen (mentor)" in (
        mail.body_text
    )
    assert "A good ending." not in mail.body_text
    assert AuditEntry.objects.get(action="mentorship.completed").data["reason"] == (
        "closing_meeting"
    )
    # Completed is a closed state: the mentor's place is free again.
    assert not active_mentorships().filter(pk=pair.pk).exists()
    html = html_of(logged_in_client(mentee).get(reverse("relationships:pair", args=[pair.pk])))
    assert "You completed your mentorship on" in html
    # The pages stay readable, writes are refused.
    assert "Your mentorship is completed" in html_of(logged_in_client(mentee).get(close_url(pair)))
    response = logged_in_client(mentee).post(
        url("meetings:plan", mentorship=pair), form(local(5)), follow=True
    )
    assert "This mentorship has ended" in html_of(response)
    assert Meeting.objects.filter(mentorship=pair).count() == 2


def test_confirming_the_end_waits_for_meetings_ahead(pair, coordinator) -> None:
    translation.activate("en")  # the refusals below are checked in English
    mentee, mentor = pair.mentee.user, pair.mentor.user
    client = logged_in_client(mentee)
    # Not before the mentorship is marked as ending.
    with (
        translation.override("en"),
        pytest.raises(MeetingError, match="Mark the mentorship as ending first"),
    ):
        closure_confirm(mentorship=pair, by=mentee)
    closure_start(mentorship=pair, by=mentor)
    pair.refresh_from_db()
    closing = plan(pair, local(6, 10), by=mentee, is_closing=True)
    response = client.post(close_url(pair), {"step": "confirm", "confirm": "on"}, follow=True)
    assert "Your closing conversation on" in html_of(response) and "is still ahead" in html_of(
        response
    )
    assert Mentorship.objects.get(pk=pair.pk).status == MentorshipStatus.CLOSING
    # A form from before the mentorship was marked as ending does not confirm.
    html = html_of(client.post(close_url(pair), {"step": "start", "confirm": "on"}))
    assert "The mentorship has changed in the meantime." in html
    meeting_cancel(meeting=closing, by=mentee)
    response = client.post(close_url(pair), {"step": "confirm", "confirm": "on"}, follow=True)
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.COMPLETED and pair.ended_by == "mentee"
    assert "Your mentorship is completed." in html_of(response)
    mail = OutboxMessage.objects.get(key=f"mentorship-completed:{pair.pk}:{mentor.pk}")
    assert "Anna Andersen has confirmed the end of your mentorship" in mail.body_text
    assert OutboxMessage.objects.filter(
        key=f"mentorship-completed-coordinator:{pair.pk}:{coordinator.pk}"
    ).exists()
    assert not OutboxMessage.objects.filter(key=f"mentorship-completed:{pair.pk}:{mentee.pk}")


def test_the_transition_function_allows_only_the_closure_path(pair, programme) -> None:
    translation.activate("en")  # the refusals below are checked in English
    mentee = pair.mentee.user
    with (
        translation.override("en"),
        pytest.raises(ClosureError, match="Mark the mentorship as ending first"),
    ):
        mentorship_close(mentorship=pair, by=mentee, to=MentorshipStatus.COMPLETED)
    with pytest.raises(ClosureError, match="Only the mentee and the mentor"):
        mentorship_close(mentorship=pair, by=UserFactory(), to=MentorshipStatus.CLOSING)
    with pytest.raises(ValueError):
        mentorship_close(mentorship=pair, by=mentee, to="nonsense")
    with pytest.raises(ClosureError):
        mentorship_close(mentorship=pair, by=mentee, to=MentorshipStatus.ENDED_EARLY)
    closing = mentorship_close(mentorship=pair, by=mentee, to=MentorshipStatus.CLOSING)
    assert closing.status == MentorshipStatus.CLOSING
    # The same state again changes nothing (and mails nothing more).
    mentorship_close(mentorship=pair, by=pair.mentor.user, to=MentorshipStatus.CLOSING)
    assert AuditEntry.objects.filter(action="mentorship.closing").count() == 1
    assert OutboxMessage.objects.filter(key__startswith="mentorship-closing:").count() == 1
    done = mentorship_close(mentorship=pair, by=mentee, to=MentorshipStatus.COMPLETED)
    assert done.status == MentorshipStatus.COMPLETED
    with pytest.raises(ClosureError, match="already ended"):
        mentorship_close(mentorship=pair, by=mentee, to=MentorshipStatus.CLOSING)
    ended = make_pair_ended(programme)
    with pytest.raises(ClosureError, match="already ended"):
        mentorship_close(mentorship=ended, by=ended.mentee.user, to=MentorshipStatus.CLOSING)


def make_pair_ended(programme) -> Mentorship:
    from tests.meetings.test_meetings import make_pair_other

    other = make_pair_other(programme)
    Mentorship.objects.filter(pk=other.pk).update(
        status=MentorshipStatus.ENDED_EARLY, ended_at=timezone.now(), ended_by="mentor"
    )
    other.refresh_from_db()
    return other
