"""Choices of the reports app: the background report jobs (``models.ReportJob``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportKind(models.TextChoices):
    """What a job makes. Today one kind: the programme report as PDF."""

    PROGRAMME_PDF = "programme_pdf", _("Programme report (PDF)")


class ReportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", pgettext_lazy("report job status", "Failed")


#: A job in one of these states is still working (its page polls it).
UNFINISHED = frozenset({ReportJobStatus.QUEUED, ReportJobStatus.RUNNING})


class ReportStep(models.TextChoices):
    """The renderer's steps, in order; the worker records each as it starts."""

    WAITING = "waiting", _("Waiting for the worker")
    FIGURES = "figures", _("Collecting the figures")
    CHARTS = "charts", _("Drawing the charts and tables")
    LAYOUT = "layout", _("Laying out the pages")
    WRITING = "writing", _("Writing the PDF file")
    SAVING = "saving", _("Saving the file")
    DONE = "done", _("Done")


#: The progress (0-100) shown when a step starts.
STEP_PROGRESS = {
    ReportStep.WAITING: 0,
    ReportStep.FIGURES: 5,
    ReportStep.CHARTS: 30,
    ReportStep.LAYOUT: 45,
    ReportStep.WRITING: 75,
    ReportStep.SAVING: 90,
    ReportStep.DONE: 100,
}


class ReportJobError(models.TextChoices):
    """Why a job failed: a code, shown to the coordinator as a sentence in
    their language (never the exception or its traceback)."""

    RENDER = (
        "render",
        _(
            "The report could not be made because of an unexpected error. Please try again; "
            "if it fails again, tell your administrator the time it happened."
        ),
    )
    STOPPED = (
        "stopped",
        _("The worker stopped before the report was ready. Please make a new report."),
    )
    STORAGE = (
        "storage",
        _(
            "The report was made but could not be saved. Please try again later, "
            "or tell your administrator."
        ),
    )
