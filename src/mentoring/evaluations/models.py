"""Surveys of a programme: the midway check-in, the final evaluation and the
follow-up. Questions live in data (``Question`` rows per programme and
survey, copied from ``defaults.py`` when the programme is set up), so a
coordinator can adjust them while the questionnaire is a draft.

A ``Response`` is one person's answers to one survey about one mentorship:
created when the invitation goes out, ``submitted_at`` set on the first
submission, editable until the questionnaire closes. ``Answer`` holds one
value per question (per goal for goal questions).

Semantics for readers of these tables (the reports and privacy apps):

- Questionnaires are created by ``defaults.questionnaires_ensure`` (three per
  programme); ``state`` draft → open → closed (``services.questionnaires``).
- A ``Response`` exists once the person is invited (``services.invitations``);
  ``submitted_at`` is null until the first submission. Answer rows exist only
  for submitted responses, written by ``services.response_submit`` (the one
  write path), which replaces them on each edit and raises ``revision``.
  ``closes_at`` is the respondent's deadline (invitation + ``answer_days``);
  nobody can answer after it or after the questionnaire is closed.
- An unanswered optional question has no Answer row. Numbers: scale_5 and
  goals 1–5, scale_10 0–10, yes_no 1 (yes) / 0 (no); ``roles`` is a list of
  ``MentorRole`` codes; ``Answer.kind`` copies the question's kind (the
  database checks the number's range by it). Goal questions have one row per
  ``meetings.Goal`` (``Answer.goal``), other rows have ``goal`` null.
- Aggregate by ``Question.code`` (``enums.QuestionCode``) and, for
  ``benefit``, ``Question.benefit_area``; ``Response.side`` tells mentee
  from mentor.

Privacy: answers are confidential. Coordinators see aggregates of a
programme with at least ``Programme.min_respondents`` respondents, and an
individual answer only where ``Response.share_individually`` is true (the
respondent's consent on the form, off by default).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentoring.evaluations.enums import (
    Audience,
    QuestionKind,
    QuestionnaireState,
    SurveyKind,
)
from mentoring.programmes.enums import BenefitArea
from mentoring.relationships.enums import Side


class Questionnaire(models.Model):
    """One survey of a programme (one per kind)."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="questionnaires",
    )
    kind = models.CharField(_("survey"), max_length=10, choices=SurveyKind.choices)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=QuestionnaireState.choices,
        default=QuestionnaireState.DRAFT,
    )
    #: Days a respondent has to answer after the invitation; answers can be
    #: edited until then (and never after the questionnaire is closed).
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=21,
        validators=[MinValueValidator(3), MaxValueValidator(120)],
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="questionnaire_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.get_kind_display()}"


class Question(models.Model):
    """One question of a questionnaire, in Danish and English. ``code`` is a
    stable key for aggregation across programmes (e.g. ``benefit``,
    ``satisfaction``, ``goals``); a benefit question names its area."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(_("key"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    audience = models.CharField(
        _("for"), max_length=10, choices=Audience.choices, default=Audience.BOTH
    )
    benefit_area = models.CharField(
        _("benefit area"), max_length=20, choices=BenefitArea.choices, blank=True
    )
    text_da = models.CharField(_("question (Danish)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300)
    help_da = models.CharField(_("help (Danish)"), max_length=300, blank=True)
    help_en = models.CharField(_("help (English)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ("questionnaire", "position")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "position"], name="question_unique_position"
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "code", "benefit_area"], name="question_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_en if translation.get_language() == "en" else self.text_da

    @property
    def help(self) -> str:
        return self.help_en if translation.get_language() == "en" else self.help_da

    def is_for(self, side: str) -> bool:
        return self.audience == Audience.BOTH or self.audience == side


class Response(models.Model):
    """One person's answers to one survey about one mentorship."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    mentorship = models.ForeignKey(
        "relationships.Mentorship",
        # The flyer's word, "mentorskab", in every text of the evaluations.
        verbose_name=pgettext_lazy("evaluations", "mentorship"),
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    respondent = models.ForeignKey(
        "participants.Participation",
        verbose_name=_("respondent"),
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    closes_at = models.DateTimeField(_("answers until"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    #: The respondent's consent that coordinators may read these answers
    #: individually (off by default; revocable until the survey closes).
    share_individually = models.BooleanField(
        _("the coordinator may read my answers individually"), default=False
    )
    #: Optimistic concurrency: raised on each save of the answers.
    revision = models.PositiveIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "mentorship", "side"], name="response_one_per_side"
            )
        ]
        indexes = [models.Index(fields=["questionnaire", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.questionnaire} – {self.get_side_display()}"


class Answer(models.Model):
    """One answer: a number (scales, yes/no as 1/0), a text, or a list of
    roles; goal questions have one answer per goal."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    goal = models.ForeignKey(
        "meetings.Goal",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_answers",
    )
    number = models.SmallIntegerField(
        pgettext_lazy("an answer given as a number", "number"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    text = models.TextField(_("text"), blank=True)
    roles = models.JSONField(_("roles"), default=list, blank=True)
    #: The question's kind when answered (``QuestionKind``; blank for rows
    #: written without it): lets the database check the number's scale.
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(goal__isnull=True),
                name="answer_one_per_question",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "goal"],
                condition=Q(goal__isnull=False),
                name="answer_one_per_goal",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=0, number__lte=10),
                name="answer_number_in_range",
            ),
            # The number within the question's own scale (issue 7, "answers
            # outside the scale"): 1-5, 0-10, yes/no as 1/0.
            models.CheckConstraint(
                condition=~Q(kind__in=[QuestionKind.SCALE_5, QuestionKind.GOALS])
                | Q(number__isnull=True)
                | Q(number__gte=1, number__lte=5),
                name="answer_scale_5_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind=QuestionKind.YES_NO)
                | Q(number__isnull=True)
                | Q(number__in=[0, 1]),
                name="answer_yes_no_is_0_or_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.number if self.number is not None else self.text[:30]}"
