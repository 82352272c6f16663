"""The dashboard's data as CSV or XLSX, in the active language.

The same tables as the dashboard (``dashboard.programme_dashboard``), so the
files hold the same numbers, including the suppression: a suppressed figure is
the text "fewer than N answers", never a number.

CSV: one line per figure (section; table; row; column; value), UTF-8 with a
byte order mark, semicolons and CRLF, as the participants export
(``participants.io.exporting``), whose formula guard (``neutralise``) is reused:
a text beginning with ``=``, ``+``, ``-``, ``@`` ... gets a leading ``'``.
Numbers are written with the language's decimal mark and no grouping.
XLSX: a sheet of key figures, then one sheet per section with its tables;
numbers as numbers, shares as percentages (the number 0.45 shown as 45.0 %),
text always as text cells (never a formula).
Both name the unit of a share in the column's header ("Share done (%)").
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.participants.io.exporting import csv_lines, neutralise
from mentoring.reports.dashboard import Dashboard
from mentoring.reports.tables import Cell, suppression_note, with_unit

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


#: A share in an XLSX cell: the number 0.453 shown as 45.3 %.
PERCENT_FORMAT = "0.0%"


def _csv_value(cell: Cell) -> str:
    if cell.value is None:
        return "" if not cell.suppressed else cell.text
    if isinstance(cell.value, int):
        return str(cell.value)
    return formats.number_format(cell.value, use_l10n=True)


def _csv_rows(dashboard: Dashboard) -> Iterator[list[str]]:
    def line(*values: str) -> list[str]:
        return [neutralise(value) for value in values]

    yield line(_("Section"), _("Table"), _("Row"), _("Column"), _("Value"))
    for figure in dashboard.key_figures:
        label = with_unit(figure.label, [figure.cell])
        yield line(_("Key figures"), "", label, "", _csv_value(figure.cell))
    for section in dashboard.sections:
        for table in section.tables:
            columns = _headers(table.columns, [row.cells for row in table.rows])
            for row in table.rows:
                for column, cell in zip(columns, row.cells, strict=True):
                    yield line(section.title, table.caption, row.label, column, _csv_value(cell))


def csv_stream(dashboard: Dashboard) -> Iterator[bytes]:
    """The CSV file line by line (for a ``StreamingHttpResponse``). The figures are
    aggregates the dashboard has already read; the lines are made as they are sent."""
    return csv_lines(_csv_rows(dashboard))


def write_csv(dashboard: Dashboard) -> bytes:
    return b"".join(csv_stream(dashboard))


def _headers(columns: list[str], rows: list[list[Cell]]) -> list[str]:
    """The column names with the unit of their figures: "Share done (%)"."""
    return [with_unit(name, [cells[index] for cells in rows]) for index, name in enumerate(columns)]


def _text(sheet: Any, value: str, *, bold: bool = False) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)))
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _value(sheet: Any, cell: Cell) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if cell.value is None:
        return _text(sheet, cell.text if cell.suppressed else "")
    if cell.percent:
        share = WriteOnlyCell(sheet, value=round(cell.value / 100, 6))
        share.number_format = PERCENT_FORMAT
        return share
    return cell.value


def write_xlsx(dashboard: Dashboard) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    programme = dashboard.programme
    summary = workbook.create_sheet(title=_("Key figures")[:31])
    summary.column_dimensions["A"].width = 44
    summary.column_dimensions["B"].width = 22
    summary.append([_text(summary, programme.name, bold=True)])
    stamp = formats.date_format(timezone.localtime(dashboard.generated_at), "DATETIME_FORMAT")
    summary.append([_text(summary, _("Made %(time)s") % {"time": stamp})])
    summary.append([_text(summary, suppression_note(programme.effective_min_respondents))])
    summary.append([])
    for figure in dashboard.key_figures:
        label = with_unit(figure.label, [figure.cell])
        summary.append([_text(summary, label), _value(summary, figure.cell)])
    used: set[str] = {summary.title}
    for section in dashboard.sections:
        title = section.title[:31]
        if title in used:  # pragma: no cover - section titles differ
            title = f"{title[:28]} {len(used)}"
        used.add(title)
        sheet = workbook.create_sheet(title=title)
        sheet.column_dimensions["A"].width = 48
        for letter in "BCDEFG":
            sheet.column_dimensions[letter].width = 20
        sheet.append([_text(sheet, section.title, bold=True)])
        sheet.append([_text(sheet, section.intro)])
        for table in section.tables:
            sheet.append([])
            sheet.append([_text(sheet, table.caption, bold=True)])
            if table.is_empty:
                sheet.append([_text(sheet, table.empty_text)])
                continue
            columns = _headers(table.columns, [row.cells for row in table.rows])
            sheet.append([_text(sheet, name, bold=True) for name in [table.row_header, *columns]])
            for row in table.rows:
                sheet.append([_text(sheet, row.label), *(_value(sheet, c) for c in row.cells)])
            if table.note:
                sheet.append([_text(sheet, table.note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dashboard_export(
    *, dashboard: Dashboard, actor: User, file_format: str
) -> bytes | Iterator[bytes]:
    """The dashboard as an XLSX file (bytes, made by openpyxl's write-only
    workbook) or as CSV lines (an iterator, to stream).

    Side effects: one audit entry ``reports.exported`` (the format). Raises
    ValueError for an unknown format.
    """
    if file_format not in FORMATS:
        raise ValueError(f"Unknown export format: {file_format!r}")
    content = csv_stream(dashboard) if file_format == "csv" else write_xlsx(dashboard)
    log_action(
        actor=actor,
        action="reports.exported",
        obj=dashboard.programme,
        programme=dashboard.programme,
        data={"format": file_format},
    )
    return content
