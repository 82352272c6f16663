"""Personal data of the reports app: only who asked for a report made by the
worker. The reports hold aggregates only (suppressed below the programme's
minimum number of respondents), never a person's answers or notes."""

from __future__ import annotations

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure

ENTRIES = [
    Entry(
        model="reports.ReportJob",
        purpose="A programme report made by the worker for the coordinator who asked for "
        "it: who, when, language, progress; the PDF file itself lies in the file storage.",
        personal=("requested_by",),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(requested_by=user),
        # A report made while a participant was in the programme counts them:
        # erasing or anonymising participants deletes the programme's reports.
        of_participations=lambda pks, user_ids: Q(programme__participations__pk__in=pks),
        export_filter=lambda user: Q(requested_by=user),
        export_exclude=("file", "task_id"),
        note="the row and its file are deleted 24 hours after the report was made "
        "(REPORT_JOB_EXPIRY_HOURS), when the requester is erased, and when participants "
        "of the programme are erased or anonymised by retention",
    ),
]
