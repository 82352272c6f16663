"""Webhook endpoints of a programme and the deliveries of events to them.

An ``Endpoint`` is an address a coordinator registered for some event types
of one programme, with its signing secret (encrypted: signing needs it in
clear, see ``crypto.py``). A ``Delivery`` is one event for one endpoint: its
``event_id`` is the ``webhook-id`` the receiver deduplicates on and stays the
same across retries and manual redelivery; its ``body`` is stored exactly as
sent (ids and the event type only, never personal data). Every attempt is a
``DeliveryAttempt`` row: when, the response code, how long, a short error.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.programmes.models import Programme
from mentoring.webhooks.enums import DeliveryStatus, DisabledReason

URL_MAX_LENGTH = 500


class Endpoint(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("address"), max_length=URL_MAX_LENGTH)
    description = models.CharField(_("description"), max_length=200, blank=True)
    #: ``EventType`` values the endpoint receives.
    events = models.JSONField(default=list)
    enabled = models.BooleanField(_("enabled"), default=True)
    disabled_reason = models.CharField(
        max_length=20, choices=DisabledReason.choices, blank=True, default=""
    )
    disabled_at = models.DateTimeField(null=True, blank=True)
    #: The signing secret (``whsec_...``), Fernet-encrypted (``crypto.py``).
    secret_encrypted = models.TextField()
    #: Failed attempts in a row (reset by a successful delivery).
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event_type = models.CharField(max_length=50)
    #: The JSON body, exactly as sent on every attempt.
    body = models.TextField()
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    #: Attempts in the current round (manual redelivery starts a new round).
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-pk",)
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event_type} {self.webhook_id}"

    @property
    def webhook_id(self) -> str:
        """The ``webhook-id`` header: the same on every attempt."""
        return f"msg_{self.event_id.hex}"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    #: The receiver's HTTP status, or None when no answer came.
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    #: A short technical reason (never the response body).
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ("-pk",)

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}: {self.status_code or self.error}"
