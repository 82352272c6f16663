"""Models of the reports app. The results themselves are computed on demand
from the other apps' rows (``metrics.py``, ``dashboard/``); the only rows of
its own are the background report jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentoring.programmes.models import Programme
from mentoring.reports.enums import ReportJobError, ReportJobStatus, ReportKind, ReportStep


class ReportJob(models.Model):
    """A report made by the worker for the coordinator who asked for it
    (``jobs.report_job_create``, ``jobs.report_job_run``). The file lives in
    the default storage (``STORAGES["default"]``), never in the database; the
    row holds its name and size. The job, and its file, are deleted after
    ``expires_at`` by the worker's periodic tick (``jobs.report_jobs_expire``)
    and whenever the row is deleted (erasure, retention: ``receivers.py``).
    Written by ``jobs.py`` only."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="report_jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_jobs"
    )
    kind = models.CharField(max_length=20, choices=ReportKind, default=ReportKind.PROGRAMME_PDF)
    language = models.CharField(max_length=8)
    status = models.CharField(
        max_length=10, choices=ReportJobStatus, default=ReportJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=10, choices=ReportStep, default=ReportStep.WAITING)
    error = models.CharField(max_length=10, choices=ReportJobError, blank=True)
    file = models.FileField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    #: The attempt of its task that renders it: 1, or more when the worker of
    #: an earlier attempt was killed and the task was taken up again.
    attempt = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    progressed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        indexes = [
            models.Index(
                fields=["programme", "requested_by", "kind", "language", "-created_at"],
                name="reports_job_reuse_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="reports_job_progress_max_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def restarted(self) -> bool:
        """Being made again after the worker of an earlier attempt stopped."""
        return self.attempt > 1

    @property
    def unfinished(self) -> bool:
        return self.status in (ReportJobStatus.QUEUED, ReportJobStatus.RUNNING)
