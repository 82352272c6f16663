"""Checking every row of a ``RawTable`` against the database
(``validate_table``); nothing is written."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mentoring.accounts.enums import Language as AccountLanguage
from mentoring.accounts.models import User
from mentoring.participants.enums import (
    ApplicationStatus,
    ChangeSituation,
    InvitationStatus,
    Language,
    Region,
    Role,
)
from mentoring.participants.io.columns import (
    DEFAULT_STATUS,
    IMPORT_STATUSES,
    KEEP_ONLY_STATUSES,
    LANGUAGE_ALIASES,
    MAX_CELL_CHARS,
    MAX_GOAL_CHARS,
    MAX_YEARS,
    MEETING_FORMAT_ALIASES,
    REGION_ALIASES,
)
from mentoring.participants.io.preview import (
    CREATE,
    ERROR,
    UNCHANGED,
    UPDATE,
    ImportPreview,
    RowResult,
)
from mentoring.participants.io.reading import RawTable
from mentoring.participants.models import Invitation, Participation
from mentoring.participants.readiness import MAX_GOALS
from mentoring.participants.services import TRANSITIONS
from mentoring.programmes.enums import MeetingFormat
from mentoring.programmes.models import Programme


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
