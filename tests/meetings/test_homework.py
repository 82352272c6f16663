"""Homework (action items, issue 6 point 4): created at or between meetings
with an owner and a due date (not in the past), done and undone, followed
up at a later meeting, deleted only by its writer; overdue items
highlighted; counts for the pair's page in one query; only the pair gets
the pages, and an ended pair can read but not change. Texts are checked in
English."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.common.models import AuditEntry
from mentoring.meetings.enums import MeetingStatus, VenueKind
from mentoring.meetings.models import ActionItem, Meeting
from mentoring.meetings.selectors import HomeworkCounts, homework_counts
from mentoring.meetings.services.homework import (
    HomeworkError,
    action_item_create,
    action_item_follow_up,
)
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from tests.conftest import logged_in_client
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

pytestmark = pytest.mark.django_db

SECRET_TITLE = "HOMEWORK-TITLE-SECRET-42"


# -- builders shared by the meetings tests of helper "homework" -------------


def make_pair(programme: Programme, n: int = 0, language: str = "en") -> Mentorship:
    mentee = accepted_mentee(
        programme,
        name=f"Anna{n} Andersen",
        email=f"anna{n}@example.org",
        organisation=f"Org {n}",
        language=language,
    )
    mentor = accepted_mentor(
        programme,
        name=f"Mads{n} Madsen",
        email=f"mads{n}@example.org",
        organisation="Novo Nordisk",
        language=language,
    )
    return accepted_pair(programme, mentee=mentee, mentor=mentor)


def make_meeting(
    mentorship: Mentorship,
    *,
    days: float,
    status: str = MeetingStatus.PLANNED,
    **fields: Any,
) -> Meeting:
    """A meeting ``days`` from now (negative: in the past)."""
    starts_at = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(
        mentorship=mentorship,
        starts_at=starts_at,
        duration_minutes=90,
        venue_kind=VenueKind.VIRTUAL,
        status=status,
        held_at=starts_at if status == MeetingStatus.HELD else None,
        **fields,
    )


def make_item(
    mentorship: Mentorship,
    *,
    title: str = "Read the book",
    owner: str = Side.MENTEE,
    due_in: int = 7,
    done: bool = False,
    by: Any = None,
    meeting: Meeting | None = None,
) -> ActionItem:
    """Homework written straight to the database (a due date in the past is
    possible here, as for homework that became overdue)."""
    return ActionItem.objects.create(
        mentorship=mentorship,
        title=title,
        owner=owner,
        due_on=timezone.localdate() + timedelta(days=due_in),
        done_at=timezone.now() if done else None,
        created_by=by,
        meeting=meeting,
    )


@pytest.fixture
def pair(programme: Programme) -> Mentorship:
    return make_pair(programme)


def url(mentorship: Mentorship) -> str:
    return reverse("meetings:homework", args=[mentorship.pk])


def item_url(item: ActionItem) -> str:
    return reverse("meetings:homework_item", args=[item.mentorship_id, item.pk])


def mentee_client(mentorship: Mentorship) -> Client:
    return logged_in_client(mentorship.mentee.user)


def mentor_client(mentorship: Mentorship) -> Client:
    return logged_in_client(mentorship.mentor.user)


def item_html(html: str, item: ActionItem) -> str:
    """The list element of one item."""
    start = html.index(f'id="homework-{item.pk}"')
    start = html.rindex("<li", 0, start)
    return html[start : html.index("\n</li>", start)]


# -- creating homework -----------------------------------------------------


def test_the_mentee_adds_homework_for_the_mentor_agreed_at_a_meeting(pair: Mentorship) -> None:
    meeting = make_meeting(pair, days=-1, status=MeetingStatus.HELD)
    due = timezone.localdate() + timedelta(days=14)
    response = mentee_client(pair).post(
        url(pair),
        {
            "title": "  Introduce Anna to   the HR network ",
            "owner": "mentor",
            "due_on": due.isoformat(),
            "meeting": str(meeting.pk),
        },
        follow=True,
    )
    item = ActionItem.objects.get(mentorship=pair)
    assert item.title == "Introduce Anna to the HR network"
    assert item.owner == Side.MENTOR
    assert item.due_on == due
    assert item.meeting == meeting
    assert item.created_by == pair.mentee.user
    html = response.content.decode()
    assert "The homework has been added." in html
    assert "Introduce Anna to the HR network" in html
    assert "For Mads0 Madsen (mentor)" in html
    entry = AuditEntry.objects.get(action="homework.created")
    assert entry.data == {
        "item": item.pk,
        "owner": "mentor",
        "due_on": due.isoformat(),
        "meeting": meeting.pk,
    }


def test_homework_between_meetings_needs_no_meeting(pair: Mentorship) -> None:
    mentor_client(pair).post(
        url(pair),
        {"title": "Draft a plan", "owner": "mentee", "due_on": timezone.localdate().isoformat()},
    )
    item = ActionItem.objects.get(mentorship=pair)
    assert item.meeting is None
    assert item.due_on == timezone.localdate()  # today is allowed


def test_a_due_date_in_the_past_is_refused(pair: Mentorship) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    response = mentee_client(pair).post(
        url(pair), {"title": "Too late", "owner": "mentee", "due_on": yesterday.isoformat()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The due date cannot be in the past." in html
    assert "The homework needs your attention" in html
    assert not ActionItem.objects.exists()
    with pytest.raises(HomeworkError, match="past"):
        action_item_create(
            mentorship=pair, by=pair.mentee.user, title="x", owner="mentee", due_on=yesterday
        )


def test_missing_fields_show_the_form_again(pair: Mentorship) -> None:
    response = mentee_client(pair).post(url(pair), {"title": "", "owner": "", "due_on": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_title"' in html and 'href="#id_due_on"' in html
    assert not ActionItem.objects.exists()


def test_only_the_pairs_meetings_that_took_place_can_be_linked(
    pair: Mentorship, programme: Programme
) -> None:
    other = make_pair(programme, 1)
    theirs = make_meeting(other, days=-1, status=MeetingStatus.HELD)
    ahead = make_meeting(pair, days=5)
    cancelled = make_meeting(pair, days=-3, status=MeetingStatus.CANCELLED)
    past = make_meeting(pair, days=-2, status=MeetingStatus.HELD)
    html = mentee_client(pair).get(url(pair)).content.decode()
    assert f'value="{past.pk}"' in html
    for meeting in (theirs, ahead, cancelled):
        assert f'value="{meeting.pk}"' not in html
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = mentee_client(pair).post(
        url(pair), {"title": "x", "owner": "mentee", "due_on": due, "meeting": str(theirs.pk)}
    )
    assert response.status_code == 200  # not a choice: the form again
    assert not ActionItem.objects.exists()
    for meeting in (theirs, ahead, cancelled):
        with pytest.raises(HomeworkError):
            action_item_create(
                mentorship=pair,
                by=pair.mentee.user,
                title="x",
                owner="mentee",
                due_on=timezone.localdate(),
                meeting=meeting,
            )


def test_someone_outside_the_pair_cannot_add_homework_to_it(
    pair: Mentorship, programme: Programme
) -> None:
    stranger = make_pair(programme, 2)
    response = mentee_client(stranger).post(
        url(pair),
        {"title": "x", "owner": "mentee", "due_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 404
    with pytest.raises(HomeworkError):
        action_item_create(
            mentorship=pair,
            by=stranger.mentee.user,
            title="x",
            owner="mentee",
            due_on=timezone.localdate(),
        )
    assert not ActionItem.objects.exists()


# -- the list: overdue highlighted ------------------------------------------


def test_overdue_homework_is_highlighted(pair: Mentorship) -> None:
    overdue = make_item(pair, title="Overdue item", due_in=-3)
    due_today = make_item(pair, title="Due today", due_in=0)
    later = make_item(pair, title="Later item", due_in=10)
    done_late = make_item(pair, title="Done item", due_in=-5, done=True)
    html = mentee_client(pair).get(url(pair)).content.decode()
    assert "homework-overdue" in item_html(html, overdue)
    assert ">Overdue</span>" in item_html(html, overdue)
    for item in (due_today, later, done_late):
        assert "homework-overdue" not in item_html(html, item)
        assert ">Overdue</span>" not in item_html(html, item)
    # Open items by due date (the overdue one first), then the done ones.
    positions = [html.index(f'id="homework-{i.pk}"') for i in (overdue, due_today, later)]
    assert positions == sorted(positions)
    assert html.index(f'id="homework-{done_late.pk}"') > positions[-1]
    # The counts above the list
    counts = html[html.index('class="homework-counts"') :]
    counts = counts[: counts.index("</dl>")]
    assert "homework-counts-overdue" in counts
    assert [c.split("</dd>")[0] for c in counts.split("<dd>")[1:]] == ["3", "1", "1"]


def test_homework_counts_for_many_pairs_in_one_query(programme: Programme) -> None:
    first, second, empty = (make_pair(programme, n) for n in range(3))
    make_item(first, due_in=-1)
    make_item(first, due_in=2)
    make_item(first, due_in=-9, done=True)
    make_item(second, due_in=1, done=True)
    with CaptureQueriesContext(connection) as queries:
        counts = homework_counts([first, second, empty.pk])
    assert len(queries) == 1
    assert counts == {
        first.pk: HomeworkCounts(open=2, overdue=1, done=1),
        second.pk: HomeworkCounts(open=0, overdue=0, done=1),
        empty.pk: HomeworkCounts(),
    }
    assert counts[first.pk].total == 3
    assert homework_counts([]) == {}


def test_the_homework_page_has_a_constant_number_of_queries(pair: Mentorship) -> None:
    meeting = make_meeting(pair, days=-10, status=MeetingStatus.HELD)
    make_item(pair, by=pair.mentee.user, meeting=meeting)
    client = mentee_client(pair)
    client.get(url(pair))
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(pair)).status_code == 200
    later = make_meeting(pair, days=-2, status=MeetingStatus.HELD)
    for n in range(6):
        item = make_item(pair, by=pair.mentor.user, meeting=meeting, due_in=n - 3, done=n % 2 == 0)
        if n % 3 == 0:
            item.checked_at = later
            item.save(update_fields=["checked_at"])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url(pair)).status_code == 200
    assert len(many) == len(one)


# -- done, follow-up, delete -----------------------------------------------


def test_either_side_marks_homework_done_and_undoes_it(pair: Mentorship) -> None:
    item = make_item(pair, by=pair.mentee.user)
    response = mentor_client(pair).post(item_url(item), {"action": "done"}, follow=True)
    item.refresh_from_db()
    assert item.done_at is not None
    assert "The homework is marked as done." in response.content.decode()
    assert AuditEntry.objects.filter(action="homework.done").count() == 1
    mentee_client(pair).post(item_url(item), {"action": "undo"})
    item.refresh_from_db()
    assert item.done_at is None
    assert AuditEntry.objects.filter(action="homework.reopened").count() == 1


def test_homework_is_followed_up_at_a_later_meeting(pair: Mentorship) -> None:
    agreed = make_meeting(pair, days=-20, status=MeetingStatus.HELD)
    next_one = make_meeting(pair, days=-1, status=MeetingStatus.HELD)
    item = make_item(pair, meeting=agreed, done=True)
    html = mentee_client(pair).get(url(pair)).content.decode()
    row = item_html(html, item)
    # Only the later meeting is offered, and chosen by default.
    assert f'value="{next_one.pk}" selected' in row
    assert f'value="{agreed.pk}"' not in row
    response = mentee_client(pair).post(
        item_url(item),
        {"action": "follow_up", f"item-{item.pk}-meeting": str(next_one.pk)},
        follow=True,
    )
    item.refresh_from_db()
    assert item.checked_at == next_one
    html = response.content.decode()
    assert "The homework is marked as followed up." in html
    assert "Followed up at the meeting on" in item_html(html, item)
    # Not at the meeting it was agreed at
    with pytest.raises(HomeworkError, match="later meeting"):
        action_item_follow_up(item=item, by=pair.mentee.user, meeting=agreed)
    # Removing the follow-up
    mentor_client(pair).post(item_url(item), {"action": "unfollow"})
    item.refresh_from_db()
    assert item.checked_at is None


def test_follow_up_at_another_pairs_meeting_is_refused(
    pair: Mentorship, programme: Programme
) -> None:
    theirs = make_meeting(make_pair(programme, 1), days=-1, status=MeetingStatus.HELD)
    item = make_item(pair)
    response = mentee_client(pair).post(
        item_url(item),
        {"action": "follow_up", f"item-{item.pk}-meeting": str(theirs.pk)},
        follow=True,
    )
    assert "Please choose the meeting at which you followed it up." in response.content.decode()
    item.refresh_from_db()
    assert item.checked_at is None


def test_only_the_writer_deletes_homework(pair: Mentorship) -> None:
    item = make_item(pair, by=pair.mentee.user, title=SECRET_TITLE)
    # The mentor sees no delete button and is refused
    html = mentor_client(pair).get(url(pair)).content.decode()
    assert 'value="delete"' not in item_html(html, item)
    response = mentor_client(pair).post(item_url(item), {"action": "delete"}, follow=True)
    assert "Only the person who wrote the homework can delete it." in response.content.decode()
    assert ActionItem.objects.filter(pk=item.pk).exists()
    html = mentee_client(pair).get(url(pair)).content.decode()
    assert 'value="delete"' in item_html(html, item)
    mentee_client(pair).post(item_url(item), {"action": "delete"})
    assert not ActionItem.objects.filter(pk=item.pk).exists()
    entry = AuditEntry.objects.get(action="homework.deleted")
    assert entry.data == {"item": item.pk}
    # The audit log never holds the homework's text
    for entry in AuditEntry.objects.all():
        assert SECRET_TITLE not in str(entry.data) + entry.object_repr


def test_an_unknown_action_changes_nothing(pair: Mentorship) -> None:
    item = make_item(pair)
    response = mentee_client(pair).post(item_url(item), {"action": "explode"})
    assert response["Location"] == url(pair)
    item.refresh_from_db()
    assert item.done_at is None


def test_another_pairs_homework_is_404(pair: Mentorship, programme: Programme) -> None:
    other = make_pair(programme, 1)
    theirs = make_item(other)
    # Through the own pair's URL with the other pair's item id
    response = mentee_client(pair).post(
        reverse("meetings:homework_item", args=[pair.pk, theirs.pk]), {"action": "done"}
    )
    assert response.status_code == 404
    assert mentee_client(pair).get(url(other)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_at is None


def test_an_ended_pair_reads_but_cannot_change_homework(pair: Mentorship) -> None:
    item = make_item(pair, title="Old homework", by=pair.mentee.user)
    Mentorship.objects.filter(pk=pair.pk).update(status=MentorshipStatus.ENDED_EARLY)
    client = mentee_client(pair)
    html = client.get(url(pair)).content.decode()
    assert "Old homework" in html
    assert "no longer change it" in html
    assert 'name="title"' not in html and 'value="done"' not in html
    response = client.post(
        url(pair),
        {"title": "x", "owner": "mentee", "due_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "can no longer be changed" in response.content.decode()
    client.post(item_url(item), {"action": "done"})
    item.refresh_from_db()
    assert item.done_at is None
    assert ActionItem.objects.count() == 1


def test_a_closing_pair_still_records_homework(pair: Mentorship) -> None:
    Mentorship.objects.filter(pk=pair.pk).update(status=MentorshipStatus.CLOSING)
    mentee_client(pair).post(
        url(pair),
        {"title": "Final reflection", "owner": "mentee", "due_on": date.today().isoformat()},
    )
    assert ActionItem.objects.filter(mentorship=pair, title="Final reflection").exists()


# -- the pair page's homework block ---------------------------------------------


def test_the_pair_page_shows_the_homework_counts(pair: Mentorship) -> None:
    client = mentee_client(pair)
    html = client.get(reverse("relationships:pair", args=[pair.pk])).content.decode()
    block = html[html.index('class="pair-homework"') :]
    block = block[: block.index("</section>")]
    assert "You have not recorded any homework yet." in block
    assert reverse("meetings:homework", args=[pair.pk]) in block
    assert reverse("meetings:goals", args=[pair.pk]) in block
    make_item(pair, due_in=-2)
    make_item(pair, due_in=-1)
    make_item(pair, due_in=3, done=True)
    html = client.get(reverse("relationships:pair", args=[pair.pk])).content.decode()
    block = html[html.index('class="pair-homework"') :]
    block = block[: block.index("</section>")]
    assert [c.split("</dd>")[0] for c in block.split("<dd>")[1:]] == ["2", "2", "1"]
    assert "2 homework items are overdue" in block


def test_a_due_date_after_the_programme_ends_is_refused(pair: Mentorship) -> None:
    """Issue 16, point 10: by the form and by the service."""
    programme = pair.programme
    programme.ends_on = timezone.localdate() + timedelta(days=30)
    programme.save(update_fields=["ends_on"])
    years_later = programme.ends_on + timedelta(days=3 * 365)
    response = mentee_client(pair).post(
        url(pair), {"title": "Much later", "owner": "mentee", "due_on": years_later.isoformat()}
    )
    assert response.status_code == 200
    assert "choose a due date by then" in response.content.decode()
    assert not ActionItem.objects.exists()
    with pytest.raises(HomeworkError, match="choose a due date by then"):
        action_item_create(
            mentorship=pair, by=pair.mentee.user, title="x", owner="mentee", due_on=years_later
        )
    # The programme's last day is fine.
    action_item_create(
        mentorship=pair, by=pair.mentee.user, title="x", owner="mentee", due_on=programme.ends_on
    )
    assert ActionItem.objects.count() == 1
