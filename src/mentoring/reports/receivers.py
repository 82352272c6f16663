"""Receivers of the reports app; each is one line calling a service of ours."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from mentoring.common.signals import periodic_task
from mentoring.reports.jobs import (
    report_job_file_discard,
    report_jobs_expire,
    report_jobs_fail_stale,
)
from mentoring.reports.models import ReportJob


@receiver(periodic_task, dispatch_uid="reports.jobs_expire")
def periodic_jobs_expire(**kwargs: Any) -> None:
    """Jobs past their expiry are deleted with their files (the tick counts mail: None)."""
    report_jobs_expire()


@receiver(periodic_task, dispatch_uid="reports.jobs_fail_stale")
def periodic_jobs_fail_stale(**kwargs: Any) -> None:
    report_jobs_fail_stale()


@receiver(post_delete, sender=ReportJob, dispatch_uid="reports.job_file")
def job_deleted(sender: Any, instance: ReportJob, **kwargs: Any) -> None:
    """However a job goes (expiry, erasure, retention, its programme deleted), its file goes too."""
    report_job_file_discard(name=str(instance.file.name or ""))
