"""Two programmes' results side by side: the same tables of the dashboard,
each figure of programme A next to the same figure of programme B (rows
matched by their stable key, so a row one programme lacks shows "–")."""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.reports.dashboard import Dashboard
from mentoring.reports.tables import Cell, KeyFigure, Row, Table, number_cell


@dataclass(frozen=True)
class PairedRow:
    key: str
    label: str
    cells: list[tuple[Cell, Cell]]


@dataclass(frozen=True)
class PairedTable:
    key: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[PairedRow]
    note: str


@dataclass(frozen=True)
class PairedSection:
    key: str
    title: str
    tables: list[PairedTable]


@dataclass(frozen=True)
class Comparison:
    a: Dashboard
    b: Dashboard
    key_figures: list[tuple[KeyFigure, KeyFigure]]
    sections: list[PairedSection]


def _rows(table: Table) -> dict[str, Row]:
    return {row.key: row for row in table.rows}


def _pair_tables(a: Table, b: Table) -> PairedTable:
    rows_a, rows_b = _rows(a), _rows(b)
    keys = list(rows_a) + [key for key in rows_b if key not in rows_a]
    blank = [number_cell(None)] * len(a.columns)
    rows = []
    for key in keys:
        row_a, row_b = rows_a.get(key), rows_b.get(key)
        known = row_a or row_b
        label = known.label if known is not None else key
        cells_a = row_a.cells if row_a else blank
        cells_b = row_b.cells if row_b else blank
        rows.append(PairedRow(key, label, list(zip(cells_a, cells_b, strict=True))))
    return PairedTable(a.key, a.caption, a.row_header, a.columns, rows, a.note or b.note)


def compare(a: Dashboard, b: Dashboard) -> Comparison:
    sections = []
    for section_a, section_b in zip(a.sections, b.sections, strict=True):
        tables_b = {table.key: table for table in section_b.tables}
        sections.append(
            PairedSection(
                section_a.key,
                section_a.title,
                [_pair_tables(table, tables_b[table.key]) for table in section_a.tables],
            )
        )
    return Comparison(
        a=a,
        b=b,
        key_figures=list(zip(a.key_figures, b.key_figures, strict=True)),
        sections=sections,
    )
