"""Reading an uploaded CSV or XLSX file into a ``RawTable`` (the header and
every cell as text), or ``ImportFileError`` for a file that cannot be read at
all; ``encode_table``/``decode_table`` pack a table for storage."""

from __future__ import annotations

import base64
import binascii
import codecs
import csv
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dt_time
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mentoring.participants.io.columns import (
    COLUMN_NAMES,
    FORMULA_PREFIXES,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_STORED_CHARS,
    MAX_UPLOAD_BYTES,
    MAX_XLSX_UNPACKED_BYTES,
    REQUIRED_COLUMNS,
)

# --- Reading the file --------------------------------------------------------


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``messages`` says why (translated)."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


@dataclass
class RawTable:
    """A file's content as text: the column names of the header row (``""`` for
    a column without a name) and the non-empty rows with their row number in the
    file. ``skipped`` holds the numbers of empty rows between them."""

    format: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    skipped: list[int] = field(default_factory=list)


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_table(*, data: bytes, filename: str) -> RawTable:
    """Read an uploaded CSV or XLSX file. Raises ImportFileError with a clear reason."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError(_too_large_message())
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.startswith(_OLE_MAGIC):
        raise ImportFileError(
            _(
                "The file is an old Excel workbook (.xls) or is protected with a password. "
                "Save it as an Excel workbook (.xlsx) or as CSV without a password and try again."
            )
        )
    if data.startswith(_XLSX_MAGIC) or extension == "xlsx":
        return _read_xlsx(data)
    return _read_csv(data)


def _too_large_message() -> str:
    return _("The file is larger than %(size)s MB. Split it into smaller files.") % {
        "size": MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def _not_readable_message() -> str:
    return _(
        "The file could not be read as CSV or as an Excel workbook (.xlsx). Download the "
        "template, fill it in and save it as CSV or .xlsx."
    )


def _decode(data: bytes) -> str:
    """UTF-8 with or without BOM; UTF-16 with BOM; otherwise Windows-1252 (æøå)."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_not_readable_message()) from exc
    if _CONTROL_CHARACTERS.search(text):
        raise ImportFileError(_not_readable_message())
    return text


def _sniff_delimiter(text: str) -> str:
    """The delimiter of the header row: semicolon (Danish Excel), comma or tab."""
    for line in text.splitlines():
        if line.strip():
            counts = {delimiter: line.count(delimiter) for delimiter in (";", ",", "\t")}
            best = max(counts, key=lambda delimiter: counts[delimiter])
            return best if counts[best] else ","
    return ","


def _read_csv(data: bytes) -> RawTable:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    try:
        return _build_table("csv", reader)
    except csv.Error as exc:
        raise ImportFileError(_not_readable_message()) from exc


def _read_xlsx(data: bytes) -> RawTable:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(
            _("The Excel workbook is damaged and cannot be read. Save it again and retry.")
        ) from exc
    if sum(member.file_size for member in members) > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(_too_large_message())
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a malformed file fails in many ways inside openpyxl
        raise ImportFileError(
            _("The Excel workbook is damaged and cannot be read. Save it again and retry.")
        ) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The Excel workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        records = (
            [_cell_text(value) for value in row]
            for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
        )
        return _build_table("xlsx", records)
    except ImportFileError:
        raise
    except Exception as exc:  # broken XML inside the archive
        raise ImportFileError(
            _("The Excel workbook is damaged and cannot be read. Save it again and retry.")
        ) from exc
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """An XLSX cell's value as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date | dt_time):
        return value.isoformat()
    return str(value)


def _clean_cell(value: str) -> str:
    value = value.strip()[: MAX_CELL_CHARS + 1]
    rest = value[1:]
    if value.startswith("'") and (
        rest.startswith(FORMULA_PREFIXES) or rest.lstrip().startswith(FORMULA_PREFIXES[:4])
    ):
        return rest  # without our export's prefix, exactly as it was stored
    return value


def _normalise_column_name(value: str) -> str:
    name = re.sub(r"[\s-]+", "_", value.strip().lower().rstrip("*").strip())
    return "email" if name == "e_mail" else name


def _build_table(file_format: str, records: Iterable[Sequence[str]]) -> RawTable:
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    skipped: list[int] = []
    empty_since_last: list[int] = []
    for number, record in enumerate(records, start=1):
        cells = [_clean_cell(value) for value in record]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            if header is not None:
                empty_since_last.append(number)
            continue
        if len(cells) > MAX_COLUMNS:
            raise ImportFileError(
                _("Row %(row)s has more than %(count)s columns.")
                % {"row": number, "count": MAX_COLUMNS}
            )
        if header is None:
            header = _check_header(cells)
            continue
        # Empty rows count as skipped only between rows with data, not at the end.
        skipped.extend(empty_since_last)
        empty_since_last = []
        rows.append((number, cells))
        if len(rows) + len(skipped) > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(count)s rows. Split it into smaller files.")
                % {"count": number_format(MAX_ROWS, force_grouping=True)}
            )
    if header is None:
        raise ImportFileError(_("The file is empty."))
    if not rows:
        raise ImportFileError(_("The file has a header row but no participants."))
    return RawTable(format=file_format, header=header, rows=rows, skipped=skipped)


def _check_header(cells: list[str]) -> list[str]:
    names = [_normalise_column_name(cell) for cell in cells]
    unknown = [
        cell for cell, name in zip(cells, names, strict=True) if name and name not in COLUMN_NAMES
    ]
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    problems = []
    if unknown:
        problems.append(
            _("Unknown columns: %(columns)s. Use the column names of the template.")
            % {"columns": ", ".join(unknown)}
        )
    if repeated:
        problems.append(
            _("These columns appear more than once: %(columns)s.")
            % {"columns": ", ".join(repeated)}
        )
    if missing:
        problems.append(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if problems:
        raise ImportFileError(*problems)
    return names


def table_from_records(*, records: Sequence[Mapping[str, str]]) -> RawTable:
    """A table from rows given as column name -> value (the API's import): the
    same header and cell checks as a file, row numbers counted as in a file
    whose first row is the header (format ``json``)."""
    header: list[str] = []
    for record in records:
        for name in record:
            if name not in header:
                header.append(name)
    lines = [header, *([record.get(name, "") for name in header] for record in records)]
    return _build_table("json", lines)


def encode_table(table: RawTable) -> str:
    """The table as compressed text for storage, or ImportFileError when too big."""
    raw = json.dumps(
        {
            "format": table.format,
            "header": table.header,
            "rows": table.rows,
            "skipped": table.skipped,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()
    packed = base64.b64encode(zlib.compress(raw, 6)).decode("ascii")
    if len(packed) > MAX_STORED_CHARS:
        raise ImportFileError(
            _("The file holds too much text to check at once. Split it into smaller files.")
        )
    return packed


def decode_table(packed: str) -> RawTable | None:
    """The table stored by ``encode_table``; None when it cannot be read."""
    try:
        content = json.loads(zlib.decompress(base64.b64decode(packed, validate=True)))
        return RawTable(
            format=str(content["format"]),
            header=[str(name) for name in content["header"]],
            rows=[
                (int(number), [str(cell) for cell in cells]) for number, cells in content["rows"]
            ],
            skipped=[int(number) for number in content["skipped"]],
        )
    except (ValueError, TypeError, KeyError, zlib.error, binascii.Error):
        return None
