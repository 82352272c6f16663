"""Choices of the evaluations app: the three surveys, the kinds of question,
who a question is for, a questionnaire's state."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Longest free-text answer.
MAX_TEXT_ANSWER = 4000


class SurveyKind(models.TextChoices):
    MIDWAY = "midway", _("Midway check-in")
    FINAL = "final", _("Final evaluation")
    FOLLOW_UP = "follow_up", _("Follow-up")


class QuestionKind(models.TextChoices):
    """How a question is answered. ``GOALS`` expands to one 1–5 rating per goal
    of the mentee (``Answer.goal``)."""

    SCALE_5 = "scale_5", _("Scale 1–5")
    SCALE_10 = "scale_10", _("Scale 0–10")
    TEXT = "text", _("Free text")
    YES_NO = "yes_no", _("Yes or no")
    ROLES = "roles", _("Roles used (several of the ten)")
    GOALS = "goals", _("Goal attainment per goal (1–5)")


class Audience(models.TextChoices):
    BOTH = "both", _("Both")
    MENTEE = "mentee", _("The mentee")
    MENTOR = "mentor", _("The mentor")


class QuestionnaireState(models.TextChoices):
    """Draft: the coordinator may still change the questions. Open: invitations
    go out and answers come in; questions are frozen. Closed: no more answers."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuestionCode(models.TextChoices):
    """Stable keys of the default questions (``defaults.py``); the dashboard
    and the report aggregate by these. A coordinator may reword a question or
    add new ones (any other code); these keys keep their meaning."""

    # Midway and final
    COLLABORATION = "collaboration", _("How the collaboration works (1–5)")
    GOALS = "goals", _("Progress on or attainment of each goal (1–5)")
    BENEFIT = "benefit", _("Benefit in one of the six areas (1–5)")
    TO_COORDINATOR = "to_coordinator", _("Anything the coordinator should know")
    # Final: the process
    MEETING_FREQUENCY = "meeting_frequency", _("Meeting frequency suited us (1–5)")
    PREPARATION = "preparation", _("Preparation of the meetings (1–5)")
    HOMEWORK = "homework", _("Homework helped (1–5)")
    ROLES_USED = "roles_used", _("Roles the mentor used")
    SATISFACTION = "satisfaction", _("Overall satisfaction (0–10)")
    ADVICE = "advice", _("What would you tell the next participant?")
    OWN_LEARNING = "own_learning", _("The mentor's own learning")
    # Follow-up
    LASTING_EFFECT = "lasting_effect", _("Lasting effect (1–5)")
    CAREER_CHANGE = "career_change", _("Career change since the end (yes/no)")
    CAREER_CHANGE_TEXT = "career_change_text", _("About the career change")
