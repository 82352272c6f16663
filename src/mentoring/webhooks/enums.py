"""Event types and delivery states of the webhooks app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    """What an endpoint can subscribe to. The value is the payload's ``type``."""

    PARTICIPANT_ACCEPTED = "participant.accepted", _("A participant was accepted")
    MATCH_PUBLISHED = "match.published", _("Matches were published")
    MENTORSHIP_ACCEPTED = "mentorship.accepted", _("A mentorship was accepted by both")
    MENTORSHIP_ENDED = "mentorship.ended", _("A mentorship ended")
    MEETING_HELD = "meeting.held", _("A meeting was held")
    EVALUATION_CLOSED = "evaluation.closed", _("An evaluation was closed")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class DisabledReason(models.TextChoices):
    NONE = "", _("Not disabled")
    BY_COORDINATOR = "coordinator", _("Switched off by a coordinator")
    GONE = "gone", _("The receiver answered 410 Gone")
    FAILURES = "failures", _("Deliveries failed for about a day")
