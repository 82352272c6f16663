from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.participants.enums import ChangeSituation, Role


class Participation(models.Model):
    """A person taking part in a programme as mentee or mentor.

    The foundation holds the profile facts the demo needs; the applications
    issue adds the application, screening and states.
    """

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    organisation = models.CharField(_("organisation"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200)
    industry = models.CharField(_("industry"), max_length=100)
    region = models.CharField(_("region"), max_length=100)
    years_of_experience = models.PositiveSmallIntegerField(_("years of experience"))
    change_situation = models.CharField(
        _("change situation"), max_length=30, choices=ChangeSituation.choices, blank=True
    )
    change_description = models.TextField(_("about the change"), blank=True)
    goals = models.JSONField(_("goals"), default=list, blank=True)
    expertise = models.TextField(_("experience and expertise"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("mentee capacity"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ("programme", "role", "user__full_name")
        constraints = [
            models.UniqueConstraint(
                fields=("programme", "user", "role"), name="participation_unique_role"
            ),
            models.CheckConstraint(
                condition=models.Q(role="mentee", capacity__isnull=True)
                | models.Q(role="mentor", capacity__gte=1, capacity__lte=3),
                name="participation_capacity_for_mentors_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.programme})"
