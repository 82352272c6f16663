"""Forms of the reports app."""

from __future__ import annotations

from django import forms

from mentoring.reports.jobs import REPORT_LANGUAGES


class ReportJobForm(forms.Form):
    """The "Report as PDF" buttons: the language, and ``fresh`` to make a
    new report even when a recent one could be reused."""

    language = forms.ChoiceField(choices=[(code, code) for code in REPORT_LANGUAGES])
    fresh = forms.BooleanField(required=False)
