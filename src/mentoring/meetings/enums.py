"""Choices of the meetings app: meeting states, venues, note visibility,
reminder kinds."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


#: The state machine of a meeting: status -> the statuses it may move to
#: (``services.transition.meeting_transition`` refuses anything else). A
#: held meeting stays held; a cancelled one stays cancelled.
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingStatus.PLANNED.value: frozenset(
        {MeetingStatus.HELD.value, MeetingStatus.CANCELLED.value}
    ),
    MeetingStatus.HELD.value: frozenset(),
    MeetingStatus.CANCELLED.value: frozenset(),
}


class VenueKind(models.TextChoices):
    MENTOR_WORKPLACE = "mentor_workplace", _("At the mentor's workplace")
    MENTEE_WORKPLACE = "mentee_workplace", _("At the mentee's workplace")
    VIRTUAL = "virtual", _("Virtual (video)")
    OTHER = "other", _("Another place")


#: The workplace choices worded for one of the pair, on their own pages and in
#: their e-mails and calendar: the reader's own workplace is "your workplace",
#: the other's "your mentor's" / "your mentee's". ``VenueKind``'s own labels
#: (coordinator pages, the admin, the API) keep the third person.
VENUE_LABELS_BY_SIDE: dict[str, dict[str, Any]] = {
    "mentee": {
        VenueKind.MENTOR_WORKPLACE.value: _("At your mentor's workplace"),
        VenueKind.MENTEE_WORKPLACE.value: _("At your workplace"),
    },
    "mentor": {
        VenueKind.MENTOR_WORKPLACE.value: _("At your workplace"),
        VenueKind.MENTEE_WORKPLACE.value: _("At your mentee's workplace"),
    },
}


def venue_label_lazy(kind: str, *, side: str | None = None) -> Any:
    """The name of a kind of place, worded for the person of the pair on
    ``side`` ("mentee" or "mentor"; None: the third person), translated when
    it is rendered (a mail renders in its recipient's language)."""
    label = VENUE_LABELS_BY_SIDE.get(str(side), {}).get(kind)
    if label is None:
        label = dict(VenueKind.choices).get(kind, kind)
    return label


def venue_label(kind: str, *, side: str | None = None) -> str:
    """``venue_label_lazy`` in the active language."""
    return str(venue_label_lazy(kind, side=side))


def venue_choices(side: str | None = None) -> list[tuple[str, Any]]:
    """``VenueKind.choices`` worded for the person on ``side`` (lazy labels)."""
    mine = VENUE_LABELS_BY_SIDE.get(str(side), {})
    return [(value, mine.get(value, label)) for value, label in VenueKind.choices]


class NoteVisibility(models.TextChoices):
    PRIVATE = "private", _("Private: only I can read it")
    SHARED = "shared", _("Shared with the other person in the pair")


class ReminderKind(models.TextChoices):
    MEETING = "meeting", _("Meeting reminder")
    AGENDA = "agenda", _("Agenda reminder")
    NO_MEETING = "no_meeting", _("No meeting planned")
    INACTIVE = "inactive", _("Pair inactive (to the coordinator)")


#: Longest meeting (8 hours) and longest note text.
MAX_MEETING_MINUTES = 480
MAX_NOTE_LENGTH = 20_000
