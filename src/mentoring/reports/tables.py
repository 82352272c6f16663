"""The shape every result takes: sections of tables, each row a label and
cells, each table optionally drawn as a bar chart. The dashboard, the chart
data for Chart.js, the CSV/XLSX exports, the PDF (with server-side SVG bars)
and the comparison all read these same objects, so they show the same numbers.

A ``Cell`` carries the number (``None`` when there is none, or when it is
suppressed because too few answered) and the text a person reads, already
formatted in the active language ("4,2", "fewer than 3 answers", "–").
``percent`` marks a share in per cent (``value`` 45.0 for 45 %): the exports
write it as a percentage and name the unit in the column's header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.common.numbers import format_percent

#: Shown where there is no figure (nobody in the group, nothing to average).
NO_VALUE = "–"


@dataclass(frozen=True)
class Cell:
    value: float | int | None
    text: str
    suppressed: bool = False
    percent: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class Chart:
    """A bar chart of some columns of a table: one data set per column in
    ``columns`` (indexes into the table's value columns), one bar per row.
    ``max_value`` fixes the axis (e.g. 5 for a 1-5 scale, 100 for shares)."""

    columns: list[int]
    max_value: float | None = None
    horizontal: bool = False
    unit: str = ""


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[Row]
    chart: Chart | None = None
    #: Shown instead of the table when it holds no data (an empty state).
    empty_text: str = ""
    #: A sentence under the table (how the figures were made).
    note: str = ""
    #: True when every value cell is empty or suppressed (nothing to chart).
    is_empty: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    cell: Cell


def count_cell(value: int) -> Cell:
    return Cell(value, formats.number_format(value, force_grouping=True))


def number_cell(value: float | None, *, decimals: int = 1) -> Cell:
    if value is None:
        return Cell(None, NO_VALUE)
    rounded = round(float(value), decimals)
    return Cell(rounded, formats.number_format(rounded, decimals, force_grouping=True))


def percent_cell(part: int, whole: int) -> Cell:
    """``part`` of ``whole`` in per cent (no figure when ``whole`` is 0)."""
    if not whole:
        return Cell(None, NO_VALUE, percent=True)
    share = round(100.0 * part / whole, 1)
    return Cell(share, format_percent(share, 1), percent=True)


def with_unit(label: str, cells: list[Cell]) -> str:
    """``label`` with the unit of its figures, "Share done (%)", when they are shares."""
    if any(cell.percent for cell in cells):
        return _("%(label)s (%%)") % {"label": label}
    return label


def suppressed_cell(min_respondents: int) -> Cell:
    return Cell(
        None,
        ngettext("fewer than %(n)d answer", "fewer than %(n)d answers", min_respondents)
        % {"n": min_respondents},
        suppressed=True,
    )


def table_is_empty(rows: list[Row]) -> bool:
    return all(cell.value is None for row in rows for cell in row.cells)


def suppression_note(min_respondents: int) -> str:
    return ngettext(
        "Results from fewer than %(n)d respondent are not shown, so that nobody's "
        "answers can be recognised.",
        "Results from fewer than %(n)d respondents are not shown, so that nobody's "
        "answers can be recognised.",
        min_respondents,
    ) % {"n": min_respondents}


def no_answers_text() -> str:
    return _("No submitted answers yet.")
