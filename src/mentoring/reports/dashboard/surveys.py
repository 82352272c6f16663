"""Sections from the survey answers: expected against achieved benefits,
satisfaction and the process, follow-up, and the mentors' own learning.
Every figure is suppressed below the programme's ``min_respondents``."""

from __future__ import annotations

from collections import Counter

from django.utils import formats
from django.utils.translation import gettext as _

from mentoring.evaluations.enums import QuestionCode, SurveyKind
from mentoring.programmes.enums import BenefitArea
from mentoring.relationships.enums import Side
from mentoring.reports import metrics as m
from mentoring.reports.dashboard.build import SIDES, Scales
from mentoring.reports.dashboard.build import make_table as _table
from mentoring.reports.tables import (
    Cell,
    Chart,
    Row,
    Section,
    count_cell,
    no_answers_text,
    number_cell,
    percent_cell,
    suppressed_cell,
    suppression_note,
)


def benefits_section(metrics: m.Metrics, scales: Scales) -> Section:
    surveys = metrics.surveys
    rows = []
    for area, label in BenefitArea.choices:
        wishes = surveys.wishes.get(area, m.Wishes())
        achieved = surveys.benefits.get((Side.MENTEE, area))
        rows.append(
            Row(
                str(area),
                str(label),
                [
                    percent_cell(wishes.high, wishes.count),
                    number_cell(wishes.total / wishes.count if wishes.count else None),
                    scales.high_share(achieved),
                    scales.mean(achieved),
                    scales.respondents(achieved),
                ],
            )
        )
    has_data = any(wish.count for wish in surveys.wishes.values()) or any(
        side == Side.MENTEE for side, _area in surveys.benefits
    )
    if not has_data:
        rows = []
    return Section(
        "benefits",
        _("Expected and achieved benefits"),
        _(
            "What the accepted mentees hoped for in their applications (0–3), against the "
            "benefit they reported in the final evaluation (1–5), in the six benefit areas."
        ),
        [
            _table(
                "benefits",
                _("Benefits hoped for and achieved by the mentees"),
                _("Benefit area"),
                [
                    _("Hoped for much (2–3), share"),
                    _("Hoped for, average (0–3)"),
                    _("Achieved much (4–5), share"),
                    _("Achieved, average (1–5)"),
                    _("Respondents"),
                ],
                rows,
                chart=Chart(columns=[0, 2], max_value=100, unit="%"),
                empty_text=_("No accepted mentees yet."),
                note=suppression_note(scales.minimum),
            )
        ],
    )


def _satisfaction_rows(metrics: m.Metrics, scales: Scales) -> list[Row]:
    rows = []
    combined: Counter[int] = Counter()
    groups: list[tuple[str, str, Counter[int]]] = []
    for side, label in ((Side.MENTEE, _("Mentees")), (Side.MENTOR, _("Mentors"))):
        counter = metrics.surveys.satisfaction.get(side, Counter())
        combined.update(counter)
        groups.append((side, label, counter))
    groups.append(("all", _("Everybody"), combined))
    for key, label, counter in groups:
        total = sum(counter.values())
        if total == 0:
            cells = [count_cell(0)] + [number_cell(None)] * 5
        elif total < scales.minimum:
            cells = [suppressed_cell(scales.minimum)] * 6
        else:
            promoters = sum(n for value, n in counter.items() if value >= 9)
            detractors = sum(n for value, n in counter.items() if value <= 6)
            mean = sum(value * n for value, n in counter.items()) / total
            net = round(100.0 * (promoters - detractors) / total)
            cells = [
                count_cell(total),
                number_cell(mean),
                percent_cell(promoters, total),
                percent_cell(total - promoters - detractors, total),
                percent_cell(detractors, total),
                Cell(net, formats.number_format(net)),
            ]
        rows.append(Row(key, label, cells))
    return rows if sum(combined.values()) else []


def satisfaction_section(metrics: m.Metrics, scales: Scales) -> Section:
    satisfaction = metrics.surveys.satisfaction
    distribution_rows = []
    for value in range(11):
        cells = []
        for side in SIDES:
            counter = satisfaction.get(side, Counter())
            total = sum(counter.values())
            if total == 0:
                cells.append(number_cell(None))
            elif total < scales.minimum:
                cells.append(suppressed_cell(scales.minimum))
            else:
                cells.append(count_cell(counter.get(value, 0)))
        distribution_rows.append(Row(f"score{value}", str(value), cells))
    process_codes = [
        (QuestionCode.GOALS, _("Goals attained (1–5)")),
        (QuestionCode.MEETING_FREQUENCY, _("The meeting frequency suited us (1–5)")),
        (QuestionCode.PREPARATION, _("Preparation of the meetings (1–5)")),
        (QuestionCode.HOMEWORK, _("The homework helped (1–5)")),
    ]
    process_rows = [
        Row(
            str(code),
            label,
            [scales.mean(scales.scale(SurveyKind.FINAL, code, side)) for side in SIDES],
        )
        for code, label in process_codes
    ]
    follow_rows = [
        Row(
            "lasting_effect",
            _("Lasting effect (1–5), average"),
            [
                scales.mean(scales.scale(SurveyKind.FOLLOW_UP, QuestionCode.LASTING_EFFECT, side))
                for side in SIDES
            ],
        ),
        Row(
            "career_change",
            _("Changed career since the end, share"),
            [
                scales.high_share(
                    scales.scale(SurveyKind.FOLLOW_UP, QuestionCode.CAREER_CHANGE, side)
                )
                for side in SIDES
            ],
        ),
    ]
    sides = [_("Mentees"), _("Mentors")]
    note = suppression_note(scales.minimum)
    return Section(
        "satisfaction",
        _("Satisfaction and the process"),
        _("Answers to the final evaluation and the follow-up survey."),
        [
            _table(
                "satisfaction",
                _("Overall satisfaction (0–10)"),
                _("Respondents"),
                [
                    _("Answers"),
                    _("Average"),
                    _("Very satisfied (9–10)"),
                    _("Satisfied (7–8)"),
                    _("Less satisfied (0–6)"),
                    _("Net score"),
                ],
                _satisfaction_rows(metrics, scales),
                chart=Chart(columns=[1], max_value=10, horizontal=True),
                empty_text=no_answers_text(),
                note=_(
                    "Net score: the share of very satisfied minus the share of less satisfied, "
                    "from -100 to 100."
                )
                + " "
                + note,
            ),
            _table(
                "satisfaction_distribution",
                _("Answers on the satisfaction scale"),
                _("Satisfaction"),
                sides,
                distribution_rows,
                chart=Chart(columns=[0, 1]),
                empty_text=no_answers_text(),
                note=note,
            ),
            _table(
                "process",
                _("The process, average answers"),
                _("Question"),
                sides,
                process_rows,
                chart=Chart(columns=[0, 1], max_value=5, horizontal=True),
                empty_text=no_answers_text(),
                note=note,
            ),
            _table(
                "follow_up",
                _("Follow-up after the end"),
                _("Question"),
                sides,
                follow_rows,
                empty_text=_("No follow-up answers yet."),
                note=note,
            ),
        ],
    )


def learning_section(metrics: m.Metrics, scales: Scales) -> Section:
    rows = []
    for area, label in BenefitArea.choices:
        scale = metrics.surveys.benefits.get((Side.MENTOR, area))
        rows.append(
            Row(
                str(area),
                str(label),
                [scales.mean(scale), scales.high_share(scale), scales.respondents(scale)],
            )
        )
    if not any(side == Side.MENTOR for side, _area in metrics.surveys.benefits):
        rows = []
    return Section(
        "learning",
        _("The mentors' own learning"),
        _("Both sides benefit: the mentors' answers in the final evaluation (1–5)."),
        [
            _table(
                "learning",
                _("What the mentors gained"),
                _("Benefit area"),
                [_("Average (1–5)"), _("Much (4–5), share"), _("Respondents")],
                rows,
                chart=Chart(columns=[0], max_value=5, horizontal=True),
                empty_text=no_answers_text(),
                note=suppression_note(scales.minimum),
            )
        ],
    )
