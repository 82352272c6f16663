"""A pair's meetings (issue 6, points 1-3): planning, the plan against the
agreement and the recommendation, bad input, changing and cancelling, the
confidential-venue warning, the mentee's agenda, marking a meeting held with
the summary and the roles used, the mentee's feedback, e-mails, audit
entries without text, the pair page, and the permission matrix rows.

Texts are checked in English (people with language "en"); the Danish
translations live in .tx/meetings.json until the integrator merges them."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import Meeting, Reminder
from mentoring.meetings.services.meetings import meeting_cancel, meeting_plan
from mentoring.meetings.services.record import meeting_agenda_save, meeting_record
from mentoring.meetings.services.validation import MeetingError, MeetingValues
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.progress import NextCode, progress_of
from mentoring.relationships.selectors import with_progress
from tests.conftest import logged_in_client
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

pytestmark = pytest.mark.django_db


# -- builders ---------------------------------------------------------------------


def local(days: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware datetime ``days`` from today at ``hour``:``minute`` in Copenhagen."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def make_pair(
    programme: Any,
    *,
    language: str = "en",
    agreement: bool = True,
    trial_passed: bool = True,
    **agreement_fields: Any,
) -> Mentorship:
    """An accepted pair that both accepted 90 days ago, with (optionally) an
    accepted agreement and the trial gate passed."""
    mentee = accepted_mentee(programme, name="Anna Andersen", language=language)
    mentor = accepted_mentor(
        programme, name="Mads Madsen", organisation="Novo Nordisk", language=language
    )
    mentorship = accepted_pair(programme, mentee=mentee, mentor=mentor)
    long_ago = timezone.now() - timedelta(days=90)
    fields: dict[str, Any] = {"accepted_at": long_ago}
    if trial_passed:
        fields.update(
            first_meeting_held_on=timezone.localdate(long_ago) + timedelta(days=1),
            trial_passed_at=long_ago + timedelta(days=2),
        )
    Mentorship.objects.filter(pk=mentorship.pk).update(**fields)
    if agreement:
        values = {
            "meetings_planned": 6,
            "meeting_minutes": 90,
            "starts_on": timezone.localdate(long_ago),
            "ends_on": timezone.localdate() + timedelta(days=150),
            "alternate_hosts": True,
            "virtual_share": 20,
            **agreement_fields,
        }
        AgreementVersion.objects.create(
            mentorship=mentorship,
            number=1,
            mentee_accepted_at=long_ago,
            mentor_accepted_at=long_ago,
            accepted_at=long_ago,
            **values,
        )
    mentorship.refresh_from_db()
    return mentorship


def plan(
    mentorship: Mentorship,
    starts_at: datetime,
    *,
    by: Any = None,
    held: bool = False,
    minutes: int = 90,
    venue: str = "mentor_workplace",
    **fields: Any,
) -> Meeting:
    """A meeting planned through the service (in the past: planned "back
    then"), optionally marked held."""
    by = by or mentorship.mentor.user
    agenda = fields.pop("agenda", "")
    confidential = fields.pop("agenda_confidential", False)
    meeting = meeting_plan(
        mentorship=mentorship,
        by=by,
        values=MeetingValues(
            starts_at=starts_at, duration_minutes=minutes, venue_kind=venue, **fields
        ),
        agenda=agenda,
        agenda_confidential=confidential,
        now=min(timezone.now(), starts_at - timedelta(days=1)),
    )
    if held:
        meeting = meeting_record(meeting=meeting, by=by, summary="", roles_used=[])
    return meeting


def form(starts_at: datetime, *, minutes: int = 90, venue: str = "mentor_workplace", **extra: Any):
    local_start = timezone.localtime(starts_at)
    return {
        "day": local_start.date().isoformat(),
        "start": local_start.strftime("%H:%M"),
        "duration_minutes": str(minutes),
        "venue_kind": venue,
        **extra,
    }


def url(name: str, meeting: Meeting | None = None, mentorship: Mentorship | None = None) -> str:
    if meeting is not None:
        return reverse(name, kwargs={"pk": meeting.mentorship_id, "meeting": meeting.pk})
    assert mentorship is not None
    return reverse(name, kwargs={"pk": mentorship.pk})


def html_of(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def pair(programme) -> Mentorship:
    return make_pair(programme)


# -- point 1: planning ------------------------------------------------------------------


def test_the_mentor_plans_a_meeting_and_the_mentee_is_told(pair, programme) -> None:
    mentor, mentee = pair.mentor.user, pair.mentee.user
    mentee.language = "da"
    mentee.save(update_fields=["language"])
    starts = local(10, 14, 30)
    response = logged_in_client(mentor).post(
        url("meetings:plan", mentorship=pair),
        form(starts, minutes=120, theme="Leading after the merger", venue_name="Room 3"),
        follow=True,
    )
    meeting = Meeting.objects.get(mentorship=pair)
    assert meeting.status == MeetingStatus.PLANNED and meeting.sequence == 0
    # The local time in Copenhagen, stored aware.
    assert meeting.starts_at == starts
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "14:30"
    assert meeting.duration_minutes == 120 and meeting.venue_name == "Room 3"
    assert meeting.theme == "Leading after the merger" and meeting.created_by == mentor
    assert meeting.agenda == "" and meeting.video_link == ""
    html = html_of(response)
    assert "The meeting is planned for" in html and "We have told Anna Andersen." in html
    assert "Leading after the merger" in html and "Novo Nordisk" in html
    # The mentee is told, in her language; the mentor is not.
    mail = OutboxMessage.objects.get(key=f"meeting-planned:{meeting.pk}:{mentee.pk}")
    assert mail.recipient == mentee and mail.language == "da"
    assert reverse("meetings:detail", args=[pair.pk, meeting.pk]) in mail.body_text
    assert not OutboxMessage.objects.filter(recipient=mentor, key__startswith="meeting-").exists()
    entry = AuditEntry.objects.get(action="meeting.planned")
    assert entry.actor == mentor and entry.data["minutes"] == 120
    assert entry.data["venue"] == "mentor_workplace" and entry.data["side"] == "mentor"
    # The reminders hook scheduled the meeting's reminders.
    assert Reminder.objects.filter(meeting=meeting, kind="meeting").count() == 2


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        (lambda: form(local(-1)), "A meeting cannot be planned in the past."),
        (lambda: form(timezone.now() - timedelta(minutes=5)), "cannot be planned in the past"),
        (lambda: form(local(3), minutes=0), "A meeting lasts from 15 minutes to 8 hours"),
        (lambda: form(local(3), minutes=481), "A meeting lasts from 15 minutes to 8 hours"),
        (
            lambda: form(local(3), venue="virtual", video_link="http://meet.example.org/abc"),
            "This is not a valid link.",
        ),
        (
            lambda: form(local(3), venue="virtual", video_link="meet dot example"),
            "This is not a valid link.",
        ),
        (
            lambda: form(local(3), venue="virtual", video_link="javascript:alert(1)"),
            "This is not a valid link.",
        ),
        (lambda: form(local(3), venue="other"), "Name the place where you meet"),
        (lambda: form(local(3), venue="castle"), "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(pair, data, field_error) -> None:
    response = logged_in_client(pair.mentee.user).post(
        url("meetings:plan", mentorship=pair), data()
    )
    html = html_of(response)
    assert "Some answers need your attention" in html
    assert field_error in html
    assert not Meeting.objects.exists()
    assert not OutboxMessage.objects.filter(key__startswith="meeting-").exists()


def test_the_service_refuses_bad_values_too(pair) -> None:
    translation.activate("en")  # the refusals below are checked in English
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        meeting_plan(
            mentorship=pair,
            by=pair.mentee.user,
            values=MeetingValues(
                starts_at=local(-2),
                duration_minutes=500,
                venue_kind="virtual",
                video_link="ftp://x",
            ),
        )
    assert set(error.value.message_dict) == {"starts_at", "duration_minutes", "video_link"}
    with (
        translation.override("en"),
        pytest.raises(MeetingError, match="Only the mentee and the mentor"),
    ):
        meeting_plan(
            mentorship=pair,
            by=pair.programme.coordinators.first(),
            values=MeetingValues(starts_at=local(2), duration_minutes=60, venue_kind="virtual"),
        )


def test_overlapping_meetings_of_the_pair_are_refused_naming_the_other(pair) -> None:
    first = plan(pair, local(5, 10), minutes=120, theme="Career steps")
    response = logged_in_client(pair.mentee.user).post(
        url("meetings:plan", mentorship=pair), form(local(5, 11, 30), minutes=60)
    )
    html = html_of(response)
    assert "This overlaps your meeting on" in html
    assert "(“Career steps”), which ends at 12:00" in html
    assert Meeting.objects.count() == 1
    # Back to back is fine; a cancelled meeting does not block the time.
    plan(pair, local(5, 12), minutes=60)
    meeting_cancel(meeting=first, by=pair.mentor.user)
    plan(pair, local(5, 10, 30), minutes=60)
    assert Meeting.objects.exclude(status=MeetingStatus.CANCELLED).count() == 2


def test_another_pairs_meeting_does_not_overlap(pair, programme) -> None:
    other = accepted_pair(
        programme,
        mentee=accepted_mentee(programme, name="Bo Bech"),
        mentor=accepted_mentor(programme, name="Nina Nielsen", organisation="Vestas"),
    )
    plan(other, local(5, 10))
    assert plan(pair, local(5, 10)).mentorship_id == pair.pk


def test_changing_a_meeting_raises_its_sequence_and_tells_the_other(pair) -> None:
    meeting = plan(pair, local(8, 10), by=pair.mentor.user)
    client = logged_in_client(pair.mentee.user)
    edit = url("meetings:edit", meeting)
    assert 'value="10:00"' in html_of(client.get(edit))  # prefilled in local time
    response = client.post(edit, form(local(9, 13), minutes=90), follow=True)
    meeting.refresh_from_db()
    assert meeting.starts_at == local(9, 13) and meeting.sequence == 1
    assert "calendars will update" in html_of(response)
    mail = OutboxMessage.objects.get(key=f"meeting-changed:{meeting.pk}:1:{pair.mentor.user.pk}")
    assert "has moved a meeting" in mail.body_text
    entry = AuditEntry.objects.get(action="meeting.changed")
    assert entry.data["fields"] == "starts_at" and entry.data["sequence"] == 1
    # The reminders follow the new start.
    due = Reminder.objects.filter(
        meeting=meeting, kind="meeting", sent_at__isnull=True
    ).values_list("due_at", flat=True)
    assert all(moment == local(9, 13) - timedelta(days=2) for moment in due) and due
    # Ticking the venue check changes nothing in the calendar.
    client.post(edit, form(local(9, 13), venue_suitable="on"))
    meeting.refresh_from_db()
    assert meeting.venue_suitable and meeting.sequence == 1
    # Overlap with itself is no overlap; the past is still refused.
    assert "cannot be planned in the past" in html_of(client.post(edit, form(local(-1))))


def test_cancelling_keeps_the_meeting_in_the_list_struck_through(pair) -> None:
    meeting = plan(pair, local(8, 10), theme="Networking")
    client = logged_in_client(pair.mentee.user)
    html = html_of(client.get(url("meetings:cancel", meeting)))
    assert "Cancel the meeting on" in html
    response = client.post(url("meetings:cancel", meeting), follow=True)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 1
    html = html_of(response)
    assert "is cancelled. We have told Mads Madsen." in html
    assert 'class="meeting-row meeting-cancelled"' in html and "Networking" in html
    assert OutboxMessage.objects.filter(
        key=f"meeting-cancelled:{meeting.pk}:{pair.mentor.user.pk}"
    ).exists()
    assert not Reminder.objects.filter(
        meeting=meeting, sent_at__isnull=True, cancelled_at__isnull=True
    ).exists()
    # A cancelled meeting cannot be changed or cancelled again.
    response = client.post(url("meetings:edit", meeting), form(local(9)), follow=True)
    assert "Only a planned meeting can be changed." in html_of(response)
    assert Meeting.objects.get(pk=meeting.pk).starts_at == local(8, 10)


def test_the_list_shows_the_plan_against_the_agreement_and_the_recommendation(
    pair, programme
) -> None:
    plan(pair, local(-60), held=True, venue="mentor_workplace")
    plan(pair, local(-40), held=True, venue="mentor_workplace")  # the mentor's again
    plan(pair, local(-20), held=True, venue="virtual", video_link="https://meet.example.org/a")
    plan(pair, local(12), minutes=60, venue="mentee_workplace", theme="Feedback culture")
    cancelled = plan(pair, local(20))
    meeting_cancel(meeting=cancelled, by=pair.mentee.user)
    html = html_of(logged_in_client(pair.mentee.user).get(url("meetings:list", mentorship=pair)))
    assert "3 of 6 meetings held" in html and "next in 12 days" in html
    assert "Feedback culture" in html
    assert "Your agreement: 6 meetings of 90 minutes from" in html
    assert "The programme recommends at least 5 meetings of 90–120 minutes" in html
    assert "2 more meetings to plan." in html
    # Hosts: the agreement says take turns.
    assert "You agreed to take turns hosting, but 1 meeting is at the same workplace" in html
    assert html.count("Same host as last time") == 1
    # Virtual share: 1 of 4 (25 percent) against 20 percent agreed.
    assert "Virtual: 1 of 4 meetings (25 percent)." in html
    assert "Your agreement says 20 percent." in html
    assert "25 percent of your meetings are virtual, more than the 20 percent you agreed" in html
    # Shorter than the recommendation.
    assert "1 meeting is shorter than the 90 minutes the programme recommends." in html
    assert html.count("Shorter than recommended") == 1
    assert 'class="meeting-row meeting-cancelled"' in html


def test_without_an_agreement_the_list_uses_the_recommendation(programme) -> None:
    pair = make_pair(programme, agreement=False, trial_passed=False)
    html = html_of(logged_in_client(pair.mentor.user).get(url("meetings:list", mentorship=pair)))
    assert "0 of 5 meetings held" in html and "No meeting is planned ahead." in html
    assert "You have no collaboration agreement accepted by both yet" in html
    assert "You have not planned any meetings yet." in html


def test_the_list_runs_the_same_number_of_queries_for_1_or_many_meetings(pair, programme) -> None:
    other = make_pair_other(programme)
    plan(pair, local(3))
    for day in range(3, 40, 3):
        plan(other, local(day), held=False, venue="virtual", video_link="https://v.example.org/x")
    plan(other, local(-5), held=True)
    with CaptureQueriesContext(connection) as one:
        html_of(logged_in_client(pair.mentee.user).get(url("meetings:list", mentorship=pair)))
    with CaptureQueriesContext(connection) as many:
        html = html_of(
            logged_in_client(other.mentee.user).get(url("meetings:list", mentorship=other))
        )
    assert html.count('class="meeting-row') == 14
    assert len(many) == len(one), [query["sql"] for query in many.captured_queries]


def make_pair_other(programme: Any) -> Mentorship:
    mentee = accepted_mentee(programme, name="Bo Bech", language="en")
    mentor = accepted_mentor(programme, name="Nina Nielsen", organisation="Vestas", language="en")
    other = accepted_pair(programme, mentee=mentee, mentor=mentor)
    Mentorship.objects.filter(pk=other.pk).update(accepted_at=timezone.now() - timedelta(days=90))
    other.refresh_from_db()
    return other


def test_nobody_outside_the_pair_reaches_its_meetings(
    pair, programme, user, coordinator, superuser
) -> None:
    meeting = plan(pair, local(4))
    stranger = make_pair_other(programme)
    urls = [url(name, mentorship=pair) for name in ("meetings:list", "meetings:plan")]
    urls.append(url("meetings:close", mentorship=pair))
    urls += [
        url(name, meeting)
        for name in (
            "meetings:detail",
            "meetings:edit",
            "meetings:cancel",
            "meetings:agenda",
            "meetings:held",
            "meetings:feedback",
        )
    ]
    for person in (stranger.mentee.user, stranger.mentor.user, user, coordinator, superuser):
        client = logged_in_client(person)
        for address in urls:
            assert client.get(address).status_code == 404, (person, address)
            if not address.endswith("/meetings/"):  # the list is GET only (405)
                assert client.post(address, form(local(6))).status_code == 404, (person, address)
    # The pair's own page with another pair's meeting: 404.
    foreign = plan(stranger, local(4))
    address = reverse("meetings:detail", kwargs={"pk": pair.pk, "meeting": foreign.pk})
    assert logged_in_client(pair.mentee.user).get(address).status_code == 404
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED


def test_after_the_mentorship_ended_meetings_are_read_only(pair) -> None:
    meeting = plan(pair, local(4), theme="Last words")
    Mentorship.objects.filter(pk=pair.pk).update(status=MentorshipStatus.ENDED_EARLY)
    client = logged_in_client(pair.mentee.user)
    html = html_of(client.get(url("meetings:detail", meeting)))
    assert "Last words" in html and url("meetings:edit", meeting) not in html
    response = client.post(url("meetings:plan", mentorship=pair), form(local(6)), follow=True)
    assert "This mentorship has ended, so its meetings can no longer be changed." in html_of(
        response
    )
    client.post(url("meetings:cancel", meeting))
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED
    assert Meeting.objects.count() == 1


# -- point 2: confidentiality-aware venues ---------------------------------------------


FLYER = "It is not a good idea to talk about confidential matters in a busy café."


def test_a_confidential_agenda_at_a_public_place_gets_the_flyers_warning(pair) -> None:
    mentee, mentor = pair.mentee.user, pair.mentor.user
    response = logged_in_client(mentee).post(
        url("meetings:plan", mentorship=pair),
        form(
            local(6),
            venue="other",
            venue_name="Café Sommersko",
            agenda="Conflict with my manager",
            agenda_confidential="on",
        ),
        follow=True,
    )
    meeting = Meeting.objects.get()
    assert meeting.agenda_confidential and meeting.agenda == "Conflict with my manager"
    html = html_of(response)
    assert "meeting-venue-warning" in html and FLYER in html
    assert "you meet at Café Sommersko" in html
    assert "talk undisturbed and in confidence" in html
    list_html = html_of(logged_in_client(mentor).get(url("meetings:list", mentorship=pair)))
    assert "Confidential agenda at a public place" in list_html
    # The mentor (either side) checks the place: the warning goes away.
    response = logged_in_client(mentor).post(
        url("meetings:detail", meeting), {"venue_suitable": "on"}, follow=True
    )
    meeting.refresh_from_db()
    assert meeting.venue_suitable and meeting.sequence == 0
    html = html_of(response)
    assert FLYER not in html and "Checked: suits a confidential conversation" in html
    assert AuditEntry.objects.get(action="meeting.venue_checked").data["suitable"] is True


def test_no_warning_at_a_workplace_or_without_a_confidential_agenda(pair) -> None:
    at_work = plan(pair, local(6), by=pair.mentee.user, agenda="x", agenda_confidential=True)
    cafe = plan(pair, local(9), venue="other", venue_name="Café", by=pair.mentee.user, agenda="y")
    client = logged_in_client(pair.mentee.user)
    for meeting in (at_work, cafe):
        assert FLYER not in html_of(client.get(url("meetings:detail", meeting)))


# -- point 3: the agenda, held, roles, feedback --------------------------------------------


def test_only_the_mentee_writes_the_agenda(pair) -> None:
    mentee, mentor = pair.mentee.user, pair.mentor.user
    meeting = plan(pair, local(6), by=mentor)
    # The mentor's planning form has no agenda; the service refuses one.
    assert 'name="agenda"' not in html_of(
        logged_in_client(mentor).get(url("meetings:plan", mentorship=pair))
    )
    assert 'name="agenda"' in html_of(
        logged_in_client(mentee).get(url("meetings:plan", mentorship=pair))
    )
    with pytest.raises(MeetingError, match="Only the mentee writes the agenda"):
        meeting_agenda_save(meeting=meeting, by=mentor, agenda="Mine", confidential=False)
    response = logged_in_client(mentee).post(
        url("meetings:agenda", meeting),
        {"agenda": "1. How to lead the merged team\n2. My next step", "agenda_confidential": "on"},
        follow=True,
    )
    meeting.refresh_from_db()
    assert meeting.agenda.startswith("1. How to lead") and meeting.agenda_confidential
    assert meeting.agenda_updated_at is not None
    assert "The agenda is saved." in html_of(response)
    assert OutboxMessage.objects.filter(key=f"meeting-agenda:{meeting.pk}:{mentor.pk}").exists()
    # The mentor reads it, without a form, and cannot post.
    html = html_of(logged_in_client(mentor).get(url("meetings:agenda", meeting)))
    assert "How to lead the merged team" in html and 'name="agenda"' not in html
    assert "The mentee owns the agenda" in html
    response = logged_in_client(mentor).post(url("meetings:agenda", meeting), {"agenda": "Mine"})
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.agenda.startswith("1. How to lead")
    # A change mails nothing more (only the first agenda is announced).
    logged_in_client(mentee).post(url("meetings:agenda", meeting), {"agenda": "Changed"})
    assert OutboxMessage.objects.filter(key__startswith="meeting-agenda:").count() == 1


def test_a_meeting_is_marked_held_only_once_it_has_started(pair) -> None:
    meeting = plan(pair, local(3))
    client = logged_in_client(pair.mentee.user)
    html = html_of(client.get(url("meetings:held", meeting)))
    assert "You can mark the meeting as held once it has started" in html
    assert 'name="summary"' not in html
    response = client.post(url("meetings:held", meeting), {"summary": "Early"}, follow=True)
    assert "You can mark the meeting as held once it has started" in html_of(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED and meeting.summary == ""


def test_marking_the_first_meeting_held_records_summary_roles_and_opens_the_trial(
    programme,
) -> None:
    pair = make_pair(programme, trial_passed=False)
    first = plan(pair, local(-3, 9), by=pair.mentee.user)
    second = plan(pair, local(-1, 9), by=pair.mentee.user)
    client = logged_in_client(pair.mentor.user)
    html = html_of(client.get(url("meetings:held", first)))
    assert 'name="roles_used"' in html and "Sparring partner" in html
    response = client.post(
        url("meetings:held", first),
        {"summary": "We talked about the merger.", "roles_used": ["sponsor", "coach", "bogus"]},
        follow=True,
    )
    assert "Select a valid choice" in html_of(response)  # an unknown role is refused
    response = client.post(
        url("meetings:held", first),
        {"summary": "We talked about the merger.", "roles_used": ["sponsor", "coach"]},
        follow=True,
    )
    first.refresh_from_db()
    assert first.status == MeetingStatus.HELD and first.held_at is not None
    assert first.summary == "We talked about the merger."
    assert first.roles_used == ["coach", "sponsor"]  # the method's order
    html = html_of(response)
    assert "The meeting is marked as held." in html
    assert "We talked about the merger." in html and "Coach" in html and "Sponsor" in html
    # The first meeting of the mentorship is recorded (the trial gate opens).
    pair.refresh_from_db()
    assert pair.first_meeting_held_on == timezone.localdate(first.starts_at)
    assert OutboxMessage.objects.filter(key__startswith=f"first-meeting-held:{pair.pk}:").count()
    assert OutboxMessage.objects.filter(
        key=f"meeting-held:{first.pk}:{pair.mentee.user.pk}"
    ).exists()
    assert not Reminder.objects.filter(
        meeting=first, sent_at__isnull=True, cancelled_at__isnull=True
    ).exists()
    # A later meeting does not move the date of the first.
    meeting_record(meeting=second, by=pair.mentee.user, summary="", roles_used=[])
    pair.refresh_from_db()
    assert pair.first_meeting_held_on == timezone.localdate(first.starts_at)
    # Either side corrects the summary and the roles later.
    logged_in_client(pair.mentee.user).post(
        url("meetings:held", first), {"summary": "Corrected", "roles_used": ["friend"]}
    )
    first.refresh_from_db()
    assert first.summary == "Corrected" and first.roles_used == ["friend"]
    assert AuditEntry.objects.filter(action="meeting.summary_saved").count() == 1


def test_only_the_mentee_gives_feedback_on_the_roles(pair) -> None:
    meeting = plan(pair, local(-2), held=True)
    meeting_record(meeting=meeting, by=pair.mentor.user, summary="", roles_used=["critic"])
    mentor = logged_in_client(pair.mentor.user)
    assert mentor.get(url("meetings:feedback", meeting)).status_code == 404
    assert mentor.post(url("meetings:feedback", meeting), {"role_feedback": "x"}).status_code == 404
    mentee = logged_in_client(pair.mentee.user)
    html = html_of(mentee.get(url("meetings:feedback", meeting)))
    assert "Critic" in html and 'name="role_feedback"' in html
    response = mentee.post(
        url("meetings:feedback", meeting),
        {"role_feedback": "The critic role helped me most."},
        follow=True,
    )
    meeting.refresh_from_db()
    assert meeting.role_feedback == "The critic role helped me most."
    assert "Thank you for your feedback." in html_of(response)
    assert OutboxMessage.objects.filter(
        key=f"meeting-feedback:{meeting.pk}:{pair.mentor.user.pk}"
    ).exists()
    # The mentor reads it on the meeting's page.
    assert "The critic role helped me most." in html_of(mentor.get(url("meetings:detail", meeting)))
    # Not before the meeting is held.
    planned = plan(pair, local(5))
    response = mentee.post(url("meetings:feedback", planned), {"role_feedback": "x"}, follow=True)
    assert "once the meeting is held" in html_of(response)
    assert Meeting.objects.get(pk=planned.pk).role_feedback == ""


def test_audit_entries_and_mails_hold_no_text_content(pair) -> None:
    markers = ("AGENDA-MARKER-7", "SUMMARY-MARKER-8", "FEEDBACK-MARKER-9")
    meeting = plan(pair, local(-1), by=pair.mentee.user)
    mentee = logged_in_client(pair.mentee.user)
    upcoming = plan(pair, local(4), by=pair.mentee.user)
    mentee.post(url("meetings:agenda", upcoming), {"agenda": markers[0]})
    mentee.post(url("meetings:held", meeting), {"summary": markers[1], "roles_used": ["coach"]})
    mentee.post(url("meetings:feedback", meeting), {"role_feedback": markers[2]})
    assert Meeting.objects.get(pk=meeting.pk).role_feedback == markers[2]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"meeting.agenda_saved", "meeting.held", "meeting.role_feedback_saved"} <= actions
    for entry in AuditEntry.objects.all():
        dump = f"{entry.data} {entry.object_repr}"
        assert not any(marker in dump for marker in markers), entry.action
    for mail in OutboxMessage.objects.all():
        dump = f"{mail.subject} {mail.body_text} {mail.body_html}"
        assert not any(marker in dump for marker in markers), mail.key


# -- point 5: the pair page -------------------------------------------------------------


def test_the_pair_page_shows_the_plan_the_next_meeting_and_links(pair) -> None:
    plan(pair, local(-10), held=True)
    upcoming = plan(pair, local(5, 15), theme="Next steps")
    html = html_of(
        logged_in_client(pair.mentee.user).get(reverse("relationships:pair", args=[pair.pk]))
    )
    section = html[html.index('class="pair-meetings"') :]
    section = section[: section.index("</section>")]
    assert "1 of 6 meetings held" in section and "next in 5 days" in section
    assert url("meetings:detail", upcoming) in section and "Next steps" in section
    assert url("meetings:plan", mentorship=pair) in section
    assert url("meetings:list", mentorship=pair) in section
    assert url("meetings:close", mentorship=pair) in section  # the trial is passed
    assert "Your first meeting was held on" in section


def test_the_next_step_asks_to_plan_the_first_meeting(programme) -> None:
    pair = make_pair(programme, trial_passed=False)
    # The roles exercise is not done: set the roles agreed so that the first
    # meeting is the next step.
    from mentoring.relationships.models import RolesExerciseAnswer

    for side in ("mentee", "mentor"):
        RolesExerciseAnswer.objects.create(
            mentorship=pair, side=side, ratings={}, submitted_at=timezone.now()
        )
    Mentorship.objects.filter(pk=pair.pk).update(
        roles_agreed_at=timezone.now(), agreed_roles=["coach"]
    )
    page = reverse("relationships:pair", args=[pair.pk])
    html = html_of(logged_in_client(pair.mentee.user).get(page))
    step = html[html.index('class="panel pair-next"') :]
    step = step[: step.index("</section>")]
    assert "Plan your first meeting" in step and url("meetings:plan", mentorship=pair) in step
    assert "Hold your first meeting" in step
    assert reverse("relationships:trial", args=[pair.pk]) in step
    plan(pair, local(4))
    html = html_of(logged_in_client(pair.mentee.user).get(page))
    step = html[html.index('class="panel pair-next"') :]
    step = step[: step.index("</section>")]
    assert "Plan your first meeting" not in step and "Mark the first meeting as held" in step
    # The pure logic: unknown (None) keeps the old step.
    pair.refresh_from_db()
    progress = progress_of(with_progress(pair), first_meeting_planned=False)
    assert progress.next_step.code == NextCode.PLAN_FIRST_MEETING
    assert progress_of(with_progress(pair)).next_step.code == NextCode.FIRST_MEETING
