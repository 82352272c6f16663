"""The mentee's goals (issue 6 point 6): imported from the application and
the accepted agreement (idempotent, a renamed goal is not imported again),
progress updates over time from both people, visible to the pair, marked
achieved; the mentee adds and renames goals; only the pair gets the page.
Texts are checked in English."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.common.models import AuditEntry
from mentoring.meetings.models import Goal, GoalUpdate
from mentoring.meetings.services.goals import (
    MAX_GOALS,
    GoalError,
    goal_add,
    goal_progress_record,
    goal_rename,
    goals_sync,
)
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.services.agreement import agreement_accept
from tests.conftest import logged_in_client
from tests.meetings.test_homework import make_pair

pytestmark = pytest.mark.django_db

APPLICATION_GOALS = ["Lede forandring efter fusionen", "Blive bedre til svære samtaler"]


@pytest.fixture
def pair(programme: Programme) -> Mentorship:
    return make_pair(programme)


def url(mentorship: Mentorship) -> str:
    return reverse("meetings:goals", args=[mentorship.pk])


def update_url(goal: Goal) -> str:
    return reverse("meetings:goal_update", args=[goal.mentorship_id, goal.pk])


def texts(mentorship: Mentorship) -> list[str]:
    return list(Goal.objects.filter(mentorship=mentorship).values_list("text", flat=True))


def agreement(mentorship: Mentorship, goals: list[str], *, accepted: bool) -> AgreementVersion:
    number = AgreementVersion.objects.filter(mentorship=mentorship).count() + 1
    version = AgreementVersion.objects.create(
        mentorship=mentorship,
        number=number,
        meetings_planned=6,
        meeting_minutes=90,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 10, 1),
        goals=goals,
    )
    if accepted:
        for side in (Side.MENTEE, Side.MENTOR):
            agreement_accept(mentorship=mentorship, side=side, number=number, revision=1)
    return version


def goal_html(html: str, goal: Goal) -> str:
    start = html.rindex("<li", 0, html.index(f'id="goal-{goal.pk}"'))
    return html[start : html.index("\n</li>", start)]


# -- importing the goals ----------------------------------------------------------


def test_goals_come_from_the_application_and_the_accepted_agreement(pair: Mentorship) -> None:
    agreement(pair, ["Draft goal, not accepted"], accepted=False)
    created = goals_sync(mentorship=pair)
    assert [g.text for g in created] == APPLICATION_GOALS
    assert texts(pair) == APPLICATION_GOALS
    # Accepting an agreement adds its new goals; one already there (case
    # and spaces aside) is not added twice.
    # Accepting syncs by itself; a second sync then finds nothing new.
    pair.agreement_versions.all().delete()
    agreement(
        pair, ["  lede  forandring efter FUSIONEN", "Bygge et netværk i branchen"], accepted=True
    )
    assert goals_sync(mentorship=pair) == []
    assert texts(pair) == [*APPLICATION_GOALS, "Bygge et netværk i branchen"]
    assert [g.position for g in Goal.objects.filter(mentorship=pair)] == [1, 2, 3]
    entry = AuditEntry.objects.filter(action="goals.imported").first()  # newest
    assert entry is not None and entry.data == {"count": 1}


def test_goals_sync_is_idempotent(pair: Mentorship) -> None:
    agreement(pair, ["Bygge et netværk i branchen"], accepted=True)
    assert Goal.objects.filter(mentorship=pair).count() == 3  # synced on acceptance
    with CaptureQueriesContext(connection) as queries:
        assert goals_sync(mentorship=pair) == []
    assert Goal.objects.filter(mentorship=pair).count() == 3
    # Nothing missing: reads only, no write
    assert not any(q["sql"].startswith(("INSERT", "UPDATE")) for q in queries.captured_queries)


def test_a_renamed_goal_is_not_imported_again(pair: Mentorship) -> None:
    goals_sync(mentorship=pair)
    first = Goal.objects.filter(mentorship=pair).first()
    assert first is not None
    goal_rename(goal=first, by=pair.mentee.user, text="Lede forandringen i min nye afdeling")
    assert goals_sync(mentorship=pair) == []
    assert texts(pair) == ["Lede forandringen i min nye afdeling", APPLICATION_GOALS[1]]


def test_opening_the_goals_page_imports_the_goals(pair: Mentorship) -> None:
    html = logged_in_client(pair.mentor.user).get(url(pair)).content.decode()
    for text in APPLICATION_GOALS:
        assert text in html
    assert Goal.objects.filter(mentorship=pair).count() == 2
    logged_in_client(pair.mentee.user).get(url(pair))
    assert Goal.objects.filter(mentorship=pair).count() == 2


def test_accepting_an_agreement_imports_its_goals(pair: Mentorship) -> None:
    agreement(pair, ["Bygge et netværk i branchen"], accepted=True)
    assert texts(pair) == [*APPLICATION_GOALS, "Bygge et netværk i branchen"]


def test_an_ended_pair_gets_no_new_goals(pair: Mentorship) -> None:
    Mentorship.objects.filter(pk=pair.pk).update(status=MentorshipStatus.ENDED_EARLY)
    pair.refresh_from_db()
    assert goals_sync(mentorship=pair) == []
    html = logged_in_client(pair.mentee.user).get(url(pair)).content.decode()
    assert "No goals yet." in html
    assert not Goal.objects.exists()


def test_at_most_max_goals_are_imported(programme: Programme) -> None:
    pair = make_pair(programme)
    pair.mentee.goals = [f"Mål nummer {n}" for n in range(MAX_GOALS + 5)]
    pair.mentee.save(update_fields=["goals"])
    goals_sync(mentorship=pair)
    assert Goal.objects.filter(mentorship=pair).count() == MAX_GOALS


# -- progress updates ---------------------------------------------------------------


def test_both_post_progress_updates_and_see_the_history(pair: Mentorship) -> None:
    goals_sync(mentorship=pair)
    goal = Goal.objects.filter(mentorship=pair).first()
    assert goal is not None
    prefix = f"goal-{goal.pk}"
    mentor = logged_in_client(pair.mentor.user)
    response = mentor.post(
        update_url(goal),
        {"action": "progress", f"{prefix}-progress": "30", f"{prefix}-comment": "Good start"},
        follow=True,
    )
    assert "Your progress update has been saved." in response.content.decode()
    mentee = logged_in_client(pair.mentee.user)
    mentee.post(
        update_url(goal),
        {"action": "progress", f"{prefix}-progress": "60", f"{prefix}-comment": "Talked to HR"},
    )
    goal.refresh_from_db()
    assert goal.progress == 60
    updates = list(GoalUpdate.objects.filter(goal=goal).order_by("pk"))
    assert [(u.progress, u.comment, u.author) for u in updates] == [
        (30, "Good start", pair.mentor.user),
        (60, "Talked to HR", pair.mentee.user),
    ]
    # The history, newest first, for both of them
    for client in (mentee, mentor):
        item = goal_html(client.get(url(pair)).content.decode(), goal)
        assert item.index("Talked to HR") < item.index("Good start")
        assert "Mads0 Madsen" in item and "Anna0 Andersen" in item
        assert '<progress max="100" value="60"' in item
    entry = AuditEntry.objects.filter(action="goal.progress").first()  # newest
    assert entry is not None
    assert entry.data == {"goal": goal.pk, "progress": 60, "achieved": False, "comment": True}


def test_a_goal_is_marked_achieved_and_opened_again(pair: Mentorship) -> None:
    goal = Goal.objects.create(mentorship=pair, text="Finish the course", progress=80)
    prefix = f"goal-{goal.pk}"
    client = logged_in_client(pair.mentee.user)
    response = client.post(
        update_url(goal), {"action": "achieved", f"{prefix}-comment": "Done!"}, follow=True
    )
    goal.refresh_from_db()
    assert goal.achieved_at is not None and goal.progress == 100
    html = response.content.decode()
    assert "Congratulations: the goal is marked as achieved." in html
    assert "Achieved on" in goal_html(html, goal)
    assert GoalUpdate.objects.get(goal=goal).progress == 100
    # An update below 100 % opens it again
    goal_progress_record(goal=goal, by=pair.mentor.user, progress=90, comment="Not quite")
    goal.refresh_from_db()
    assert goal.achieved_at is None and goal.progress == 90


def test_bad_progress_is_refused(pair: Mentorship) -> None:
    goal = Goal.objects.create(mentorship=pair, text="Finish the course", progress=20)
    prefix = f"goal-{goal.pk}"
    client = logged_in_client(pair.mentee.user)
    response = client.post(update_url(goal), {"action": "progress", f"{prefix}-progress": "150"})
    assert response.status_code == 200
    html = goal_html(response.content.decode(), goal)
    assert "Ensure this value is less than or equal to 100." in html
    assert '<details class="goal-form" open>' in html
    # Nothing changed and no comment: nothing to record
    response = client.post(update_url(goal), {"action": "progress", f"{prefix}-progress": "20"})
    assert "Change the progress or write a comment" in response.content.decode()
    assert not GoalUpdate.objects.exists()
    goal.refresh_from_db()
    assert goal.progress == 20
    with pytest.raises(GoalError):
        goal_progress_record(goal=goal, by=pair.mentee.user, progress=-1)


# -- adding and renaming (the mentee) ----------------------------------------------------


def test_the_mentee_adds_and_renames_goals(pair: Mentorship) -> None:
    client = logged_in_client(pair.mentee.user)
    response = client.post(url(pair), {"new-text": "Speak at a conference"}, follow=True)
    assert "The goal has been added." in response.content.decode()
    goal = Goal.objects.get(mentorship=pair, text="Speak at a conference")
    client.post(
        update_url(goal), {"action": "rename", f"rename-{goal.pk}-text": "Speak at two events"}
    )
    goal.refresh_from_db()
    assert goal.text == "Speak at two events"
    # The same goal twice is refused
    response = client.post(url(pair), {"new-text": "speak at TWO events"})
    assert "You already have this goal." in response.content.decode()
    assert Goal.objects.filter(mentorship=pair).exclude(imported_from__gt="").count() == 1
    assert {e.action for e in AuditEntry.objects.filter(action__startswith="goal.")} == {
        "goal.added",
        "goal.renamed",
    }
    for entry in AuditEntry.objects.all():
        assert "Speak at" not in str(entry.data)


def test_the_mentor_neither_adds_nor_renames_goals(pair: Mentorship) -> None:
    goal = Goal.objects.create(mentorship=pair, text="Original")
    client = logged_in_client(pair.mentor.user)
    html = client.get(url(pair)).content.decode()
    assert 'name="new-text"' not in html and 'value="rename"' not in html
    assert 'value="progress"' in html  # but posts progress
    response = client.post(url(pair), {"new-text": "Mentor's idea"}, follow=True)
    assert "only the mentee adds or renames them" in response.content.decode()
    client.post(update_url(goal), {"action": "rename", f"rename-{goal.pk}-text": "Changed"})
    goal.refresh_from_db()
    assert goal.text == "Original"
    assert not Goal.objects.filter(text="Mentor's idea").exists()
    with pytest.raises(GoalError):
        goal_add(mentorship=pair, by=pair.mentor.user, text="x")


def test_an_ended_pair_reads_its_goals_but_cannot_change_them(pair: Mentorship) -> None:
    goal = Goal.objects.create(mentorship=pair, text="Old goal", progress=40)
    GoalUpdate.objects.create(goal=goal, author=pair.mentee.user, progress=40, comment="Earlier")
    Mentorship.objects.filter(pk=pair.pk).update(status=MentorshipStatus.COMPLETED)
    client = logged_in_client(pair.mentee.user)
    html = client.get(url(pair)).content.decode()
    assert "Old goal" in html and "Earlier" in html
    assert "no longer change them" in html
    assert 'name="action"' not in html
    response = client.post(
        update_url(goal), {"action": "progress", f"goal-{goal.pk}-progress": "90"}, follow=True
    )
    assert "can no longer be changed" in response.content.decode()
    goal.refresh_from_db()
    assert goal.progress == 40


def test_someone_outside_the_pair_gets_404(pair: Mentorship, programme: Programme) -> None:
    goal = Goal.objects.create(mentorship=pair, text="Ours")
    stranger = make_pair(programme, 1)
    client = logged_in_client(stranger.mentee.user)
    assert client.get(url(pair)).status_code == 404
    assert client.post(update_url(goal), {f"goal-{goal.pk}-progress": "50"}).status_code == 404
    # Their own pair's URL with our goal's id
    response = client.post(
        reverse("meetings:goal_update", args=[stranger.pk, goal.pk]),
        {f"goal-{goal.pk}-progress": "50"},
    )
    assert response.status_code == 404
    with pytest.raises(GoalError):
        goal_progress_record(goal=goal, by=stranger.mentee.user, progress=50)
    goal.refresh_from_db()
    assert goal.progress == 0


def test_the_goals_page_has_a_constant_number_of_queries(pair: Mentorship) -> None:
    goals_sync(mentorship=pair)
    client = logged_in_client(pair.mentee.user)
    client.get(url(pair))
    with CaptureQueriesContext(connection) as few:
        client.get(url(pair))
    for n in range(5):
        goal = goal_add(mentorship=pair, by=pair.mentee.user, text=f"Goal {n}")
        for p in (10, 20, 30):
            goal_progress_record(goal=goal, by=pair.mentor.user, progress=p + n, comment="c")
    with CaptureQueriesContext(connection) as many:
        client.get(url(pair))
    assert len(many) == len(few)
