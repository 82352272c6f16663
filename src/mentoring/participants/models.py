from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.participants.enums import (
    ApplicationStatus,
    ChangeSituation,
    InvitationStatus,
    Region,
    Role,
)
from mentoring.programmes.enums import MeetingFormat


class Participation(models.Model):
    """A person's application to, and then participation in, a programme as
    mentee or mentor. One row per programme, person and role.

    Writes go through ``participants.services``; the readiness fields are
    derived there from the flyer's prerequisites (``participants.readiness``).
    Per-role and per-area answers are JSON objects keyed by the codes in
    ``programmes.enums.MentorRole`` and ``BenefitArea`` with values 0-3
    (0 = not important / not comfortable, 3 = very).
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
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    # Both roles
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    meeting_format = models.CharField(
        _("meeting format"), max_length=10, choices=MeetingFormat.choices, blank=True
    )
    availability = models.TextField(_("availability"), blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    commits_to_meetings = models.BooleanField(_("commits time to the meetings"), default=False)
    note_to_coordinator = models.TextField(_("anything the coordinator should know"), blank=True)

    # Mentee
    change_situation = models.CharField(
        _("change situation"), max_length=30, choices=ChangeSituation.choices, blank=True
    )
    change_description = models.TextField(_("about the change"), blank=True)
    goals = models.JSONField(_("goals"), default=list, blank=True)
    benefit_wishes = models.JSONField(_("benefits hoped for"), default=dict, blank=True)
    role_wishes = models.JSONField(_("roles hoped for"), default=dict, blank=True)
    commits_to_homework = models.BooleanField(
        _("commits time to homework between meetings"), default=False
    )

    # Mentor
    expertise = models.TextField(_("experience and expertise"), blank=True)
    expertise_tags = models.JSONField(_("expertise areas"), default=list, blank=True)
    industries = models.JSONField(_("industries"), default=list, blank=True)
    change_situations_lived = models.JSONField(
        _("change situations lived through"), default=list, blank=True
    )
    role_comfort = models.JSONField(_("roles comfortable with"), default=dict, blank=True)
    capacity = models.PositiveSmallIntegerField(_("mentee capacity"), null=True, blank=True)
    commits_to_presence = models.BooleanField(
        _("commits presence and concentration"), default=False
    )

    # Optional consent (privacy by design: separate, off by default, revocable
    # on the person's privacy page, ``privacy.services.consent_set``).
    consent_contact_after = models.BooleanField(
        _("the association may contact me after the programme"), default=False
    )

    # Readiness screening, derived by the services from the rules in readiness.py
    is_ready = models.BooleanField(_("ready"), default=False, db_index=True)
    readiness_issues = models.CharField(
        _("readiness flags"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated codes of the prerequisites that are not met."),
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ("programme", "role", "user__full_name")
        constraints = [
            models.UniqueConstraint(
                fields=("programme", "user", "role"), name="participation_unique_role"
            ),
            models.CheckConstraint(
                condition=(Q(role="mentee") & Q(capacity__isnull=True))
                | (
                    Q(role="mentor")
                    & (Q(capacity__isnull=True) | Q(capacity__gte=1, capacity__lte=3))
                ),
                name="participation_capacity_for_mentors_1_to_3",
            ),
        ]
        indexes = [
            models.Index(fields=("programme", "role", "status")),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.programme})"

    @property
    def readiness_issue_codes(self) -> list[str]:
        return [code for code in self.readiness_issues.split(",") if code]


class Invitation(models.Model):
    """An invitation to join a programme, made by the participant import.

    The import never enrols anyone by itself: every row that would add a
    person to the programme becomes an invitation, whether the e-mail address
    belongs to an account or not, so the coordinator cannot tell the two apart.
    The person accepts (or declines) through the link in the invitation mail;
    someone without a password chooses one there, which also verifies the
    address. Until then the coordinator sees only what the file said
    (``email``, ``full_name``, ``role``), never the account's stored data.
    ``answers`` holds the row's participation fields (JSON), written to the
    participation on acceptance. Writes: ``participants.invitations``.
    """

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    email = models.EmailField(_("e-mail address in the file"))
    full_name = models.CharField(_("name in the file"), max_length=200, blank=True)
    answers = models.JSONField(_("answers from the file"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("programme", "role", "email")
        constraints = [
            models.UniqueConstraint(
                fields=("programme", "user", "role"),
                condition=Q(status="pending"),
                name="invitation_one_pending_per_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()}, {self.programme})"


class PendingImport(models.Model):
    """A checked import file waiting for the coordinator's confirmation.

    In the database, not in a process's memory, so the preview and the
    confirmation may land on different web processes or machines. Only its
    owner can open it (the view checks the owner and the programme, the URL
    holds a random token of which only the hash is stored); it expires after
    an hour and the worker's periodic tick deletes expired rows. ``packed`` is
    the table compressed (``io.reading.encode_table``). Writes:
    ``participants.io.pending``.
    """

    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=120, blank=True)
    packed = models.TextField(_("file contents (compressed)"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.programme_id})"
