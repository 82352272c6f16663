"""A programme's results as translated tables (``tables.py``), built from
``metrics.programme_metrics``: the funnel, match quality, agreements against
the recommendation, meetings, homework, expected against achieved benefits,
satisfaction and the process, and the mentors' own learning.

Suppression: every figure built from survey answers comes from at least
``Programme.effective_min_respondents`` respondents, or it is shown as "fewer than N
answers", never as a number. Figures from the programme's own records
(applications, pairs, meetings) are counts, not answers, and are shown.

Modules: ``build`` (making a table, reading survey aggregates with
suppression), ``process`` (sections from the programme's records),
``surveys`` (sections from the answers); this module assembles the
dashboard, its key figures and the chart data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.programmes.models import Programme
from mentoring.reports import metrics as m
from mentoring.reports.dashboard import process, surveys
from mentoring.reports.dashboard.build import Scales
from mentoring.reports.tables import Cell, KeyFigure, Section, count_cell, number_cell


@dataclass(frozen=True)
class Dashboard:
    programme: Programme
    metrics: m.Metrics
    key_figures: list[KeyFigure]
    sections: list[Section]
    generated_at: datetime

    @property
    def min_respondents(self) -> int:
        return self.programme.effective_min_respondents


def _key_figures(sections: list[Section], metrics: m.Metrics) -> list[KeyFigure]:
    by_key = {table.key: table for section in sections for table in section.tables}

    def cell(table: str, row: str, column: int) -> Cell:
        for candidate in by_key[table].rows:
            if candidate.key == row:
                return candidate.cells[column]
        return number_cell(None)

    funnel = metrics.funnel
    return [
        KeyFigure("accepted", _("Mentees accepted"), count_cell(funnel.accepted.get("mentee", 0))),
        KeyFigure("matched", _("Pairs matched"), count_cell(funnel.matched)),
        KeyFigure("completed", _("Pairs completed"), count_cell(funnel.completed)),
        KeyFigure("meetings", _("Meetings held per pair"), cell("meetings_average", "held", 0)),
        KeyFigure("homework", _("Homework done"), cell("homework", "all", 2)),
        KeyFigure("satisfaction", _("Satisfaction (0–10)"), cell("satisfaction", "all", 1)),
    ]


def programme_dashboard(programme: Programme, *, now: datetime | None = None) -> Dashboard:
    """The programme's results in the active language."""
    now = now or timezone.now()
    metrics = m.programme_metrics(programme, today=timezone.localdate(now))
    scales = Scales(metrics)
    sections = [
        process.funnel_section(metrics),
        process.match_section(metrics),
        process.agreements_section(metrics),
        process.meetings_section(metrics),
        process.homework_section(metrics),
        surveys.benefits_section(metrics, scales),
        surveys.satisfaction_section(metrics, scales),
        surveys.learning_section(metrics, scales),
    ]
    return Dashboard(
        programme=programme,
        metrics=metrics,
        key_figures=_key_figures(sections, metrics),
        sections=sections,
        generated_at=now,
    )


def chart_data(dashboard: Dashboard) -> dict[str, object]:
    """The data the dashboard's script draws (``json_script``): per table with a
    chart, the row labels and one data set per charted column (numbers or
    null where there is none or it is suppressed)."""
    charts: dict[str, object] = {}
    for section in dashboard.sections:
        for table in section.tables:
            if table.chart is None or table.is_empty:
                continue
            charts[table.key] = {
                "labels": [row.label for row in table.rows],
                "horizontal": table.chart.horizontal,
                "max": table.chart.max_value,
                "unit": table.chart.unit,
                "datasets": [
                    {
                        "label": table.columns[column],
                        "data": [row.cells[column].value for row in table.rows],
                    }
                    for column in table.chart.columns
                ],
            }
    return charts
