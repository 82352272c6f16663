"""Helpers shared by the dashboard's sections: building a table (with its
empty state) and reading survey aggregates with suppression below the
programme's ``min_respondents``."""

from __future__ import annotations

from dataclasses import replace

from mentoring.relationships.enums import Side
from mentoring.reports import metrics as m
from mentoring.reports.tables import (
    Cell,
    Chart,
    Row,
    Table,
    count_cell,
    number_cell,
    percent_cell,
    suppressed_cell,
    table_is_empty,
)

SIDES: tuple[Side, ...] = (Side.MENTEE, Side.MENTOR)


def make_table(
    key: str,
    caption: str,
    row_header: str,
    columns: list[str],
    rows: list[Row],
    *,
    chart: Chart | None = None,
    empty_text: str = "",
    note: str = "",
) -> Table:
    has_suppressed = any(cell.suppressed for row in rows for cell in row.cells)
    empty = table_is_empty(rows)
    return Table(
        key=key,
        caption=caption,
        row_header=row_header,
        columns=columns,
        rows=rows,
        chart=chart if not empty else None,
        empty_text=empty_text,
        note=note,
        is_empty=empty and not has_suppressed,
    )


class Scales:
    """Reads survey aggregates with suppression below the programme's minimum."""

    def __init__(self, metrics: m.Metrics) -> None:
        self.surveys = metrics.surveys
        self.minimum = metrics.programme.effective_min_respondents

    def ok(self, scale: m.Scale | None) -> bool:
        return scale is not None and scale.respondents >= self.minimum

    def mean(self, scale: m.Scale | None, *, decimals: int = 1) -> Cell:
        if scale is None or scale.respondents == 0:
            return number_cell(None)
        if not self.ok(scale):
            return suppressed_cell(self.minimum)
        return number_cell(scale.mean, decimals=decimals)

    def high_share(self, scale: m.Scale | None) -> Cell:
        """A share in per cent, also when there is none to show (the exports
        name the unit of the column either way)."""
        if scale is None or scale.respondents == 0:
            return percent_cell(0, 0)
        if not self.ok(scale):
            return replace(suppressed_cell(self.minimum), percent=True)
        return percent_cell(scale.high, scale.respondents)

    def respondents(self, scale: m.Scale | None) -> Cell:
        if scale is None or scale.respondents == 0:
            return count_cell(0)
        if not self.ok(scale):
            return suppressed_cell(self.minimum)
        return count_cell(scale.respondents)

    def scale(self, kind: str, code: str, side: str) -> m.Scale | None:
        return self.surveys.scales.get((kind, code, side))
