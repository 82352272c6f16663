"""Meetings of a pair, their homework, the journal, goals, calendar feed
tokens and scheduled reminders.

Privacy: ``Note`` rows with visibility *private* are readable by their
author only, *shared* ones by the two people of the pair; no coordinator or
superuser page, export or e-mail shows note text (selectors enforce it).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.meetings.enums import (
    MAX_MEETING_MINUTES,
    MeetingStatus,
    NoteVisibility,
    ReminderKind,
    VenueKind,
)
from mentoring.relationships.enums import Side


class Meeting(models.Model):
    """One meeting of a pair (planned, held or cancelled). ``uid`` and
    ``sequence`` make its calendar invitation updatable: every change raises
    ``sequence``, a cancellation keeps the ``uid``."""

    mentorship = models.ForeignKey(
        "relationships.Mentorship",
        verbose_name=_("mentorship"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.PLANNED,
        db_index=True,
    )
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        validators=[MinValueValidator(15), MaxValueValidator(MAX_MEETING_MINUTES)],
    )
    venue_kind = models.CharField(_("where"), max_length=20, choices=VenueKind.choices)
    venue_name = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    venue_suitable = models.BooleanField(
        _("we have checked that the place suits a confidential conversation"), default=False
    )
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    # The mentee owns the agenda.
    agenda = models.TextField(_("agenda"), blank=True)
    agenda_confidential = models.BooleanField(_("the agenda is confidential"), default=False)
    agenda_updated_at = models.DateTimeField(_("agenda written"), null=True, blank=True)
    # After the meeting (shared by the pair)
    held_at = models.DateTimeField(_("marked held"), null=True, blank=True)
    summary = models.TextField(_("shared summary"), blank=True)
    roles_used = models.JSONField(_("roles the mentor used"), default=list, blank=True)
    role_feedback = models.TextField(_("the mentee's feedback on the roles"), blank=True)
    is_closing = models.BooleanField(_("closing conversation"), default=False)
    # Calendar
    uid = models.UUIDField(_("calendar id"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ("starts_at", "pk")
        indexes = [models.Index(fields=("mentorship", "status", "starts_at"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=MAX_MEETING_MINUTES),
                name="meeting_length_15_to_480",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship_id}: {self.starts_at:%Y-%m-%d %H:%M}"


class ActionItem(models.Model):
    """Homework: something one of the two will do before a later meeting."""

    mentorship = models.ForeignKey(
        "relationships.Mentorship",
        verbose_name=_("mentorship"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("agreed at meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    title = models.CharField(_("what"), max_length=300)
    owner = models.CharField(_("who"), max_length=10, choices=Side.choices)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    checked_at = models.ForeignKey(
        Meeting,
        verbose_name=_("followed up at meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checked_action_items",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("homework")
        verbose_name_plural = _("homework")
        ordering = ("done_at", "due_on", "pk")

    def __str__(self) -> str:
        return self.title


class Note(models.Model):
    """A journal entry (Markdown, rendered sanitised), private to its author
    or shared with the pair; free-standing or about a meeting."""

    mentorship = models.ForeignKey(
        "relationships.Mentorship",
        verbose_name=_("mentorship"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="mentoring_notes",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes",
    )
    visibility = models.CharField(
        _("who can read it"),
        max_length=10,
        choices=NoteVisibility.choices,
        default=NoteVisibility.PRIVATE,
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=("mentorship", "visibility"))]

    def __str__(self) -> str:
        return f"note {self.pk}"


class Goal(models.Model):
    """One of the mentee's goals for the mentorship (from the application and
    the agreement), with progress updates over time."""

    mentorship = models.ForeignKey(
        "relationships.Mentorship",
        verbose_name=_("mentorship"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    text = models.CharField(_("goal"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    achieved_at = models.DateTimeField(_("achieved"), null=True, blank=True)
    # The application's or the agreement's goal this one was created from, so
    # that ``services.goals.goals_sync`` never imports it again once renamed.
    imported_from = models.CharField(_("imported from"), max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ("position", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="goal_progress_0_100"),
        ]

    def __str__(self) -> str:
        return self.text


class GoalUpdate(models.Model):
    """A progress update on a goal, visible to the pair."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("goal update")
        verbose_name_plural = _("goal updates")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.progress}%"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's private calendar feed: the secret token in its URL can be reset."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"feed {self.user_id}"


class Reminder(models.Model):
    """A scheduled reminder or nudge: a row with a unique key, so planning
    again never duplicates it. The worker turns due rows into outbox mail
    (whose key is the reminder's key) and marks them sent."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    due_at = models.DateTimeField(_("due"), db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    mentorship = models.ForeignKey(
        "relationships.Mentorship",
        verbose_name=_("mentorship"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [models.Index(fields=("sent_at", "cancelled_at", "due_at"))]

    def __str__(self) -> str:
        return self.key
