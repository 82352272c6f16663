"""The coordinator's overview of meetings (issue 6 point 10): per pair the
meetings held and planned against the agreement and the programme's
recommendation, the last and next meeting, homework counts, and the pairs
at risk with their reasons (inactive, overdue homework, a meeting soon
without an agenda); filter "at risk only"; never any note, agenda, summary,
goal or homework text; a constant number of queries. Texts are checked in
English (the coordinator's language is set to "en")."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from mentoring.accounts.models import User
from mentoring.meetings.enums import MeetingStatus, NoteVisibility
from mentoring.meetings.models import Goal, GoalUpdate, Note
from mentoring.meetings.overview import (
    RISK_INACTIVE,
    RISK_NO_AGENDA,
    RISK_OVERDUE_HOMEWORK,
    meetings_overview,
    meetings_overview_page,
)
from mentoring.meetings.selectors import INACTIVITY_DAYS
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import AgreementVersion, Mentorship
from tests.conftest import logged_in_client
from tests.meetings.test_homework import make_item, make_meeting, make_pair

pytestmark = pytest.mark.django_db

#: Text the pair wrote: none of it may reach the coordinator's page.
MARKERS = {
    "agenda": "AGENDA-MARKER-1",
    "summary": "SUMMARY-MARKER-2",
    "theme": "THEME-MARKER-3",
    "role_feedback": "FEEDBACK-MARKER-4",
    "private_note": "PRIVATE-NOTE-MARKER-5",
    "shared_note": "SHARED-NOTE-MARKER-6",
    "goal": "GOAL-MARKER-7",
    "goal_comment": "GOAL-COMMENT-MARKER-8",
    "homework": "HOMEWORK-MARKER-9",
    "agreement_goal": "AGREEMENT-GOAL-MARKER-10",
}


@pytest.fixture
def coordinator_en(coordinator: User) -> User:
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return coordinator


def url(programme: Programme, show: str = "") -> str:
    base = reverse("meetings:coordinate", args=[programme.slug])
    return f"{base}?show={show}" if show else base


def accepted_days_ago(mentorship: Mentorship, days: int) -> None:
    Mentorship.objects.filter(pk=mentorship.pk).update(
        accepted_at=timezone.now() - timedelta(days=days)
    )


def agree(mentorship: Mentorship, meetings: int, **fields: Any) -> AgreementVersion:
    now = timezone.now()
    return AgreementVersion.objects.create(
        mentorship=mentorship,
        number=AgreementVersion.objects.filter(mentorship=mentorship).count() + 1,
        meetings_planned=meetings,
        meeting_minutes=90,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 10, 1),
        mentee_accepted_at=now,
        mentor_accepted_at=now,
        accepted_at=now,
        **fields,
    )


def row_html(html: str, mentorship: Mentorship) -> str:
    marker = reverse(
        "relationships:coordinate_pair", args=[mentorship.programme.slug, mentorship.pk]
    )
    start = html.rindex("<tr", 0, html.index(marker))
    return html[start : html.index("</tr>", start)]


def with_content(mentorship: Mentorship) -> None:
    """Everything the pair can write, each with a marker string."""
    meeting = make_meeting(
        mentorship,
        days=-3,
        status=MeetingStatus.HELD,
        agenda=MARKERS["agenda"],
        summary=MARKERS["summary"],
        theme=MARKERS["theme"],
        role_feedback=MARKERS["role_feedback"],
        agenda_confidential=True,
    )
    make_meeting(mentorship, days=1, agenda=MARKERS["agenda"] + "-next")
    for visibility, key in (
        (NoteVisibility.PRIVATE, "private_note"),
        (NoteVisibility.SHARED, "shared_note"),
    ):
        Note.objects.create(
            mentorship=mentorship,
            author=mentorship.mentee.user,
            meeting=meeting,
            visibility=visibility,
            title=MARKERS[key],
            body=MARKERS[key],
        )
    goal = Goal.objects.create(mentorship=mentorship, text=MARKERS["goal"])
    GoalUpdate.objects.create(
        goal=goal, author=mentorship.mentor.user, progress=50, comment=MARKERS["goal_comment"]
    )
    make_item(mentorship, title=MARKERS["homework"], due_in=-1, meeting=meeting)
    agree(mentorship, 6, goals=[MARKERS["agreement_goal"]])


# -- the figures -----------------------------------------------------------------------


def test_meetings_against_the_agreement_and_the_recommendation(
    programme: Programme, coordinator_en: User
) -> None:
    pair = make_pair(programme)
    first = make_meeting(pair, days=-30, status=MeetingStatus.HELD)
    last = make_meeting(pair, days=-10, status=MeetingStatus.HELD)
    make_meeting(pair, days=-40, status=MeetingStatus.CANCELLED)
    make_meeting(pair, days=-5)  # passed, not marked held
    upcoming = make_meeting(pair, days=12, agenda="Prepared")
    make_meeting(pair, days=40)
    agree(pair, 6)
    make_item(pair, due_in=3)
    make_item(pair, due_in=-3, done=True)

    [row] = meetings_overview(programme=programme)
    assert row.meetings.held == 2
    assert row.meetings.upcoming == 2
    assert row.meetings.unrecorded == 1
    assert row.meetings.last_held_at == last.starts_at
    assert row.meetings.next_at == upcoming.starts_at
    assert row.agreed_meetings == 6
    assert row.recommended_meetings == programme.min_meetings
    assert (row.homework.open, row.homework.overdue, row.homework.done) == (1, 0, 1)
    assert row.risks == ()
    assert first.starts_at < last.starts_at

    html = logged_in_client(coordinator_en).get(url(programme)).content.decode()
    line = row_html(html, pair)
    assert "Anna0 Andersen – Mads0 Madsen" in line
    assert "2 of 6" in line
    assert "1 past meeting not marked held" in line
    assert "1 open" in line and "overdue" not in line
    with translation.override("en"):
        for when in (last.starts_at, upcoming.starts_at):
            assert date_format(timezone.localtime(when), "SHORT_DATE_FORMAT") in line
    assert "fewer than recommended" not in line
    assert f"The programme recommends at least {programme.min_meetings} meetings" in html


def test_an_agreement_below_the_recommendation_is_marked(
    programme: Programme, coordinator_en: User
) -> None:
    pair = make_pair(programme)
    agree(pair, 1)
    assert programme.min_meetings > 1
    html = logged_in_client(coordinator_en).get(url(programme)).content.decode()
    assert "fewer than recommended" in row_html(html, pair)
    # Without an accepted agreement
    other = make_pair(programme, 1)
    html = logged_in_client(coordinator_en).get(url(programme)).content.decode()
    assert "no accepted agreement" in row_html(html, other)


# -- pairs at risk ----------------------------------------------------------------------


def test_pairs_at_risk_and_their_reasons(programme: Programme, coordinator_en: User) -> None:
    never_met = make_pair(programme, 1)
    accepted_days_ago(never_met, 50)
    recent = make_pair(programme, 2)
    accepted_days_ago(recent, INACTIVITY_DAYS - 1)
    long_ago = make_pair(programme, 3)
    accepted_days_ago(long_ago, 200)
    make_meeting(long_ago, days=-(INACTIVITY_DAYS + 1), status=MeetingStatus.HELD)
    planned_ahead = make_pair(programme, 4)
    accepted_days_ago(planned_ahead, 200)
    make_meeting(planned_ahead, days=20, agenda="Ready")
    overdue = make_pair(programme, 5)
    make_item(overdue, due_in=-1)
    no_agenda = make_pair(programme, 6)
    make_meeting(no_agenda, days=1.5)
    with_agenda = make_pair(programme, 7)
    make_meeting(with_agenda, days=1, agenda="Our plan")
    make_meeting(with_agenda, days=3)  # beyond two days: no warning yet
    ended = make_pair(programme, 8)
    accepted_days_ago(ended, 300)
    make_item(ended, due_in=-30)
    Mentorship.objects.filter(pk=ended.pk).update(status=MentorshipStatus.ENDED_EARLY)

    risks = {row.mentorship.pk: row for row in meetings_overview(programme=programme)}
    assert risks[never_met.pk].risks == (RISK_INACTIVE,)
    assert risks[never_met.pk].inactive_days == 50
    assert risks[long_ago.pk].risks == (RISK_INACTIVE,)
    assert risks[long_ago.pk].inactive_days == INACTIVITY_DAYS + 1
    assert risks[overdue.pk].risks == (RISK_OVERDUE_HOMEWORK,)
    assert risks[no_agenda.pk].risks == (RISK_NO_AGENDA,)
    for fine in (recent, planned_ahead, with_agenda, ended):
        assert risks[fine.pk].risks == (), fine
    at_risk = {
        row.mentorship.pk for row in meetings_overview(programme=programme, at_risk_only=True)
    }
    assert at_risk == {never_met.pk, long_ago.pk, overdue.pk, no_agenda.pk}

    client = logged_in_client(coordinator_en)
    html = client.get(url(programme)).content.decode()
    assert "Inactive for 50 days" in row_html(html, never_met)
    assert "Overdue homework" in row_html(html, overdue)
    assert "1 overdue" in row_html(html, overdue)
    assert "Meeting soon without an agenda" in row_html(html, no_agenda)
    assert "row-at-risk" in row_html(html, never_met)
    assert "row-at-risk" not in row_html(html, recent)
    assert "Ended after the first meeting" in row_html(html, ended)
    assert f"none held or planned in the last {INACTIVITY_DAYS} days" in html

    # The filter "at risk only"
    html = client.get(url(programme, "risk")).content.decode()
    shown = {
        m.pk
        for m in (
            never_met,
            recent,
            long_ago,
            planned_ahead,
            overdue,
            no_agenda,
            with_agenda,
            ended,
        )
        if reverse("relationships:coordinate_pair", args=[programme.slug, m.pk]) in html
    }
    assert shown == {never_met.pk, long_ago.pk, overdue.pk, no_agenda.pk}
    assert 'href="?show=risk" aria-current="page"' in html


def test_the_risk_rule_in_the_database_agrees_with_the_figures(programme: Programme) -> None:
    """The overview counts and filters the pairs at risk in SQL
    (``at_risk_condition``) and computes the reasons from the page's figures
    (``_risks``): both must agree, at the edges of every rule too."""
    cases: dict[str, Mentorship] = {}

    def pair(name: str, accepted_days: int | None = None) -> Mentorship:
        made = make_pair(programme, len(cases))
        if accepted_days is not None:
            accepted_days_ago(made, accepted_days)
        cases[name] = made
        return made

    make_meeting(pair("cancelled_recently", 100), days=-3, status=MeetingStatus.CANCELLED)
    make_meeting(pair("unrecorded_recently", 100), days=-3)  # planned, not marked held
    make_meeting(pair("held_before_accepting", 5), days=-60, status=MeetingStatus.HELD)
    make_meeting(pair("held_in_window", 100), days=-(INACTIVITY_DAYS - 1), status="held")
    pair("accepted_just_inside", INACTIVITY_DAYS - 1)
    pair("accepted_just_outside", INACTIVITY_DAYS + 1)
    make_item(pair("homework_due_today"), due_in=0)
    make_item(pair("homework_done_late"), due_in=-5, done=True)
    make_meeting(pair("agenda_in_time"), days=1.9, agenda="Ready")
    make_meeting(pair("agenda_missing_later"), days=2.1)
    make_meeting(pair("cancelled_soon"), days=1, status=MeetingStatus.CANCELLED)
    make_item(pair("everything", 300), due_in=-1)
    make_meeting(cases["everything"], days=1)  # planned ahead: not inactive
    closing = pair("closing_idle", 300)
    Mentorship.objects.filter(pk=closing.pk).update(status=MentorshipStatus.CLOSING)
    completed = pair("completed_idle", 300)
    make_item(completed, due_in=-3)
    Mentorship.objects.filter(pk=completed.pk).update(status=MentorshipStatus.COMPLETED)

    now = timezone.now()
    figures = {
        row.mentorship.pk: row.risks for row in meetings_overview(programme=programme, now=now)
    }
    expected = {
        "cancelled_recently": (RISK_INACTIVE,),
        "held_before_accepting": (RISK_INACTIVE,),
        "accepted_just_outside": (RISK_INACTIVE,),
        "everything": (RISK_OVERDUE_HOMEWORK, RISK_NO_AGENDA),
        "closing_idle": (RISK_INACTIVE,),
    }
    assert {name: figures[made.pk] for name, made in cases.items() if figures[made.pk]} == expected

    page = meetings_overview_page(programme=programme, at_risk_only=True, per_page=100, now=now)
    assert page.total == len(cases)
    assert page.at_risk_count == len(expected)
    assert {row.mentorship.pk: row.risks for row in page.rows} == {
        cases[name].pk: risks for name, risks in expected.items()
    }
    everyone = meetings_overview_page(programme=programme, per_page=100, now=now)
    assert {row.mentorship.pk: row.risks for row in everyone.rows} == figures


def test_no_pair_at_risk(programme: Programme, coordinator_en: User) -> None:
    make_pair(programme)
    html = logged_in_client(coordinator_en).get(url(programme, "risk")).content.decode()
    assert "No pair is at risk right now." in html


def test_the_programme_threshold_is_used_when_it_exists(programme: Programme) -> None:
    """``Programme.inactivity_days`` (once the integrator adds it) overrides
    ``INACTIVITY_DAYS``; simulated on the instance."""
    pair = make_pair(programme)
    accepted_days_ago(pair, 20)
    assert meetings_overview(programme=programme)[0].risks == ()
    programme.inactivity_days = 14  # type: ignore[attr-defined]
    assert meetings_overview(programme=programme)[0].risks == (RISK_INACTIVE,)


# -- confidentiality, access, queries ---------------------------------------------------


def test_no_text_of_the_pair_reaches_the_coordinator(
    programme: Programme, coordinator_en: User, superuser: User
) -> None:
    pair = make_pair(programme)
    with_content(pair)
    # The pair itself sees its shared texts (the markers are real content) ...
    goals_html = (
        logged_in_client(pair.mentee.user)
        .get(reverse("meetings:goals", args=[pair.pk]))
        .content.decode()
    )
    assert MARKERS["goal"] in goals_html and MARKERS["goal_comment"] in goals_html
    # ... the coordinator and the superuser never do.
    for person in (coordinator_en, superuser):
        for show in ("", "all", "risk"):
            html = logged_in_client(person).get(url(programme, show)).content.decode()
            assert "Anna0 Andersen" in html
            for marker in MARKERS.values():
                assert marker not in html, (person, show, marker)


def test_only_coordinators_of_the_programme(
    programme: Programme,
    other_programme: Programme,
    coordinator_en: User,
    other_coordinator: User,
    user: User,
) -> None:
    pair = make_pair(programme)
    assert logged_in_client(other_coordinator).get(url(programme)).status_code == 404
    assert logged_in_client(user).get(url(programme)).status_code == 404
    assert logged_in_client(pair.mentee.user).get(url(programme)).status_code == 404
    # The coordinator of A sees no pair of B
    theirs = make_pair(other_programme, 9)
    html = logged_in_client(coordinator_en).get(url(programme)).content.decode()
    assert "Anna9" not in html
    assert reverse("relationships:coordinate_pair", args=[programme.slug, pair.pk]) in html
    assert theirs.pk != pair.pk


def test_the_programme_page_links_to_the_overview(
    programme: Programme, coordinator_en: User
) -> None:
    html = (
        logged_in_client(coordinator_en)
        .get(reverse("programmes:detail", args=[programme.slug]))
        .content.decode()
    )
    assert f'href="{url(programme)}"' in html
    assert "Meetings and pairs at risk" in html


def test_a_constant_number_of_queries(programme: Programme, coordinator_en: User) -> None:
    client = logged_in_client(coordinator_en)
    first = make_pair(programme, 0)
    with_content(first)
    client.get(url(programme))
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(programme)).status_code == 200
    for n in range(1, 5):
        pair = make_pair(programme, n)
        with_content(pair)
        make_meeting(pair, days=-60, status=MeetingStatus.HELD)
    with CaptureQueriesContext(connection) as five:
        html = client.get(url(programme)).content.decode()
    assert html.count("row-at-risk") == 5  # every pair has overdue homework
    assert len(five) == len(one)
    for marker in MARKERS.values():
        assert marker not in html


def test_pages_of_pairs_keep_the_filter(
    programme: Programme, coordinator_en: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """50 pairs a page in production, 2 here: the at-risk filter stays in the
    page links and every pair is on exactly one page."""
    from mentoring.meetings.views import coordinate

    monkeypatch.setattr(coordinate, "PAGE_SIZE", 2)
    pairs = [make_pair(programme, n) for n in range(5)]
    for pair in pairs:
        with_content(pair)  # overdue homework: every pair is at risk
    client = logged_in_client(coordinator_en)
    first = client.get(url(programme, "risk")).content.decode()
    assert first.count("row-at-risk") == 2
    assert 'href="?show=risk&amp;page=2"' in first
    seen = 0
    for page in (1, 2, 3):
        html = client.get(url(programme, "risk") + f"&page={page}").content.decode()
        seen += sum(
            1
            for pair in pairs
            if reverse("relationships:coordinate_pair", args=[programme.slug, pair.pk]) in html
        )
    assert seen == 5
