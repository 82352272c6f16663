"""The columns of the import and export files (``COLUMNS``, documented to
coordinators), the values they accept and the limits on a file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from mentoring.accounts.enums import Language as AccountLanguage
from mentoring.participants.enums import ApplicationStatus, ChangeSituation, Language, Region, Role
from mentoring.programmes.enums import MeetingFormat

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 50
MAX_CELL_CHARS = 4000
MAX_GOAL_CHARS = 300
MAX_YEARS = 60
#: An XLSX file is a zip archive; refuse one that unpacks to more than this.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
#: The checked file waits in the database (``PendingImport``) between preview
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
