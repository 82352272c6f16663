"""Export a programme's participants, and the import template, as CSV or XLSX.

The files have the columns of ``columns.COLUMNS``, so an export can be
imported again. Spreadsheet safety: a text that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return would run as a formula when opened in
Excel or LibreOffice, so it is written with a leading ``'`` (which the import
removes again); XLSX text cells are always written as text, never as formulas.

CSV: UTF-8 with a byte order mark, semicolon as delimiter and CRLF line ends,
which Danish Excel opens correctly by a double click (see docs/import.md).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.participants.enums import ApplicationStatus
from mentoring.participants.io.columns import COLUMN_NAMES, COLUMNS, FORMULA_PREFIXES
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme

CSV_DELIMITER = ";"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

Cell = str | int | None


def neutralise(value: str) -> str:
    """Prefix ``'`` to a text a spreadsheet would read as a formula."""
    if value.startswith(FORMULA_PREFIXES) or value.lstrip().startswith(FORMULA_PREFIXES[:4]):
        return "'" + value
    return value


def participations_for_export(*, programme: Programme) -> QuerySet[Participation]:
    """The programme's participations except drafts, with their people (one query)."""
    return (
        Participation.objects.filter(programme=programme)
        .exclude(status=ApplicationStatus.DRAFT)
        .select_related("user")
        .order_by("role", "user__full_name", "user__email", "pk")
    )


def _row(participation: Participation) -> list[Cell]:
    user = participation.user
    submitted = (
        timezone.localtime(participation.submitted_at).strftime("%Y-%m-%d %H:%M:%S")
        if participation.submitted_at
        else ""
    )
    values: dict[str, Cell] = {
        "email": user.email,
        "full_name": user.full_name,
        "role": participation.role,
        "language": user.language,
        "organisation": participation.organisation,
        "job_title": participation.job_title,
        "industry": participation.industry,
        "region": participation.region,
        "years_of_experience": participation.years_of_experience,
        "languages": ",".join(str(code) for code in participation.languages or []),
        "meeting_format": participation.meeting_format,
        "capacity": participation.capacity,
        "change_situation": participation.change_situation,
        "goals": " | ".join(str(goal) for goal in participation.goals or []),
        "expertise": participation.expertise,
        "status": participation.status,
        "submitted_at": submitted,
    }
    return [values[name] for name in COLUMN_NAMES]


class _Line:
    """A file-like object that hands back what ``csv.writer`` writes (one row)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Sequence[str]]) -> Iterator[bytes]:
    """CSV as UTF-8 lines, one per row, semicolons and CRLF, the first with the
    byte order mark: for a ``StreamingHttpResponse``. The values are written as
    given (neutralise them first)."""
    writer = csv.writer(_Line(), delimiter=CSV_DELIMITER, lineterminator="\r\n")
    prefix = "\ufeff"
    for row in rows:
        yield (prefix + writer.writerow(row)).encode("utf-8")
        prefix = ""
    if prefix:  # no row at all: the mark alone, as an empty file used to be
        yield prefix.encode("utf-8")


def _csv_rows(rows: Iterable[Sequence[Cell]]) -> Iterator[list[str]]:
    yield list(COLUMN_NAMES)
    for row in rows:
        yield ["" if value is None else neutralise(str(value)) for value in row]


def write_csv(rows: Sequence[Sequence[Cell]]) -> bytes:
    """A CSV file (UTF-8 with BOM, semicolons) with the header row and ``rows``."""
    return b"".join(csv_lines(_csv_rows(rows)))


#: Participations read from the database at a time while an export streams.
EXPORT_CHUNK = 500


def participants_csv_stream(*, programme: Programme, actor: User) -> Iterator[bytes]:
    """The programme's participants (all but drafts) as CSV lines, read from the
    database ``EXPORT_CHUNK`` at a time while the response is sent (memory does
    not grow with the number of participants).

    Side effects: one audit entry ``participants.exported`` (format and count;
    no personal data), written before the first line.
    """
    participations = participations_for_export(programme=programme)
    log_action(
        actor=actor,
        action="participants.exported",
        obj=programme,
        programme=programme,
        data={"format": "csv", "count": participations.count()},
    )
    rows = (_row(p) for p in participations.iterator(chunk_size=EXPORT_CHUNK))
    return csv_lines(_csv_rows(rows))


def _text_cell(sheet: Any, value: str, *, font: Any = None) -> Any:
    """A text cell: neutralised, without characters XLSX forbids, never a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = WriteOnlyCell(sheet, value=neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def write_xlsx(
    rows: Sequence[Sequence[Cell]],
    *,
    sheet_title: str,
    notes: Sequence[Sequence[str]] = (),
    notes_title: str = "",
) -> bytes:
    """An XLSX workbook: the header row and ``rows`` on the first sheet (text as
    text cells, whole numbers as numbers); ``notes`` (first row bold) on a second."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(COLUMN_NAMES, start=1):
        width = 48 if name in ("goals", "expertise") else 22
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_text_cell(sheet, name, font=bold) for name in COLUMN_NAMES])
    for row in rows:
        sheet.append(
            [
                value if value is None or isinstance(value, int) else _text_cell(sheet, str(value))
                for value in row
            ]
        )
    if notes:
        notes_sheet = workbook.create_sheet(title=notes_title[:31])
        for index, line in enumerate(notes):
            font = bold if index == 0 else None
            notes_sheet.append([_text_cell(notes_sheet, value, font=font) for value in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def participants_export(*, programme: Programme, actor: User, file_format: str) -> bytes:
    """The programme's participants (all but drafts) as a CSV or XLSX file.

    Side effects: one audit entry ``participants.exported`` (format and count;
    no personal data). Raises ValueError for an unknown format.
    """
    if file_format not in FORMATS:
        raise ValueError(f"Unknown export format: {file_format!r}")
    rows = [_row(participation) for participation in participations_for_export(programme=programme)]
    content = (
        write_csv(rows) if file_format == "csv" else write_xlsx(rows, sheet_title=_("Participants"))
    )
    log_action(
        actor=actor,
        action="participants.exported",
        obj=programme,
        programme=programme,
        data={"format": file_format, "count": len(rows)},
    )
    return content


def import_template(*, file_format: str) -> bytes:
    """The import template: the header row and one example row; the XLSX file
    also describes every column on a second sheet."""
    example: list[Cell] = [column.example for column in COLUMNS]
    if file_format == "csv":
        return write_csv([example])
    if file_format != "xlsx":
        raise ValueError(f"Unknown template format: {file_format!r}")
    notes: list[list[str]] = [
        [_("Column"), _("Required"), _("Description"), _("Format"), _("Allowed values")]
    ]
    for column in COLUMNS:
        notes.append(
            [
                column.name,
                _("Yes") if column.required else _("No"),
                str(column.description),
                str(column.format),
                ", ".join(f"{code} ({label})" for code, label in column.codes),
            ]
        )
    return write_xlsx(
        [example], sheet_title=_("Participants"), notes=notes, notes_title=_("Columns")
    )
