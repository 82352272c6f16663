from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mentoring.matching.enums import (
    DecisionKind,
    DecisionOrigin,
    DeclinedNotice,
    RunStatus,
    UnmatchedReason,
)

#: The programme's minimum score unless the coordinator sets another.
DEFAULT_MIN_SCORE = 0.2
#: How many mentors a mentee's shortlist shows (participants' input), and its bounds.
DEFAULT_SHORTLIST_SIZE = 6
SHORTLIST_MIN, SHORTLIST_MAX = 3, 10
#: How many mentors a mentee may rank (1st, 2nd, 3rd choice).
MAX_RANKED = 3


class MatchingSettings(models.Model):
    """A programme's matching parameters. ``weights`` holds only the weights
    the coordinator changed (criterion code -> weight); the others are the
    engine's defaults (``engine.scoring.DEFAULT_WEIGHTS``)."""

    programme = models.OneToOneField(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="matching_settings",
    )
    weights = models.JSONField(_("weights"), default=dict, blank=True)
    min_score = models.FloatField(
        _("minimum score"),
        default=DEFAULT_MIN_SCORE,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    #: Participants' input: each accepted mentee sees a shortlist of suitable
    #: mentors and ranks up to three; the ranks count as the criterion
    #: ``mentee_ranking``. Off: the page is closed and stored ranks are ignored.
    participant_ranking = models.BooleanField(_("mentees rank their mentors"), default=False)
    shortlist_size = models.PositiveSmallIntegerField(
        _("mentors on a mentee's shortlist"),
        default=DEFAULT_SHORTLIST_SIZE,
        validators=[MinValueValidator(SHORTLIST_MIN), MaxValueValidator(SHORTLIST_MAX)],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_score__gte=0.0, min_score__lte=1.0),
                name="matching_settings_min_score_0_to_1",
            ),
            models.CheckConstraint(
                condition=Q(shortlist_size__gte=SHORTLIST_MIN, shortlist_size__lte=SHORTLIST_MAX),
                name="matching_settings_shortlist_3_to_10",
            ),
        ]

    def __str__(self) -> str:
        return str(self.programme)


class MatchingRun(models.Model):
    """One run of the matching engine for a programme, with everything needed
    to understand and repeat it: the parameters, a fingerprint of the inputs
    (profiles, pins, vetoes, weights), the proposals and the unmatched mentees.
    Numbered per programme (1, 2, 3 ...). Written by ``services`` only."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="matching_runs",
    )
    number = models.PositiveIntegerField(_("number"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    weights = models.JSONField(_("weights"), default=dict)
    min_score = models.FloatField(_("minimum score"), default=DEFAULT_MIN_SCORE)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    fingerprint = models.CharField(_("fingerprint of the inputs"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress"), default=0, validators=[MaxValueValidator(100)]
    )
    #: When the run last moved on (claimed, or a step done): a run that stays
    #: unfinished long after this was left by a stopped worker (see
    #: ``services.matching_runs_fail_stale``).
    progressed_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    #: The background task's result id (runs executed by the worker).
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    background = models.BooleanField(_("run by the background worker"), default=False)
    n_mentees = models.PositiveIntegerField(_("mentees"), default=0)
    n_mentors = models.PositiveIntegerField(_("mentors"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    total_score = models.FloatField(_("total score"), default=0.0)
    optimal = models.BooleanField(_("proven optimal"), default=False)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ("programme", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=("programme", "number"), name="matching_run_number_per_programme"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="matching_run_progress_0_to_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} #{self.number}"

    @property
    def unfinished(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def average_score(self) -> float | None:
        return self.total_score / self.matched if self.matched else None


class Proposal(models.Model):
    """A pair the engine proposes in a run. ``contributions`` holds, per
    criterion, ``{criterion, value, weight, points, facts}`` (the facts are
    codes and words the explanation sentences are built from, in the reader's
    language); ``alternatives`` the next best allowed mentors
    ``[{mentor: participation id, score}]``, best first."""

    run = models.ForeignKey(
        MatchingRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="proposals"
    )
    mentee = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    mentor = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = models.FloatField(_("score"))
    pinned = models.BooleanField(_("pinned"), default=False)
    contributions = models.JSONField(_("contributions"), default=list, blank=True)
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ("run", "-score", "id")
        constraints = [
            models.UniqueConstraint(fields=("run", "mentee"), name="proposal_one_per_mentee"),
        ]

    def __str__(self) -> str:
        return f"#{self.run_id}: {self.mentee_id} – {self.mentor_id}"


class UnmatchedMentee(models.Model):
    """A mentee the run left without a mentor, and why (an engine code)."""

    run = models.ForeignKey(
        MatchingRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="unmatched"
    )
    mentee = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason_code = models.CharField(
        _("reason"), max_length=30, choices=UnmatchedReason.choices, blank=True
    )
    #: Counts behind the reason (engine.explain.unmatched_reason_facts):
    #: mentors, same_organisation, no_shared_language, excluded, vetoed,
    #: below_min_score, allowed, best_mentor, best_score.
    facts = models.JSONField(_("facts"), default=dict, blank=True)

    class Meta:
        verbose_name = _("unmatched mentee")
        verbose_name_plural = _("unmatched mentees")
        ordering = ("run", "id")
        constraints = [
            models.UniqueConstraint(fields=("run", "mentee"), name="unmatched_one_per_mentee"),
        ]

    def __str__(self) -> str:
        return f"#{self.run_id}: {self.mentee_id}"


class PairDecision(models.Model):
    """A coordinator's pin (always use this pair) or veto (never), or a veto
    made automatically when the mentee or the mentor declined the pair.
    At most one per programme and pair."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="pair_decisions",
    )
    mentee = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    mentor = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    origin = models.CharField(
        _("origin"),
        max_length=12,
        choices=DecisionOrigin.choices,
        default=DecisionOrigin.COORDINATOR,
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pair decision")
        verbose_name_plural = _("pair decisions")
        ordering = ("programme", "-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("programme", "mentee", "mentor"), name="pair_decision_one_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(mentee=F("mentor")), name="pair_decision_two_people"
            ),
            models.CheckConstraint(
                condition=Q(kind=DecisionKind.VETO) | Q(origin=DecisionOrigin.COORDINATOR),
                name="pair_decision_declined_is_veto",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentee_id} – {self.mentor_id}"


class MentorPreference(models.Model):
    """A mentee's own choice among the mentors on their shortlist: rank 1
    (1st choice) to 3. Mentors do not rank. Written by
    ``services.mentor_preferences_set`` only; counts in a run only while the
    programme's ``participant_ranking`` is on."""

    mentee = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="mentor_preferences",
    )
    mentor = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[MinValueValidator(1), MaxValueValidator(MAX_RANKED)]
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentor preference")
        verbose_name_plural = _("mentor preferences")
        ordering = ("mentee", "rank")
        constraints = [
            models.UniqueConstraint(
                fields=("mentee", "rank"), name="mentor_preference_one_per_rank"
            ),
            models.UniqueConstraint(
                fields=("mentee", "mentor"), name="mentor_preference_one_per_mentor"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1, rank__lte=MAX_RANKED), name="mentor_preference_rank_1_to_3"
            ),
            models.CheckConstraint(
                condition=~Q(mentee=F("mentor")), name="mentor_preference_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id}: {self.rank}. {self.mentor_id}"


class DeclineNotice(models.Model):
    """A coordinator's choice of how they hear, in one programme, that a
    proposed match was declined: at once (the default when there is no row)
    or a daily digest. ``digest_sent_until``: the digest covers declines
    after this moment. Written by ``services.decline_notice_set`` and
    ``services.decline_digests_send`` only."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="decline_notices",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    declined = models.CharField(
        _("when a proposal is declined"),
        max_length=10,
        choices=DeclinedNotice.choices,
        default=DeclinedNotice.AT_ONCE,
    )
    digest_sent_until = models.DateTimeField(_("digest sent until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notice of declined proposals")
        verbose_name_plural = _("notices of declined proposals")
        constraints = [
            models.UniqueConstraint(
                fields=("programme", "user"), name="decline_notice_one_per_coordinator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.user_id} ({self.declined})"
