"""The CSV fallback for organisations without SCIM: one row per person with
the same attributes SCIM carries. ``read_rows`` reads and checks a file and
returns the preview (what each row will do, or its errors); the service
``csv_rows_apply`` applies a preview without errors.

Columns (header row required; comma or semicolon; UTF-8):
``email`` (required), ``full_name``, ``organisation``, ``language`` (da or
en; empty: da for new accounts, unchanged otherwise), ``active`` (yes/no,
true/false, 1/0; empty: yes).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from mentoring.accounts.enums import Language
from mentoring.accounts.models import User
from mentoring.common.validators import validate_storable_text

COLUMNS = ("email", "full_name", "organisation", "language", "active")
REQUIRED = ("email",)
MAX_BYTES = 512 * 1024
MAX_ROWS = 5000
_TRUE = {"", "yes", "ja", "true", "1", "y"}
_FALSE = {"no", "nej", "false", "0", "n"}

CREATE = "create"
UPDATE = "update"
DEACTIVATE = "deactivate"
REACTIVATE = "reactivate"
UNCHANGED = "unchanged"


class CsvFileError(ValueError):
    """The file cannot be read at all; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class CsvRow:
    number: int  # the line in the file (the header is line 1)
    email: str
    full_name: str
    organisation: str
    language: str  # "" = unchanged
    active: bool
    user: User | None = None
    actions: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class CsvPreview:
    rows: list[CsvRow]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if action in row.actions and not row.errors)


def decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise CsvFileError(_("The file is too large (at most 512 KB)."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFileError(_("The file is not UTF-8 text. Save it as CSV UTF-8.")) from exc


def read_rows(text: str) -> CsvPreview:
    """Check every row of a CSV text against the accounts. Raises
    CsvFileError for a file without the required columns or too many rows."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CsvFileError(
            _("The file has no column %(columns)s. The columns are: %(all)s.")
            % {"columns": ", ".join(missing), "all": ", ".join(COLUMNS)}
        )
    unknown = [c for c in header if c and c not in COLUMNS]
    if unknown:
        raise CsvFileError(
            _("Unknown columns: %(columns)s. The columns are: %(all)s.")
            % {"columns": ", ".join(unknown), "all": ", ".join(COLUMNS)}
        )
    reader.fieldnames = header
    rows: list[CsvRow] = []
    for raw in reader:
        if len(rows) >= MAX_ROWS:
            raise CsvFileError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
        values = {k: " ".join(str(v or "").split()) for k, v in raw.items() if k}
        active_text = values.get("active", "").lower()
        row = CsvRow(
            number=reader.line_num,
            email=values.get("email", "").lower(),
            full_name=values.get("full_name", ""),
            organisation=values.get("organisation", ""),
            language=values.get("language", "").lower(),
            active=active_text not in _FALSE,
        )
        if active_text not in _TRUE | _FALSE:
            row.errors.append(_("“active” must be yes or no."))
        rows.append(row)
    if not rows:
        raise CsvFileError(_("The file has no rows below the header."))
    _check(rows)
    return CsvPreview(rows=rows)


def _check(rows: list[CsvRow]) -> None:
    emails = [row.email for row in rows]
    accounts = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    seen: set[str] = set()
    for row in rows:
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(_("“%(value)s” is not an e-mail address.") % {"value": row.email})
        if row.email in seen:
            row.errors.append(_("The address appears twice in the file."))
        seen.add(row.email)
        if row.language and row.language not in Language.values:
            row.errors.append(_("“language” must be da or en."))
        for text in (row.full_name, row.organisation):
            try:
                validate_storable_text(text)
            except ValidationError:
                row.errors.append(_("The row holds characters that cannot be stored."))
        if len(row.full_name) > 200 or len(row.organisation) > 200:
            row.errors.append(_("A name or organisation is longer than 200 characters."))
        user = accounts.get(row.email)
        row.user = user
        if user is not None and (user.is_staff or user.is_superuser):
            row.errors.append(_("Staff accounts are not changed by an upload."))
            continue
        if row.errors:
            continue
        if user is None:
            row.actions.append(CREATE)
            if not row.active:
                row.actions.append(DEACTIVATE)
            continue
        row.changed = [
            name
            for name, value in (
                ("full_name", row.full_name),
                ("organisation", row.organisation),
                ("language", row.language or user.language),
            )
            if getattr(user, name) != value
        ]
        if row.changed:
            row.actions.append(UPDATE)
        if user.is_active and not row.active:
            row.actions.append(DEACTIVATE)
        elif not user.is_active and row.active:
            row.actions.append(REACTIVATE)
        if not row.actions:
            row.actions.append(UNCHANGED)
