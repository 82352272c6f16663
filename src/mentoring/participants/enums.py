from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")


class ChangeSituation(models.TextChoices):
    """The mentee's change process (forandringsproces), from the flyer."""

    # From outside
    MERGER = "merger", _("Merger")
    REORGANISATION = "reorganisation", _("Organisational change")
    NEW_TASKS = "new_tasks", _("New tasks")
    NEW_TASK_GIVERS = "new_task_givers", _("New people setting the tasks")
    NEW_JOB = "new_job", _("New job")
    # From inside
    WISH_FOR_CHANGE = "wish_for_change", _("A wish for change")
    FOCUS_DIFFERENTLY = "focus_differently", _("Focus differently in everyday work")
    USE_COMPETENCES = "use_competences", _("Use my competences differently")
    DEVELOP_NEW_SIDES = "develop_new_sides", _("Develop new sides of myself")
    STEP_UP = "step_up", _("Step up")

    @classmethod
    def external(cls) -> set[str]:
        return {
            cls.MERGER,
            cls.REORGANISATION,
            cls.NEW_TASKS,
            cls.NEW_TASK_GIVERS,
            cls.NEW_JOB,
        }


class ApplicationStatus(models.TextChoices):
    """An application's life: the applicant drafts and submits; only the
    coordinator decides (``participants.services.application_decide``)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Wait-listed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Region(models.TextChoices):
    HOVEDSTADEN = "hovedstaden", _("Capital Region of Denmark")
    SJAELLAND = "sjaelland", _("Region Zealand")
    SYDDANMARK = "syddanmark", _("Region of Southern Denmark")
    MIDTJYLLAND = "midtjylland", _("Central Denmark Region")
    NORDJYLLAND = "nordjylland", _("North Denmark Region")
    ABROAD = "abroad", _("Outside Denmark")


class Language(models.TextChoices):
    """Languages a participant can hold mentoring conversations in."""

    DANISH = "da", _("Danish")
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    SWEDISH = "sv", _("Swedish")
    NORWEGIAN = "no", _("Norwegian")


class InvitationStatus(models.TextChoices):
    """An invitation to join a programme, sent by the participant import."""

    PENDING = "pending", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
