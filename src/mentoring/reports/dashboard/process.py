"""Sections from the programme's own records: the funnel, match quality,
agreements against the recommendation, meetings and homework. These are
counts of records, not survey answers, so they are not suppressed."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from mentoring.matching.enums import Criterion
from mentoring.programmes.enums import MentorRole
from mentoring.relationships.enums import Side
from mentoring.reports import metrics as m
from mentoring.reports.dashboard.build import make_table as _table
from mentoring.reports.tables import (
    Chart,
    Row,
    Section,
    count_cell,
    number_cell,
    percent_cell,
)


def funnel_section(metrics: m.Metrics) -> Section:
    funnel = metrics.funnel
    applications = funnel.applications.get("mentee", 0)
    steps = [
        ("applications", _("Applications from mentees"), applications),
        ("accepted", _("Mentees accepted"), funnel.accepted.get("mentee", 0)),
        ("matched", _("Matched: accepted by both"), funnel.matched),
        ("agreement", _("Collaboration agreement accepted"), funnel.agreement_accepted),
        ("trial", _("Trial passed after the first meeting"), funnel.trial_passed),
        ("completed", _("Completed"), funnel.completed),
    ]
    has_applications = sum(funnel.applications.values()) > 0
    funnel_rows = [
        Row(key, label, [count_cell(n), percent_cell(n, applications)])
        for key, label, n in steps
        if has_applications
    ]
    roles_rows = [
        Row(
            role,
            label,
            [
                count_cell(funnel.applications.get(role, 0)),
                count_cell(funnel.accepted.get(role, 0)),
            ],
        )
        for role, label in (("mentee", _("Mentees")), ("mentor", _("Mentors")))
        if has_applications
    ]
    ending_rows = [
        Row(
            "declined_mentee",
            _("Match declined by the mentee"),
            [count_cell(funnel.declined_by.get(Side.MENTEE, 0))],
        ),
        Row(
            "declined_mentor",
            _("Match declined by the mentor"),
            [count_cell(funnel.declined_by.get(Side.MENTOR, 0))],
        ),
        Row(
            "ended_mentee",
            _("Ended after the first meeting, at the mentee's answer"),
            [count_cell(funnel.ended_early_by.get(Side.MENTEE, 0))],
        ),
        Row(
            "ended_mentor",
            _("Ended after the first meeting, at the mentor's answer"),
            [count_cell(funnel.ended_early_by.get(Side.MENTOR, 0))],
        ),
        Row(
            "not_a_fit_mentee",
            _("Mentees who answered “not a good fit”"),
            [count_cell(funnel.not_a_fit.get(Side.MENTEE, 0))],
        ),
        Row(
            "not_a_fit_mentor",
            _("Mentors who answered “not a good fit”"),
            [count_cell(funnel.not_a_fit.get(Side.MENTOR, 0))],
        ),
    ]
    has_endings = any(row.cells[0].value for row in ending_rows)
    return Section(
        "funnel",
        _("From application to completion"),
        _("How many mentees reached each step, counted once per mentee."),
        [
            _table(
                "funnel",
                _("Mentees at each step"),
                _("Step"),
                [_("Mentees"), _("Share of the applications")],
                funnel_rows,
                chart=Chart(columns=[0], horizontal=True),
                empty_text=_("No applications yet."),
            ),
            _table(
                "roles",
                _("Applications and acceptances by role"),
                _("Role"),
                [_("Applications"), _("Accepted")],
                roles_rows,
                empty_text=_("No applications yet."),
            ),
            _table(
                "endings",
                _("Declined matches and early endings"),
                pgettext("why a match was declined or a pair ended", "Reason"),
                [_("Number")],
                ending_rows if has_endings else [],
                chart=Chart(columns=[0], horizontal=True),
                empty_text=_("No match was declined and no pair ended early."),
                note=_("Reasons written by the participants are not shown."),
            ),
        ],
    )


def _score_label(low: float, high: float) -> str:
    if high > 1:
        return _("%(low)s or more") % {"low": formats.number_format(low, 1)}
    return f"{formats.number_format(low, 1)}–{formats.number_format(high, 1)}"


def match_section(metrics: m.Metrics) -> Section:
    match = metrics.match
    band_rows = (
        [
            Row(f"band{index}", _score_label(low, high), [count_cell(n)])
            for index, ((low, high), n) in enumerate(zip(m.SCORE_BANDS, match.bands, strict=True))
        ]
        if match.pairs
        else []
    )
    criteria_rows = [
        Row(str(code), str(label), [number_cell(match.criteria[code], decimals=2)])
        for code, label in Criterion.choices
        if code in match.criteria
    ]
    mean = number_cell(match.mean_score, decimals=2)
    return Section(
        "match",
        _("Match quality"),
        _("The matching scores (0–1) of the proposals that became pairs."),
        [
            _table(
                "scores",
                _("Pairs by matching score"),
                _("Score"),
                [_("Pairs")],
                band_rows,
                chart=Chart(columns=[0]),
                empty_text=_("No pair from a matching run yet."),
                note=(_("Average score: %(mean)s.") % {"mean": mean.text}) if match.pairs else "",
            ),
            _table(
                "criteria",
                _("How well the pairs fit on each criterion"),
                _("Criterion"),
                [_("Average fit (0–1)")],
                criteria_rows,
                chart=Chart(columns=[0], max_value=1, horizontal=True),
                empty_text=_("No pair from a matching run yet."),
            ),
        ],
    )


def agreements_section(metrics: m.Metrics) -> Section:
    programme = metrics.programme
    agreements = metrics.agreements
    n = agreements.count

    def row(key: str, label: str, recommended: int, mean: float | None, ok: int) -> Row:
        return Row(
            key,
            label,
            [count_cell(recommended), number_cell(mean), count_cell(ok), percent_cell(ok, n)],
        )

    rows = (
        [
            row(
                "meetings",
                _("Number of meetings"),
                programme.min_meetings,
                agreements.mean_meetings,
                agreements.meetings_ok,
            ),
            row(
                "minutes",
                _("Meeting length (minutes)"),
                programme.min_meeting_minutes,
                agreements.mean_minutes,
                agreements.minutes_ok,
            ),
            row(
                "months",
                _("Period (months)"),
                programme.min_months,
                agreements.mean_months,
                agreements.months_ok,
            ),
        ]
        if n
        else []
    )
    return Section(
        "agreements",
        _("Agreements and the recommendation"),
        ngettext(
            "The newest accepted collaboration agreement of %(n)d pair, against the "
            "programme's recommended minimum.",
            "The newest accepted collaboration agreements of %(n)d pairs, against the "
            "programme's recommended minimum.",
            n,
        )
        % {"n": n},
        [
            _table(
                "agreements",
                _("Agreed frame against the recommendation"),
                _("Topic"),
                [
                    _("Recommended at least"),
                    _("Agreed on average"),
                    _("Pairs at or above"),
                    _("Share of the pairs"),
                ],
                rows,
                chart=Chart(columns=[3], max_value=100, horizontal=True, unit="%"),
                empty_text=_("No collaboration agreement accepted yet."),
            )
        ],
    )


def meetings_section(metrics: m.Metrics) -> Section:
    programme = metrics.programme
    meetings = metrics.meetings
    has_pairs = meetings.pairs > 0
    average_rows = (
        [
            Row("held", _("Held per pair"), [number_cell(meetings.mean_held)]),
            Row("agreed", _("Agreed per pair"), [number_cell(meetings.mean_agreed)]),
            Row(
                "recommended",
                _("Recommended"),
                [number_cell(float(programme.min_meetings))],
            ),
        ]
        if has_pairs
        else []
    )
    top = len(meetings.held_distribution) - 1
    distribution_rows = [
        Row(
            f"held{held}",
            (
                ngettext("%(n)d or more", "%(n)d or more", held) % {"n": held}
                if held == top
                else str(held)
            ),
            [count_cell(n)],
        )
        for held, n in enumerate(meetings.held_distribution)
    ]
    status_rows = (
        [
            Row("pairs", _("Pairs past the trial"), [count_cell(meetings.pairs)]),
            Row("held_total", _("Meetings held"), [count_cell(meetings.held)]),
            Row("planned_total", _("Meetings planned ahead"), [count_cell(meetings.planned)]),
            Row("cancelled_total", _("Meetings cancelled"), [count_cell(meetings.cancelled)]),
            Row(
                "reached_agreed",
                _("Pairs that held the agreed number"),
                [count_cell(meetings.reached_agreed)],
            ),
            Row(
                "reached_recommended",
                _("Pairs that held the recommended number"),
                [count_cell(meetings.reached_recommended)],
            ),
            Row(
                "minutes",
                _("Average length of a held meeting (minutes)"),
                [number_cell(meetings.mean_held_minutes, decimals=0)],
            ),
        ]
        if has_pairs
        else []
    )
    roles_rows = [
        Row(
            role.value,
            str(role.label),
            [
                count_cell(meetings.roles[role.value]),
                percent_cell(meetings.roles[role.value], meetings.with_roles),
            ],
        )
        for role in MentorRole
        if meetings.with_roles
    ]
    empty = _("No pair has passed the trial yet.")
    return Section(
        "meetings",
        _("Meetings"),
        _("Meetings of the pairs that passed the trial: held, agreed and recommended."),
        [
            _table(
                "meetings_average",
                _("Meetings held, agreed and recommended"),
                _("Meetings"),
                [_("Average")],
                average_rows,
                chart=Chart(columns=[0]),
                empty_text=empty,
            ),
            _table(
                "meetings_distribution",
                _("Pairs by number of meetings held"),
                _("Meetings held"),
                [_("Pairs")],
                distribution_rows,
                chart=Chart(columns=[0]),
                empty_text=empty,
            ),
            _table(
                "meetings_roles",
                _("Mentor's Many Roles: the roles the mentors used"),
                _("Role"),
                [_("Meetings"), _("Share of the meetings")],
                roles_rows,
                chart=Chart(columns=[1], max_value=100, horizontal=True, unit="%"),
                empty_text=_("No roles recorded at held meetings yet."),
                note=(
                    ngettext(
                        "Recorded by the pairs when they mark a meeting as held: "
                        "%(n)d held meeting has roles recorded.",
                        "Recorded by the pairs when they mark a meeting as held: "
                        "%(n)d held meetings have roles recorded.",
                        meetings.with_roles,
                    )
                    % {"n": meetings.with_roles}
                    if meetings.with_roles
                    else ""
                ),
            ),
            _table(
                "meetings_status",
                _("Meetings in numbers"),
                _("Figure"),
                [_("Number")],
                status_rows,
                empty_text=empty,
            ),
        ],
    )


def homework_section(metrics: m.Metrics) -> Section:
    homework = metrics.homework
    rows: list[Row] = []
    if homework.total:
        for side, label in ((Side.MENTEE, _("The mentee's")), (Side.MENTOR, _("The mentor's"))):
            total, done = homework.by_owner.get(side, (0, 0))
            rows.append(
                Row(side, label, [count_cell(total), count_cell(done), percent_cell(done, total)])
            )
        rows.append(
            Row(
                "all",
                _("All homework"),
                [
                    count_cell(homework.total),
                    count_cell(homework.done),
                    percent_cell(homework.done, homework.total),
                ],
            )
        )
    return Section(
        "homework",
        _("Homework"),
        _("Action items the pairs agreed between meetings, and how many were done."),
        [
            _table(
                "homework",
                _("Homework done"),
                _("Homework"),
                [_("Agreed"), _("Done"), _("Share done")],
                rows,
                chart=Chart(columns=[2], max_value=100, horizontal=True, unit="%"),
                empty_text=_("No homework recorded yet."),
                note=(
                    ngettext("%(n)d item is overdue.", "%(n)d items are overdue.", homework.overdue)
                    % {"n": homework.overdue}
                    if homework.total
                    else ""
                ),
            )
        ],
    )
