"""Import participants into a programme from a CSV or XLSX file.

Three steps, each usable on its own:

1. ``read_table`` turns the uploaded bytes into a ``RawTable`` (the header and
   every cell as text) or raises ``ImportFileError`` for a file that cannot be
   read at all: wrong type, corrupt, too large, unknown or missing columns.
2. ``validate_table`` checks every row against the database and returns an
   ``ImportPreview``: what each row will create or update, and every error
   with its row number (as in the file) and column.
3. ``participants_import`` (the service) validates again and, only when no row
   has an error, creates and updates everything in one transaction.

``COLUMNS`` documents the columns; the import page, the XLSX template and
``docs/import.md`` show it, and the export (``exporting.py``) writes the same
columns, so an export can be imported again.
"""

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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dt_time
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.accounts.enums import Language as AccountLanguage
from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.participants.enums import (
    ApplicationStatus,
    ChangeSituation,
    InvitationStatus,
    Language,
    Region,
    Role,
)
from mentoring.participants.invitations import invitations_create
from mentoring.participants.models import Invitation, Participation
from mentoring.participants.readiness import MAX_GOALS, apply_readiness
from mentoring.participants.services import TRANSITIONS
from mentoring.programmes.enums import MeetingFormat
from mentoring.programmes.models import Programme

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 4000
MAX_GOAL_CHARS = 300
MAX_YEARS = 60
#: An XLSX file is a zip archive; refuse one that unpacks to more than this.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
#: The checked file waits in the cache (its token in the session) between preview
#: and confirmation, compressed; a file that needs more room must be split.
MAX_STORED_CHARS = 1_500_000
#: A cell starting with one of these is a formula to a spreadsheet program;
#: the export prefixes it with ' and the import removes that prefix again.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Statuses a row may set. Declined and withdrawn may only stand unchanged
#: (so that an export of the same programme can be imported again).
IMPORT_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
)
KEEP_ONLY_STATUSES = (ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN)
DECIDED_STATUSES = (ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED)
DEFAULT_STATUS = ApplicationStatus.ACCEPTED

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
ERROR = "error"

Codes = tuple[tuple[str, str | Promise], ...]


def _codes(choices: type[models.TextChoices], only: Sequence[str] | None = None) -> Codes:
    return tuple(
        (value, label)
        for value, label in zip(choices.values, choices.labels, strict=True)
        if only is None or value in only
    )


@dataclass(frozen=True)
class Column:
    """One column of the import and export files, as documented to coordinators."""

    name: str
    required: bool
    description: Promise
    format: Promise
    codes: Codes = ()
    example: str = ""


COLUMNS: tuple[Column, ...] = (
    Column(
        "email",
        True,
        gettext_lazy(
            "The person's e-mail address. Someone who does not take part in the programme "
            "with this role yet is sent an invitation to this address and joins only by "
            "accepting it."
        ),
        gettext_lazy("An e-mail address."),
        example="mette.jensen@example.org",
    ),
    Column(
        "full_name",
        False,
        gettext_lazy(
            "Full name. May be empty (the export leaves it empty for people who have not "
            "given a name): the person is then asked for it. An existing account keeps the "
            "name it has, unless it has none."
        ),
        gettext_lazy("Text, at most 200 characters."),
        example="Mette Jensen",
    ),
    Column(
        "role",
        True,
        gettext_lazy("Mentee or mentor. A person may be both: then use two rows."),
        gettext_lazy("A code from the list (or its name)."),
        codes=_codes(Role),
        example=Role.MENTEE,
    ),
    Column(
        "language",
        False,
        gettext_lazy(
            "The language of a new account's pages and e-mails; an existing account "
            "keeps its own. Empty: Danish."
        ),
        gettext_lazy("A code from the list (or its name)."),
        codes=_codes(AccountLanguage),
        example="da",
    ),
    Column(
        "organisation",
        False,
        gettext_lazy("Employer or organisation."),
        gettext_lazy("Text, at most 200 characters."),
        example="Region Midtjylland",
    ),
    Column(
        "job_title",
        False,
        gettext_lazy("Job title."),
        gettext_lazy("Text, at most 200 characters."),
        example="HR-partner",
    ),
    Column(
        "industry",
        False,
        gettext_lazy("Industry."),
        gettext_lazy("Text, at most 100 characters."),
        example="Offentlig administration",
    ),
    Column(
        "region",
        False,
        gettext_lazy("Where the person works."),
        gettext_lazy(
            "A code from the list, or the region's Danish or English name in any letter case."
        ),
        codes=_codes(Region),
        example=Region.MIDTJYLLAND,
    ),
    Column(
        "years_of_experience",
        False,
        gettext_lazy("Years of working experience."),
        gettext_lazy("A whole number from 0 to 60."),
        example="5",
    ),
    Column(
        "languages",
        False,
        gettext_lazy("Languages the person can hold the conversations in."),
        gettext_lazy("Codes from the list, separated by commas, for example da,en."),
        codes=_codes(Language),
        example="da,en",
    ),
    Column(
        "meeting_format",
        False,
        gettext_lazy("How the person prefers to meet."),
        gettext_lazy("A code from the list (or its name)."),
        codes=_codes(MeetingFormat),
        example=MeetingFormat.MIXED,
    ),
    Column(
        "capacity",
        False,
        gettext_lazy(
            "Mentors only: how many mentees the mentor takes. Empty: the programme's "
            "default. Must be empty for mentees."
        ),
        gettext_lazy("A whole number from 1 to 3."),
    ),
    Column(
        "change_situation",
        False,
        gettext_lazy("Mentees only: the change the mentee is in."),
        gettext_lazy("A code from the list (or its name)."),
        codes=_codes(ChangeSituation),
        example=ChangeSituation.NEW_JOB,
    ),
    Column(
        "goals",
        False,
        gettext_lazy("Mentees only: the mentee's goals for the programme."),
        gettext_lazy(
            'At most five goals, separated by " | " or by line breaks; each at most 300 characters.'
        ),
        example="Lede mit første team | Blive tydeligere i forandringskommunikation",
    ),
    Column(
        "expertise",
        False,
        gettext_lazy("Mentors only: the mentor's experience and expertise."),
        gettext_lazy("Text, at most 4000 characters."),
    ),
    Column(
        "status",
        False,
        gettext_lazy(
            "The application's status. Empty: accepted for a new participant; unchanged "
            "for an existing one, whose status can only change as a coordinator could "
            "change it (for example not from accepted back to submitted). Declined and "
            "withdrawn are allowed only where the participant already has that status "
            "(as in an export)."
        ),
        gettext_lazy("A code from the list (or its name)."),
        codes=_codes(ApplicationStatus, only=IMPORT_STATUSES),
        example=ApplicationStatus.ACCEPTED,
    ),
    Column(
        "submitted_at",
        False,
        gettext_lazy(
            "When the application was submitted; the export fills it in. Empty: the "
            "time of the import for a new participant."
        ),
        gettext_lazy("Date and time as YYYY-MM-DD HH:MM (Danish time), not in the future."),
    ),
)
COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.required)

#: Danish names of the regions (the catalogue may not translate every label).
REGION_ALIASES = {
    "region hovedstaden": Region.HOVEDSTADEN,
    "region sjælland": Region.SJAELLAND,
    "sjælland": Region.SJAELLAND,
    "region syddanmark": Region.SYDDANMARK,
    "region midtjylland": Region.MIDTJYLLAND,
    "region nordjylland": Region.NORDJYLLAND,
    "udlandet": Region.ABROAD,
    "uden for danmark": Region.ABROAD,
}
LANGUAGE_ALIASES = {"dansk": "da", "engelsk": "en", "tysk": "de", "svensk": "sv", "norsk": "no"}
MEETING_FORMAT_ALIASES = {
    "fysisk": MeetingFormat.IN_PERSON,
    "virtuelt": MeetingFormat.VIRTUAL,
    "online": MeetingFormat.VIRTUAL,
    "blandet": MeetingFormat.MIXED,
}


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


def encode_table(table: RawTable) -> str:
    """The table as compressed text for the session, or ImportFileError when too big."""
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


# --- Checking the rows -------------------------------------------------------


@dataclass
class RowError:
    column: str
    message: str


@dataclass
class RowResult:
    """One row of the file: what it will do and what is wrong with it."""

    number: int
    action: str = CREATE
    email: str = ""
    full_name: str = ""
    role: str = ""
    language: str = AccountLanguage.DANISH
    status: str = ""
    errors: list[RowError] = field(default_factory=list)
    #: Participation fields to set (on update: only those that change).
    fields: dict[str, Any] = field(default_factory=dict)
    user: User | None = None
    participation: Participation | None = None

    def add_error(self, column: str, message: str) -> None:
        self.errors.append(RowError(column, message))

    @property
    def action_label(self) -> str:
        return {
            CREATE: _("Invite"),
            UPDATE: _("Update"),
            UNCHANGED: _("Unchanged"),
            ERROR: _("Error"),
        }[self.action]

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else ""

    @property
    def status_label(self) -> str:
        status = self.status or (self.participation.status if self.participation else "")
        return str(ApplicationStatus(status).label) if status in ApplicationStatus.values else ""


@dataclass
class ImportPreview:
    format: str
    rows: list[RowResult]
    skipped: list[int]

    @property
    def errors(self) -> list[tuple[int, str, str]]:
        return [(row.number, e.column, e.message) for row in self.rows for e in row.errors]

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def creates(self) -> int:
        return self._count(CREATE)

    @property
    def updates(self) -> int:
        return self._count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(UNCHANGED)

    @property
    def error_rows(self) -> int:
        return self._count(ERROR)

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.error_rows


def _fold(value: str) -> str:
    return " ".join(value.casefold().split())


def _choice_lookup(
    choices: type[models.TextChoices], aliases: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Codes, English and Danish labels (and aliases), case-insensitively -> code."""
    lookup: dict[str, str] = {}
    for language in ("en", "da"):
        with translation.override(language):
            for value, label in zip(choices.values, choices.labels, strict=True):
                lookup.setdefault(_fold(str(label)), value)
    for alias, value in (aliases or {}).items():
        lookup[_fold(alias)] = value
    for value in choices.values:
        lookup[_fold(value)] = value
    return lookup


_WHOLE_NUMBER = re.compile(r"\d{1,4}(?:[.,]0+)?")
_GOAL_SEPARATOR = re.compile(r"\s*\|\s*|[\r\n]+")
_LIST_SEPARATOR = re.compile(r"[,;\s]+")
_DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
)
_TEXT_LIMITS = {"full_name": 200, "organisation": 200, "job_title": 200, "industry": 100}


class _Checker:
    """Checks rows against the programme and the people already in the database."""

    def __init__(self, *, programme: Programme, table: RawTable, lock: bool) -> None:
        self.programme = programme
        self.header = table.header
        self.now = timezone.now()
        self.roles = _choice_lookup(Role)
        self.account_languages = _choice_lookup(AccountLanguage, LANGUAGE_ALIASES)
        self.languages = _choice_lookup(Language, LANGUAGE_ALIASES)
        self.regions = _choice_lookup(Region, REGION_ALIASES)
        self.meeting_formats = _choice_lookup(MeetingFormat, MEETING_FORMAT_ALIASES)
        self.change_situations = _choice_lookup(ChangeSituation)
        self.statuses = _choice_lookup(ApplicationStatus)
        self.seen: dict[tuple[str, str], int] = {}
        emails = set()
        if "email" in self.header:
            index = self.header.index("email")
            emails = {cells[index].lower() for _n, cells in table.rows if len(cells) > index}
        self.users = _existing_users(emails)
        self.participations = _existing_participations(
            programme=programme, users=list(self.users.values()), lock=lock
        )
        self.invited = _pending_invitations(programme=programme, users=list(self.users.values()))

    def check(self, number: int, cells: list[str]) -> RowResult:
        row = RowResult(number=number)
        values: dict[str, str] = {}
        for index, value in enumerate(cells):
            name = self.header[index] if index < len(self.header) else ""
            if name:
                values[name] = value
            elif value:
                row.add_error(
                    "",
                    _("Column %(number)s has a value but no name in the header row.")
                    % {"number": index + 1},
                )
        self._identity(row, values)
        self._profile(row, values)
        self._role_specific(row, values)
        self._status(row, values)
        if row.errors:
            row.action = ERROR
        elif row.participation is None and row.user is not None and self.already_invited(row):
            # Invited by an earlier import and not answered yet: nothing to do.
            # (Only this programme's own invitations count, so this reveals nothing.)
            row.fields = {}
            row.action = UNCHANGED
        elif row.participation is None:
            row.action = CREATE
        else:
            changed = {
                name: value
                for name, value in row.fields.items()
                if not _same(getattr(row.participation, name), value)
            }
            row.fields = changed
            row.action = UPDATE if changed else UNCHANGED
        return row

    def already_invited(self, row: RowResult) -> bool:
        return row.user is not None and (row.user.pk, row.role) in self.invited

    def _identity(self, row: RowResult, values: dict[str, str]) -> None:
        row.email = values.get("email", "").lower()
        valid_email = False
        if not row.email:
            row.add_error("email", _("The e-mail address is missing."))
        else:
            try:
                if len(row.email) > 254:
                    raise ValidationError("too long")
                validate_email(row.email)
                valid_email = True
            except ValidationError:
                row.add_error("email", _("This is not a valid e-mail address."))
        row.full_name = values.get("full_name", "")
        role = values.get("role", "")
        if not role:
            row.add_error("role", _("The role is missing."))
        elif (code := self.roles.get(_fold(role))) is None:
            row.add_error("role", _unknown_value(role, Role.values))
        else:
            row.role = code
        language = values.get("language", "")
        if language:
            if (code := self.account_languages.get(_fold(language))) is None:
                row.add_error("language", _unknown_value(language, AccountLanguage.values))
            else:
                row.language = code
        if valid_email and row.role:
            key = (row.email, row.role)
            if key in self.seen:
                row.add_error(
                    "email",
                    _("This person is already listed with the same role in row %(row)s.")
                    % {"row": self.seen[key]},
                )
            else:
                self.seen[key] = row.number
            row.user = self.users.get(row.email)
            if row.user is not None:
                row.participation = self.participations.get((row.user.pk, row.role))

    def _profile(self, row: RowResult, values: dict[str, str]) -> None:
        for name in ("organisation", "job_title", "industry"):
            if value := values.get(name, ""):
                row.fields[name] = value
        for name, limit in _TEXT_LIMITS.items():
            if len(values.get(name, "")) > limit:
                row.add_error(
                    name,
                    _("The text is longer than %(count)s characters.") % {"count": limit},
                )
        for name, value in values.items():
            if name not in _TEXT_LIMITS and len(value) > MAX_CELL_CHARS:
                row.add_error(
                    name,
                    _("The text is longer than %(count)s characters.") % {"count": MAX_CELL_CHARS},
                )
        self._choice(row, values, "region", self.regions, Region.values)
        self._choice(row, values, "meeting_format", self.meeting_formats, MeetingFormat.values)
        if years := values.get("years_of_experience", ""):
            number = _whole_number(years)
            if number is None or not 0 <= number <= MAX_YEARS:
                row.add_error(
                    "years_of_experience",
                    _("Years of experience must be a whole number from 0 to 60."),
                )
            else:
                row.fields["years_of_experience"] = number
        if languages := values.get("languages", ""):
            codes: list[str] = []
            for item in _LIST_SEPARATOR.split(languages):
                if not item:
                    continue
                code = self.languages.get(_fold(item))
                if code is None:
                    row.add_error("languages", _unknown_value(item, Language.values))
                elif code not in codes:
                    codes.append(code)
            row.fields["languages"] = codes
        if submitted := values.get("submitted_at", ""):
            moment = _parse_datetime(submitted)
            if moment is None:
                row.add_error(
                    "submitted_at",
                    _("Write the date and time as YYYY-MM-DD HH:MM, for example 2025-03-01 14:30."),
                )
            elif moment > self.now:
                row.add_error("submitted_at", _("The time of submission is in the future."))
            else:
                row.fields["submitted_at"] = moment

    def _role_specific(self, row: RowResult, values: dict[str, str]) -> None:
        capacity = values.get("capacity", "")
        if row.role == Role.MENTEE:
            if capacity:
                row.add_error(
                    "capacity", _("Only mentors have a capacity; leave it empty for a mentee.")
                )
            if values.get("expertise"):
                row.add_error(
                    "expertise", _("Only mentors have expertise; leave it empty for a mentee.")
                )
            self._choice(
                row, values, "change_situation", self.change_situations, ChangeSituation.values
            )
            if goals_text := values.get("goals", ""):
                goals = [goal for goal in _GOAL_SEPARATOR.split(goals_text) if goal]
                if len(goals) > MAX_GOALS:
                    row.add_error("goals", _("Give at most five goals."))
                if any(len(goal) > MAX_GOAL_CHARS for goal in goals):
                    row.add_error(
                        "goals",
                        _("A goal is longer than %(count)s characters.")
                        % {"count": MAX_GOAL_CHARS},
                    )
                row.fields["goals"] = goals
        elif row.role == Role.MENTOR:
            for name in ("change_situation", "goals"):
                if values.get(name):
                    row.add_error(name, _("Only mentees have this; leave it empty for a mentor."))
            if expertise := values.get("expertise", ""):
                row.fields["expertise"] = expertise
            if capacity:
                number = _whole_number(capacity)
                if number is None or not 1 <= number <= 3:
                    row.add_error("capacity", _("The capacity must be a whole number from 1 to 3."))
                else:
                    row.fields["capacity"] = number
            elif row.participation is None or row.participation.capacity is None:
                row.fields["capacity"] = self.programme.default_mentor_capacity

    def _status(self, row: RowResult, values: dict[str, str]) -> None:
        status_text = values.get("status", "")
        if not status_text:
            if row.participation is None:
                row.status = row.fields["status"] = DEFAULT_STATUS
            return
        status = self.statuses.get(_fold(status_text))
        existing = row.participation.status if row.participation is not None else None
        if (
            status in IMPORT_STATUSES
            and existing not in (None, status)
            and (status not in TRANSITIONS.get(str(existing), frozenset()))
        ):
            row.add_error(
                "status",
                _('The status cannot change from "%(current)s" to "%(new)s" by import.')
                % {"current": existing, "new": status},
            )
        elif status in IMPORT_STATUSES:
            row.status = row.fields["status"] = status
        elif status in KEEP_ONLY_STATUSES and status == existing:
            row.status = status
        else:
            row.add_error(
                "status",
                _('The status "%(value)s" cannot be imported. Allowed: %(allowed)s.')
                % {"value": status_text, "allowed": ", ".join(IMPORT_STATUSES)},
            )

    def _choice(
        self,
        row: RowResult,
        values: dict[str, str],
        name: str,
        lookup: dict[str, str],
        allowed: Sequence[str],
    ) -> None:
        if value := values.get(name, ""):
            code = lookup.get(_fold(value))
            if code is None:
                row.add_error(name, _unknown_value(value, allowed))
            else:
                row.fields[name] = code


def _same(stored: Any, new: Any) -> bool:
    """Whether a cell leaves a stored value as it is (times to the second, as exported)."""
    if isinstance(stored, datetime) and isinstance(new, datetime):
        return stored.replace(microsecond=0) == new.replace(microsecond=0)
    return bool(stored == new)


def _unknown_value(value: str, allowed: Sequence[str]) -> str:
    return _('Unknown value "%(value)s". Allowed: %(allowed)s.') % {
        "value": value[:100],
        "allowed": ", ".join(allowed),
    }


def _whole_number(value: str) -> int | None:
    if not _WHOLE_NUMBER.fullmatch(value):
        return None
    return int(re.split(r"[.,]", value)[0])


def _parse_datetime(value: str) -> datetime | None:
    moment: datetime | None = None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        for pattern in _DATETIME_FORMATS:
            try:
                moment = datetime.strptime(value, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_users(emails: set[str]) -> dict[str, User]:
    """Accounts by lower-case e-mail: the login address or any allauth address."""
    found: dict[str, User] = {}
    ordered = sorted(emails)
    for chunk in _chunks(ordered):
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk):
            found[user.email.lower()] = user
        addresses = (
            EmailAddress.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .select_related("user")
        )
        for address in addresses:
            found.setdefault(address.email.lower(), address.user)
    return found


def _existing_participations(
    *, programme: Programme, users: list[User], lock: bool
) -> dict[tuple[int, str], Participation]:
    found: dict[tuple[int, str], Participation] = {}
    user_ids = sorted({user.pk for user in users})
    for chunk in _chunks(user_ids):
        queryset = Participation.objects.filter(programme=programme, user_id__in=chunk)
        if lock:
            queryset = queryset.select_for_update()
        for participation in queryset:
            found[(participation.user_id, participation.role)] = participation
    return found


def _pending_invitations(*, programme: Programme, users: list[User]) -> set[tuple[int, str]]:
    found: set[tuple[int, str]] = set()
    user_ids = sorted({user.pk for user in users})
    for chunk in _chunks(user_ids):
        found.update(
            Invitation.objects.filter(
                programme=programme, user_id__in=chunk, status=InvitationStatus.PENDING
            ).values_list("user_id", "role")
        )
    return found


def validate_table(*, programme: Programme, table: RawTable, lock: bool = False) -> ImportPreview:
    """Check every row; nothing is written. ``lock`` locks the participations that
    would be updated (inside the import's transaction)."""
    checker = _Checker(programme=programme, table=table, lock=lock)
    rows = [checker.check(number, cells) for number, cells in table.rows]
    return ImportPreview(format=table.format, rows=rows, skipped=table.skipped)


# --- The import ---------------------------------------------------------------


class ImportInvalidError(Exception):
    """At least one row has an error; nothing was imported."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__("The import has errors.")
        self.preview = preview


class ImportConflictError(Exception):
    """The data changed while importing (e.g. the same account was just created)."""


@dataclass(frozen=True)
class ImportResult:
    invited: int
    updated: int
    unchanged: int
    skipped: int


def participants_import(*, programme: Programme, actor: User, table: RawTable) -> ImportResult:
    """Invite the new people of ``table`` to ``programme`` and update its
    existing participants, all or nothing.

    Every row is checked again first; when any has an error, ImportInvalidError is
    raised and nothing changes. Side effects: a row naming someone who does not
    take part in the programme with that role becomes an invitation
    (``invitations.invitations_create``: a mail with a link; the participation is
    made only when the person accepts), for an unknown address after creating the
    account (unusable password, unverified allauth address, the file's name and
    language); whether an account existed is never shown or counted. Rows of
    existing participants update them (readiness derived, version raised). One
    audit entry ``participants.imported`` with the counts.
    Raises ImportConflictError when a concurrent change breaks a unique constraint.
    """
    try:
        with transaction.atomic():
            preview = validate_table(programme=programme, table=table, lock=True)
            if not preview.is_valid:
                raise ImportInvalidError(preview)
            result = _apply(programme=programme, actor=actor, preview=preview)
            log_action(
                actor=actor,
                action="participants.imported",
                obj=programme,
                programme=programme,
                data={
                    "format": table.format,
                    "invited": result.invited,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "skipped": result.skipped,
                },
            )
    except IntegrityError as exc:
        raise ImportConflictError from exc
    return result


def _apply(*, programme: Programme, actor: User, preview: ImportPreview) -> ImportResult:
    now = timezone.now()
    new_users: dict[str, User] = {}
    for row in preview.rows:
        if row.action == CREATE and row.user is None and row.email not in new_users:
            person = User(email=row.email, full_name=row.full_name, language=row.language)
            person.set_unusable_password()
            new_users[row.email] = person
    User.objects.bulk_create(list(new_users.values()))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=person, email=person.email, primary=True, verified=False)
            for person in new_users.values()
        ]
    )
    invitations: dict[tuple[int, str], dict[str, Any]] = {}
    for row in preview.rows:
        if row.action != CREATE:
            continue
        person = row.user or new_users[row.email]
        # Two addresses of one account (login and a second address): one invitation.
        invitations.setdefault(
            (person.pk, row.role),
            {
                "user": person,
                "role": row.role,
                "email": row.email,
                "full_name": row.full_name,
                "answers": row.fields,
            },
        )
    invited = invitations_create(
        programme=programme, invited_by=actor, rows=list(invitations.values())
    )

    updated: list[Participation] = []
    update_fields = {"version", "updated_at", "is_ready", "readiness_issues"}
    for row in preview.rows:
        if row.action != UPDATE or row.participation is None:
            continue
        participation = row.participation
        previous_status = participation.status
        for name, value in row.fields.items():
            setattr(participation, name, value)
            update_fields.add(name)
        if participation.status != previous_status:
            decided = participation.status in DECIDED_STATUSES
            participation.decided_at = now if decided else None
            participation.decided_by = actor if decided else None
            update_fields.update(("decided_at", "decided_by"))
        if participation.submitted_at is None:
            participation.submitted_at = now
            update_fields.add("submitted_at")
        participation.version += 1
        participation.updated_at = now
        apply_readiness(participation)
        updated.append(participation)
    if updated:
        Participation.objects.bulk_update(updated, sorted(update_fields), batch_size=500)
    return ImportResult(
        invited=len(invited),
        updated=len(updated),
        unchanged=preview.unchanged,
        skipped=len(preview.skipped),
    )
