"""Choices of the programmes app, and the method's fixed vocabularies (the ten
roles of "Mentor's Many Roles", the six benefit areas) that every later app uses."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """The KMP+ phases of a programme, in order."""

    DECISION = "decision", _("Decision")
    PREPARATION = "preparation", _("Preparation")
    ESTABLISHING = "establishing", _("Establishing the relationships")
    LEARNING = "learning", _("Learning and developing")
    ENDING = "ending", _("Ending")


PHASE_ORDER: list[str] = [phase.value for phase in Phase]


class ProgrammeKind(models.TextChoices):
    OPEN = "open", _("Open across organisations")
    INTERNAL = "internal", _("Internal to one organisation")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    MIXED = "mixed", _("Mixed")


class MentorRole(models.TextChoices):
    """Mentor's Many Roles (Mentors Mange Roller)."""

    FRIEND = "friend", _("Friend")
    COACH = "coach", _("Coach")
    STORYTELLER = "storyteller", _("Storyteller")
    KNOWLEDGE_SHARER = "knowledge_sharer", _("Knowledge sharer")
    NETWORKER = "networker", _("Networker")
    DOOR_OPENER = "door_opener", _("Door opener")
    ADVISOR = "advisor", _("Advisor")
    CRITIC = "critic", _("Critic")
    SPARRING_PARTNER = "sparring_partner", _("Sparring partner")
    SPONSOR = "sponsor", _("Sponsor")


class BenefitArea(models.TextChoices):
    """The six benefit areas (udbytte af mentoring)."""

    PERSONAL = "personal", _("Personal development")
    PROFESSIONAL = "professional", _("Professional development")
    NETWORK = "network", _("Network")
    KNOWLEDGE_SHARING = "knowledge_sharing", _("Knowledge sharing")
    CULTURE = "culture", _("Cultural understanding and impact")
    CAREER = "career", _("Career development")
