"""Erasure requests and the retention job's bookkeeping."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentoring.privacy.enums import ErasureStatus


class ErasureRequest(models.Model):
    """A person's request to have their personal data erased (Art. 17).

    Confirmed by a coordinator of a running programme the person is in, or by
    the person where none is running. After the erasure the row stays (it
    points to the anonymised account) as proof that the request was honoured.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="erasure_requests",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ErasureStatus.choices, default=ErasureStatus.PENDING
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    done_at = models.DateTimeField(_("erased"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    #: A coordinator may decline a request where the law allows it (e.g. data
    #: needed for a running programme); the person is told why.
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    declined_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ("requested_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("user",),
                condition=Q(status="pending"),
                name="erasure_request_one_pending_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"erasure request {self.pk}"


class ProgrammeRetention(models.Model):
    """When the retention job warned the coordinators of a programme and when
    it anonymised the programme's participants."""

    programme = models.OneToOneField(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="retention",
    )
    warned_at = models.DateTimeField(_("coordinators warned"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("retention of a programme")
        verbose_name_plural = _("retention of programmes")

    def __str__(self) -> str:
        return f"retention {self.programme_id}"
