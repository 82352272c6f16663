"""Choices of the meetings app: meeting states, venues, note visibility,
reminder kinds."""

from __future__ import annotations

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
