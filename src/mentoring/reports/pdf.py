"""The programme report as an A4 PDF (WeasyPrint), in the active language, for
a coordinator to hand to management: a cover (programme, period, date), the
key figures, then every section of the dashboard with its charts (SVG drawn
in Python, ``charts.py``) and tables, the same numbers and the same
suppression as the dashboard.

The house way of ``relationships/pdf.py``: the template is
``reports/report_pdf.html``, the style sheet a file of the app's static folder
(``reports/report_pdf.css``) after the house base (``common/pdf.py``, which
refuses every URL).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from mentoring.common.pdf import PDF_TIME_ZONE, layout_pdf, render_pdf
from mentoring.programmes.models import Programme
from mentoring.reports.charts import table_svg
from mentoring.reports.dashboard import Dashboard

CSS_FILE = Path(__file__).resolve().parent / "static" / "reports" / "report_pdf.css"


def render_report_html(dashboard: Dashboard) -> str:
    """The PDF's HTML (also useful to check the content without a PDF)."""
    sections = [
        {"section": section, "tables": [(table, table_svg(table)) for table in section.tables]}
        for section in dashboard.sections
    ]
    return render_to_string(
        "reports/report_pdf.html",
        {
            "dashboard": dashboard,
            "programme": dashboard.programme,
            "sections": sections,
            "time_zone": PDF_TIME_ZONE,
            "LANGUAGE_CODE": translation.get_language(),
        },
    )


def render_report_pdf(dashboard: Dashboard) -> bytes:
    return render_pdf(render_report_html(dashboard), stylesheet=CSS_FILE)


def layout_report(html: str) -> Any:
    """The report's HTML laid out in pages (``.write_pdf()`` gives the bytes):
    ``render_report_pdf`` in two steps, for the worker's progress."""
    return layout_pdf(html, stylesheet=CSS_FILE)


def report_filename(programme: Programme) -> str:
    """``mentorordning-2026-resultater.pdf`` in Danish, ``...-results.pdf`` in
    English (the active language)."""
    stem = translation.pgettext("file name of the results report", "results")
    return f"{programme.slug}-{slugify(stem)}.pdf"


def pdf_filename(dashboard: Dashboard) -> str:
    return report_filename(dashboard.programme)
