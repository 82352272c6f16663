"""What a checked file will do: ``ImportPreview`` of ``RowResult`` rows
(action, fields, ``RowError`` errors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mentoring.accounts.enums import Language as AccountLanguage
from mentoring.accounts.models import User
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
ERROR = "error"


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
