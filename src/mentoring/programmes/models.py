from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mentoring.programmes.enums import Phase, ProgrammeKind


class Programme(models.Model):
    """A mentoring programme (mentorordning). A tenant: its coordinators see
    only their own programmes. It moves through the KMP+ phases only through
    ``programmes.services.programme_transition``."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name_da = models.CharField(_("name (Danish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_da = models.TextField(_("description (Danish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    kind = models.CharField(
        _("type"), max_length=10, choices=ProgrammeKind.choices, default=ProgrammeKind.OPEN
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("For an internal programme: the organisation it belongs to."),
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.DECISION
    )
    applications_open_at = models.DateTimeField(_("applications open"), null=True, blank=True)
    applications_close_at = models.DateTimeField(_("applications close"), null=True, blank=True)
    starts_on = models.DateField(_("programme starts"), null=True, blank=True)
    ends_on = models.DateField(_("programme ends"), null=True, blank=True)
    # The recommendation the programme follows (the flyer: at least 5-6 meetings
    # of 1.5-2 hours over 6-8 months).
    min_meetings = models.PositiveSmallIntegerField(
        _("minimum number of meetings"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    min_meeting_minutes = models.PositiveSmallIntegerField(
        _("minimum meeting length (minutes)"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    max_meeting_minutes = models.PositiveSmallIntegerField(
        _("maximum meeting length (minutes)"),
        default=120,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    min_months = models.PositiveSmallIntegerField(
        _("minimum duration (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    max_months = models.PositiveSmallIntegerField(
        _("maximum duration (months)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    # Follow-up: a pair with no meeting held or planned for longer than this
    # is flagged to the coordinators (and they get an alert).
    inactivity_days = models.PositiveSmallIntegerField(
        _("days without activity before a pair is flagged"),
        default=42,
        validators=[MinValueValidator(7), MaxValueValidator(180)],
    )
    # Results: the follow-up survey goes out this many days after a pair's end;
    # aggregates with fewer respondents are not shown to coordinators.
    follow_up_days = models.PositiveSmallIntegerField(
        _("days after the end before the follow-up survey"),
        default=90,
        validators=[MinValueValidator(30), MaxValueValidator(365)],
    )
    min_respondents = models.PositiveSmallIntegerField(
        _("fewest respondents behind a result"),
        default=3,
        validators=[MinValueValidator(3), MaxValueValidator(20)],
    )
    # Privacy: personal data of participants not in a later programme is
    # anonymised this many months after the programme's end.
    retention_months = models.PositiveSmallIntegerField(
        _("months personal data is kept after the end"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    default_mentor_capacity = models.PositiveSmallIntegerField(
        _("default mentor capacity"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("How many mentees a mentor takes unless they say otherwise (1-3)."),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        related_name="coordinated_programmes",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ("-created_at", "name_da")
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_close_at__isnull=True)
                | Q(applications_open_at__isnull=True)
                | Q(applications_close_at__gt=F("applications_open_at")),
                name="programme_application_window_order",
            ),
            models.CheckConstraint(
                condition=Q(min_respondents__gte=3),
                name="programme_min_respondents_at_least_3",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gt=F("starts_on")),
                name="programme_period_order",
            ),
            models.CheckConstraint(
                condition=Q(default_mentor_capacity__gte=1, default_mentor_capacity__lte=3),
                name="programme_default_capacity_1_to_3",
            ),
            models.CheckConstraint(
                condition=Q(max_meeting_minutes__gte=F("min_meeting_minutes"))
                & Q(max_months__gte=F("min_months")),
                name="programme_recommendation_ranges",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_min_respondents(self) -> int:
        """The fewest respondents behind any survey result of this programme:
        its own setting or the deployment's floor, whichever is higher. Every
        aggregate, page and export uses this, never ``min_respondents``."""
        from mentoring.programmes.validation import min_respondents_floor

        return max(min_respondents_floor(), self.min_respondents)

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_da

    @property
    def description(self) -> str:
        return self.description_en if translation.get_language() == "en" else self.description_da

    def applications_open(self, now: datetime | None = None) -> bool:
        """True while the application window is open (and the programme recruits)."""
        now = now or timezone.now()
        return bool(
            self.phase == Phase.PREPARATION
            and self.applications_open_at is not None
            and self.applications_close_at is not None
            and self.applications_open_at <= now < self.applications_close_at
        )
