"""The figures of the results dashboard, computed from the database."""

from __future__ import annotations

import pytest

from mentoring.meetings.models import Meeting
from mentoring.programmes.enums import MentorRole
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.reports.dashboard import chart_data, programme_dashboard
from mentoring.reports.metrics import programme_metrics
from mentoring.reports.tables import Table
from tests.reports.helpers import answer_final, matching_run, pair, participant, questionnaires

pytestmark = pytest.mark.django_db


def table(programme: Programme, key: str) -> Table:
    dashboard = programme_dashboard(programme)
    return next(t for s in dashboard.sections for t in s.tables if t.key == key)


def texts(t: Table) -> dict[str, list[str]]:
    return {row.key: [cell.text for cell in row.cells] for row in t.rows}


def test_funnel_counts_each_step_once_per_mentee(programme: Programme) -> None:
    participant(programme, "mentee", status="submitted")
    participant(programme, "mentee", status="draft")  # not an application yet
    pair(programme, status=MentorshipStatus.COMPLETED)
    pair(programme, status=MentorshipStatus.ACCEPTED, agreement=None)
    pair(programme, status=MentorshipStatus.ENDED_EARLY, held=1)
    funnel = programme_metrics(programme).funnel
    assert funnel.applications == {"mentee": 4, "mentor": 3}
    assert funnel.accepted == {"mentee": 3, "mentor": 3}
    assert funnel.matched == 3
    assert funnel.agreement_accepted == 2
    assert funnel.trial_passed == 2
    assert funnel.completed == 1
    assert funnel.ended_early_by == {Side.MENTEE: 1}
    assert funnel.not_a_fit == {Side.MENTEE: 1}
    rows = texts(table(programme, "funnel"))
    assert rows["applications"] == ["4", "100.0\u00a0%"]
    assert rows["completed"] == ["1", "25.0\u00a0%"]
    endings = texts(table(programme, "endings"))
    assert endings["ended_mentee"] == ["1"]
    assert endings["declined_mentor"] == ["0"]


def test_match_quality_uses_the_proposals_that_became_pairs(programme: Programme) -> None:
    run = matching_run(programme)
    pair(programme, run=run, score=0.9)
    pair(programme, run=run, score=0.5)
    match = programme_metrics(programme).match
    assert match.pairs == 2
    assert match.mean_score == pytest.approx(0.7)
    assert match.bands == [0, 0, 1, 0, 1]
    assert match.criteria == {"goals_expertise": pytest.approx(0.8), "roles": pytest.approx(0.5)}
    criteria = texts(table(programme, "criteria"))
    assert criteria["goals_expertise"] == ["0.80"]


def test_agreements_meetings_and_homework_against_the_recommendation(
    programme: Programme,
) -> None:
    programme.min_meetings = 5
    programme.save()
    pair(programme, agreement=(6, 90, 6), held=6, homework=(4, 3))
    pair(programme, agreement=(4, 60, 4), held=3, homework=(2, 0))
    metrics = programme_metrics(programme)
    assert metrics.agreements.count == 2
    assert metrics.agreements.mean_meetings == 5
    assert metrics.agreements.meetings_ok == 1
    assert metrics.agreements.minutes_ok == 1
    assert metrics.agreements.months_ok == 1
    assert metrics.meetings.pairs == 2
    assert metrics.meetings.mean_held == 4.5
    assert metrics.meetings.mean_agreed == 5
    assert metrics.meetings.reached_agreed == 1
    assert metrics.meetings.reached_recommended == 1
    # 0..5 meetings and "6 or more"
    assert metrics.meetings.held_distribution == [0, 0, 0, 1, 0, 0, 1]
    assert metrics.homework.total == 6
    assert metrics.homework.done == 3
    assert texts(table(programme, "homework"))["all"] == ["6", "3", "50.0\u00a0%"]
    assert texts(table(programme, "agreements"))["meetings"] == ["5", "5.0", "1", "50.0\u00a0%"]


def test_expected_against_achieved_benefits_and_satisfaction(programme: Programme) -> None:
    surveys = questionnaires(programme)
    pairs = [pair(programme, wishes={"career": 3, "network": 1}) for _ in range(3)]
    for mentorship, (benefit, satisfaction) in zip(pairs, [(5, 10), (4, 9), (3, 5)], strict=True):
        answer_final(surveys, mentorship, Side.MENTEE, benefit=benefit, satisfaction=satisfaction)
        answer_final(surveys, mentorship, Side.MENTOR, benefit=2, satisfaction=8)
    benefits = texts(table(programme, "benefits"))
    # hoped for much (2-3) share, hoped average, achieved much share, achieved average, n
    assert benefits["career"] == ["100.0\u00a0%", "3.0", "66.7\u00a0%", "4.0", "3"]
    assert benefits["network"] == ["0.0\u00a0%", "1.0", "66.7\u00a0%", "4.0", "3"]
    assert benefits["personal"][:2] == ["–", "–"]  # nobody rated it in the application
    satisfaction = texts(table(programme, "satisfaction"))
    # answers, average, 9-10, 7-8, 0-6, net
    assert satisfaction["mentee"] == ["3", "8.0", "66.7\u00a0%", "0.0\u00a0%", "33.3\u00a0%", "33"]
    assert satisfaction["mentor"] == ["3", "8.0", "0.0\u00a0%", "100.0\u00a0%", "0.0\u00a0%", "0"]
    assert satisfaction["all"][0] == "6"
    learning = texts(table(programme, "learning"))
    assert learning["career"] == ["2.0", "0.0\u00a0%", "3"]
    process = texts(table(programme, "process"))
    assert process["preparation"] == ["4.0", "4.0"]
    charts = chart_data(programme_dashboard(programme))
    assert charts["benefits"]["datasets"][1]["data"][5] == 66.7  # type: ignore[index]


def test_drafts_of_answers_do_not_count(programme: Programme) -> None:
    surveys = questionnaires(programme)
    pairs = [pair(programme) for _ in range(3)]
    for mentorship in pairs:
        answer_final(surveys, mentorship, Side.MENTEE, submitted=False)
    assert table(programme, "satisfaction").is_empty
    assert table(programme, "learning").is_empty
    assert programme_metrics(programme).surveys.satisfaction == {}


def test_fewer_respondents_than_the_minimum_are_suppressed(programme: Programme) -> None:
    surveys = questionnaires(programme)
    pairs = [pair(programme) for _ in range(2)]
    for mentorship in pairs:
        answer_final(surveys, mentorship, Side.MENTEE, benefit=5, satisfaction=10)
    dashboard = programme_dashboard(programme)
    benefits = texts(table(programme, "benefits"))
    assert benefits["career"][2:] == ["fewer than 3 answers"] * 3
    satisfaction = texts(table(programme, "satisfaction"))
    assert satisfaction["mentee"] == ["fewer than 3 answers"] * 6
    assert satisfaction["all"] == ["fewer than 3 answers"] * 6
    distribution = texts(table(programme, "satisfaction_distribution"))
    assert distribution["score10"][0] == "fewer than 3 answers"
    key = {figure.key: figure.cell for figure in dashboard.key_figures}
    assert key["satisfaction"].suppressed
    assert key["satisfaction"].value is None
    # the chart data holds no number for a suppressed figure
    charts = chart_data(dashboard)
    assert "satisfaction" not in charts or all(
        value is None
        for dataset in charts["satisfaction"]["datasets"]  # type: ignore[index]
        for value in dataset["data"]
    )
    # a third respondent reaches the minimum (which is never below 3) and shows the figures
    answer_final(surveys, pair(programme), Side.MENTEE, benefit=5, satisfaction=10)
    assert texts(table(programme, "benefits"))["career"][2:] == ["100.0\u00a0%", "5.0", "3"]


def test_an_empty_programme_has_empty_states_and_no_errors(programme: Programme) -> None:
    dashboard = programme_dashboard(programme)
    tables = [t for s in dashboard.sections for t in s.tables]
    funnel = next(t for t in tables if t.key == "funnel")
    assert funnel.is_empty
    assert funnel.empty_text == "No applications yet."
    assert all(t.is_empty for t in tables)
    assert chart_data(dashboard) == {}
    assert [figure.cell.text for figure in dashboard.key_figures] == ["0", "0", "0", "–", "–", "–"]


def test_the_roles_the_mentors_used_at_held_meetings(programme: Programme) -> None:
    """Mentor's Many Roles on the dashboard: per role, the held meetings it was
    recorded at, and its share of the meetings with any role recorded."""
    first = pair(programme, held=3)
    pair(programme, held=1)
    held = list(Meeting.objects.filter(mentorship=first).order_by("starts_at"))
    held[0].roles_used = ["coach", "sparring_partner"]
    held[1].roles_used = ["coach", "not-a-role"]
    held[2].roles_used = []
    Meeting.objects.bulk_update(held, ["roles_used"])

    metrics = programme_metrics(programme)
    assert metrics.meetings.with_roles == 2
    assert metrics.meetings.roles == {"coach": 2, "sparring_partner": 1}
    rows = texts(table(programme, "meetings_roles"))
    assert list(rows) == list(MentorRole.values)  # every role, in the flyer's order
    assert rows["coach"] == ["2", "100.0\u00a0%"]
    assert rows["sparring_partner"] == ["1", "50.0\u00a0%"]
    assert rows["sponsor"] == ["0", "0.0\u00a0%"]


def test_no_roles_recorded_is_an_empty_state(programme: Programme) -> None:
    pair(programme, held=2)
    assert table(programme, "meetings_roles").is_empty
