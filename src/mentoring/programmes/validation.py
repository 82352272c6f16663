"""The rules a programme's settings must follow, in one place: the form shows
them as field errors, the services refuse to save without them, and the
database constraints are the last line of defence."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from mentoring.common.limits import LONG_TEXT, SHORT_TEXT, length_error
from mentoring.programmes.enums import Phase, ProgrammeKind

#: Slugs that would collide with fixed paths under /coordinate/ and /p/.
#: "api-tokens": the API token pages live at coordinate/api-tokens/ (mentoring.api).
RESERVED_SLUGS = frozenset({"new", "edit", "phase", "log", "api-tokens"})

#: The fields a coordinator sets on a programme (the form and the services).
SETTINGS_FIELDS = (
    "name_da",
    "name_en",
    "description_da",
    "description_en",
    "kind",
    "organisation",
    "applications_open_at",
    "applications_close_at",
    "starts_on",
    "ends_on",
    "min_meetings",
    "min_meeting_minutes",
    "max_meeting_minutes",
    "min_months",
    "max_months",
    "default_mentor_capacity",
    "inactivity_days",
    "follow_up_days",
    "min_respondents",
    "retention_months",
)

#: Bounds of the numbers (the model's validators say the same).
BOUNDS: dict[str, tuple[int, int]] = {
    "min_meetings": (1, 50),
    "min_meeting_minutes": (15, 480),
    "max_meeting_minutes": (15, 480),
    "min_months": (1, 36),
    "max_months": (1, 36),
    "inactivity_days": (7, 180),
    "follow_up_days": (30, 365),
    "min_respondents": (3, 20),
    "retention_months": (1, 120),
    "default_mentor_capacity": (1, 3),
}


#: No survey result is ever shown behind fewer respondents than this, whatever
#: a coordinator or a deployer sets.
MIN_RESPONDENTS_FLOOR = 3


def min_respondents_floor() -> int:
    """The deployment's floor for ``Programme.min_respondents``: the setting
    ``MENTORING_MIN_RESPONDENTS_FLOOR``, never below 3 nor above 20."""
    configured = int(getattr(settings, "MENTORING_MIN_RESPONDENTS_FLOOR", MIN_RESPONDENTS_FLOOR))
    return min(BOUNDS["min_respondents"][1], max(MIN_RESPONDENTS_FLOOR, configured))


def bounds(field: str) -> tuple[int, int]:
    """The bounds of a number setting, with the deployment's respondent floor."""
    low, high = BOUNDS[field]
    if field == "min_respondents":
        low = min_respondents_floor()
    return low, high


#: Upper limits of the texts (the form's fields say the same).
TEXT_LIMITS: dict[str, int] = {
    "name_da": SHORT_TEXT,
    "name_en": SHORT_TEXT,
    "organisation": SHORT_TEXT,
    "description_da": LONG_TEXT,
    "description_en": LONG_TEXT,
}


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months (the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_is_shorter_than_recommended(
    *, starts_on: date | None, ends_on: date | None, min_months: int
) -> bool:
    """True when the period is set and ends before ``min_months`` have passed."""
    if starts_on is None or ends_on is None:
        return False
    return ends_on < add_months(starts_on, min_months)


def settings_errors(values: Mapping[str, Any], *, phase: str = Phase.DECISION) -> dict[str, str]:
    """Check a programme's settings together; returns {field: message}.

    ``values`` holds the SETTINGS_FIELDS (missing ones count as empty). Once a
    programme has left the decision phase its application window and period
    may no longer be removed: later phases rely on them.
    """
    errors: dict[str, str] = {}
    if not str(values.get("name_da") or "").strip():
        errors["name_da"] = _("Give the programme a Danish name.")
    if not str(values.get("name_en") or "").strip():
        errors["name_en"] = _("Give the programme an English name.")
    for field, limit in TEXT_LIMITS.items():
        message = length_error(str(values.get(field) or ""), limit)
        if message:
            errors[field] = message
    kind = values.get("kind")
    if kind not in ProgrammeKind.values:
        errors["kind"] = _("Choose whether the programme is open or internal.")
    elif kind == ProgrammeKind.INTERNAL and not str(values.get("organisation") or "").strip():
        errors["organisation"] = _(
            "An internal programme belongs to one organisation: enter its name."
        )

    opens, closes = values.get("applications_open_at"), values.get("applications_close_at")
    if (opens is None) != (closes is None):
        field = "applications_close_at" if closes is None else "applications_open_at"
        errors[field] = _("Give both the opening and the closing time, or neither.")
    elif opens is not None and closes is not None and closes <= opens:
        errors["applications_close_at"] = _(
            "Applications must close after they open. Choose a later closing time."
        )

    starts, ends = values.get("starts_on"), values.get("ends_on")
    if (starts is None) != (ends is None):
        field = "ends_on" if ends is None else "starts_on"
        errors[field] = _("Give both the start and the end date, or neither.")
    elif starts is not None and ends is not None and ends <= starts:
        errors["ends_on"] = _("The programme must end after it starts. Choose a later end date.")

    if phase != Phase.DECISION:
        if opens is None and "applications_open_at" not in errors:
            errors["applications_open_at"] = _(
                "The programme has left the decision phase, so it needs an application window."
            )
        if starts is None and "starts_on" not in errors:
            errors["starts_on"] = _(
                "The programme has left the decision phase, so it needs a period."
            )

    for field in BOUNDS:
        low, high = bounds(field)
        value = values.get(field)
        if value is None:
            errors[field] = _("Enter a number.")
        elif not low <= value <= high:
            if field == "default_mentor_capacity":
                errors[field] = _("A mentor takes 1, 2 or 3 mentees.")
            else:
                errors[field] = _("Enter a number from %(low)s to %(high)s.") % {
                    "low": low,
                    "high": high,
                }
    for low_field, high_field, message in (
        (
            "min_meeting_minutes",
            "max_meeting_minutes",
            _("The longest meeting cannot be shorter than the shortest one."),
        ),
        (
            "min_months",
            "max_months",
            _("The longest duration cannot be shorter than the shortest one."),
        ),
    ):
        if low_field in errors or high_field in errors:
            continue
        if values[high_field] < values[low_field]:
            errors[high_field] = message
    return errors
