from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mentoring.relationships.enums import (
    CLOSED_STATUSES,
    MAX_MENTOR_SLOTS,
    MeetingLead,
    MentorshipStatus,
    Side,
    TrialAnswer,
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

    # Establishment phase (issue 5). The roles the pair agreed on after the
    # roles exercise (MentorRole codes), and when.
    agreed_roles = models.JSONField(_("agreed roles"), default=list, blank=True)
    roles_agreed_at = models.DateTimeField(_("roles agreed"), null=True, blank=True)
    # The first meeting, marked held by either side; it opens the trial gate.
    first_meeting_held_on = models.DateField(_("first meeting held on"), null=True, blank=True)
    # Both sides answered "good fit" at the trial gate.
    trial_passed_at = models.DateTimeField(_("trial passed"), null=True, blank=True)
    # When and by whom the relationship ended: early at the trial gate ("not a
    # good fit", without blame; status ENDED_EARLY) or completed after the
    # closing conversation (status COMPLETED).
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.CharField(_("ended by"), max_length=10, choices=Side.choices, blank=True)

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


class RolesExerciseAnswer(models.Model):
    """One side's answers to the "Mentor's Many Roles" exercise: for each of
    the ten roles (``programmes.enums.MentorRole`` codes) a rating 0-3 (the
    mentee: how much they want it; the mentor: how comfortable they are with
    it) and an optional comment. Created once, on submission; neither side
    sees the other's answers until both exist."""

    mentorship = models.ForeignKey(
        Mentorship,
        verbose_name=_("mentorship"),
        on_delete=models.CASCADE,
        related_name="roles_answers",
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    ratings = models.JSONField(_("ratings"), default=dict)
    comments = models.JSONField(_("comments"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("roles exercise answer")
        verbose_name_plural = _("roles exercise answers")
        constraints = [
            models.UniqueConstraint(
                fields=("mentorship", "side"), name="roles_answer_one_per_side"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship_id}/{self.side}"


class AgreementVersion(models.Model):
    """One version of a pair's collaboration agreement (samarbejdsaftale).

    Versions are numbered 1, 2, ... per mentorship. The newest version is the
    working one: while it is not accepted by both, either side may edit it in
    place (each edit raises ``revision`` and clears any acceptance, so an
    acceptance is always of exactly the text the person saw). Once both have
    accepted it, it is frozen; a later change creates version n+1, which both
    must accept again. Earlier versions stay readable.
    """

    mentorship = models.ForeignKey(
        Mentorship,
        verbose_name=_("mentorship"),
        on_delete=models.CASCADE,
        related_name="agreement_versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    # Optimistic concurrency: a form carries the revision it was opened at.
    revision = models.PositiveIntegerField(_("revision"), default=1)

    # Frame
    meetings_planned = models.PositiveSmallIntegerField(_("number of meetings"))
    meeting_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    midway_review_on = models.DateField(_("midway review"), null=True, blank=True)
    # Where to meet
    alternate_hosts = models.BooleanField(_("we take turns hosting"), default=True)
    virtual_share = models.PositiveSmallIntegerField(
        _("share of virtual meetings (%)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    places = models.TextField(_("places to meet"), blank=True)
    # Content
    agreed_roles = models.JSONField(_("agreed roles"), default=list, blank=True)
    goals = models.JSONField(_("the mentee's goals"), default=list, blank=True)
    # Confidentiality
    confidentiality = models.TextField(_("confidentiality"), blank=True)
    employer_duty_topics = models.TextField(
        _("topics where the mentor's duty to their employer may be at stake"), blank=True
    )
    off_limits_topics = models.TextField(_("topics off limits"), blank=True)
    # Working together
    meeting_lead = models.CharField(
        _("who steers the meetings"),
        max_length=10,
        choices=MeetingLead.choices,
        default=MeetingLead.MENTEE,
    )
    homework = models.TextField(_("homework between meetings"), blank=True)
    contact_between_meetings = models.TextField(_("contact between meetings"), blank=True)
    moving_or_cancelling = models.TextField(_("moving or cancelling a meeting"), blank=True)
    withdrawal_right = models.BooleanField(
        _("either of us may withdraw after the first meeting"), default=True
    )
    ending = models.TextField(_("how we end and evaluate"), blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mentee_accepted_at = models.DateTimeField(_("accepted by the mentee"), null=True, blank=True)
    mentor_accepted_at = models.DateTimeField(_("accepted by the mentor"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted by both"), null=True, blank=True)
    # What each side last accepted of this version while it is a draft
    # ({"mentee": {field: value}, ...}): an edit clears the acceptance but
    # keeps this, so the page can show what changed since. Emptied once both
    # accepted (the version is then what both accepted).
    accepted_content = models.JSONField(
        _("what each side last accepted"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ("mentorship", "number")
        constraints = [
            models.UniqueConstraint(
                fields=("mentorship", "number"), name="agreement_version_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="agreement_period_order"
            ),
            models.CheckConstraint(
                condition=Q(meetings_planned__gte=1), name="agreement_at_least_one_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship_id} v{self.number}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class TrialResponse(models.Model):
    """One side's answer at the trial gate after the first meeting. "Still
    deciding" may be changed later; "good fit" from both passes the gate;
    "not a good fit" from either ends the mentorship early."""

    mentorship = models.ForeignKey(
        Mentorship,
        verbose_name=_("mentorship"),
        on_delete=models.CASCADE,
        related_name="trial_responses",
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    answer = models.CharField(_("answer"), max_length=12, choices=TrialAnswer.choices)
    answered_at = models.DateTimeField(_("answered"))
    # The optional private word to the coordinators when ending ("not a good
    # fit"): the writer's own data (in their export, gone with their erasure).
    comment = models.TextField(_("comment to the coordinators"), blank=True)

    class Meta:
        verbose_name = _("trial answer")
        verbose_name_plural = _("trial answers")
        constraints = [
            models.UniqueConstraint(fields=("mentorship", "side"), name="trial_one_per_side"),
        ]

    def __str__(self) -> str:
        return f"{self.mentorship_id}/{self.side}: {self.answer}"
