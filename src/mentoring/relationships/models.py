from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.relationships.enums import (
    CLOSED_STATUSES,
    MAX_MENTOR_SLOTS,
    MentorshipStatus,
    Side,
)


class Mentorship(models.Model):
    """A mentoring relationship between a mentee and a mentor of one programme
    (mentorskab), from the proposed match on.

    Capacity invariant: a mentor's active mentorships never exceed their
    capacity. Each active mentorship holds one of the mentor's numbered
    places (``mentor_slot``, 1-3); the database refuses two active
    mentorships on the same place, and ``services.mentorship_propose`` hands
    out only places up to the mentor's capacity while holding a lock on the
    mentor's participation. A mentee has at most one active mentorship per
    programme (also a database constraint). Writes go through ``services``.
    """

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="mentorships",
    )
    mentee = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="mentorships_as_mentee",
    )
    mentor = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="mentorships_as_mentor",
    )
    run = models.ForeignKey(
        "matching.MatchingRun",
        verbose_name=_("matching run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentorships",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MentorshipStatus.choices,
        default=MentorshipStatus.PROPOSED,
        db_index=True,
    )
    mentor_slot = models.PositiveSmallIntegerField(_("mentor's place"))
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mentee_accepted_at = models.DateTimeField(_("accepted by the mentee"), null=True, blank=True)
    mentor_accepted_at = models.DateTimeField(_("accepted by the mentor"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted by both"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    declined_by = models.CharField(
        _("declined by"), max_length=10, choices=Side.choices, blank=True
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=Q(mentor_slot__gte=1, mentor_slot__lte=MAX_MENTOR_SLOTS),
                name="mentorship_slot_1_to_3",
            ),
            models.UniqueConstraint(
                fields=("mentor", "mentor_slot"),
                condition=~Q(status__in=CLOSED_STATUSES),
                name="mentorship_one_active_per_mentor_slot",
            ),
            models.UniqueConstraint(
                fields=("programme", "mentee"),
                condition=~Q(status__in=CLOSED_STATUSES),
                name="mentorship_one_active_per_mentee",
            ),
            models.CheckConstraint(
                condition=~Q(status=MentorshipStatus.DECLINED)
                | (~Q(declined_by="") & ~Q(decline_reason="")),
                name="mentorship_declined_has_side_and_reason",
            ),
        ]
        indexes = [models.Index(fields=("programme", "status"))]

    def __str__(self) -> str:
        return f"{self.mentee.user} – {self.mentor.user}"

    @property
    def is_active(self) -> bool:
        return self.status not in CLOSED_STATUSES
