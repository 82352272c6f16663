"""The collaboration agreement as an A4 PDF (WeasyPrint), in the active
language: title, programme, the two people, the version, every topic of the
agreement and both acceptances with their times (Europe/Copenhagen), page
numbers in the footer. A version that both have not accepted is marked as a
draft on every page.

The template is ``relationships/agreement_pdf.html``; its style sheet is a
file of the app's static folder (``relationships/agreement_pdf.css``), after
the house base (``common/pdf.py``, which refuses every URL).
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation

from mentoring.common.pdf import PDF_TIME_ZONE, render_pdf
from mentoring.relationships import agreement
from mentoring.relationships.models import AgreementVersion, Mentorship

CSS_FILE = Path(__file__).resolve().parent / "static" / "relationships" / "agreement_pdf.css"


def render_agreement_html(*, mentorship: Mentorship, version: AgreementVersion) -> str:
    """The PDF's HTML (also useful to check the content without a PDF)."""
    return render_to_string(
        "relationships/agreement_pdf.html",
        {
            "mentorship": mentorship,
            "programme": mentorship.programme,
            "version": version,
            "sections": agreement.sections_of(agreement.values_of(version)),
            "time_zone": PDF_TIME_ZONE,
            "generated_at": timezone.now(),
            "LANGUAGE_CODE": translation.get_language(),
        },
    )


def render_agreement_pdf(*, mentorship: Mentorship, version: AgreementVersion) -> bytes:
    """Version ``version`` of the pair's agreement as PDF bytes, in the active
    language."""
    html = render_agreement_html(mentorship=mentorship, version=version)
    return render_pdf(html, stylesheet=CSS_FILE)


def pdf_filename(version: AgreementVersion) -> str:
    """``samarbejdsaftale-v1.pdf`` in Danish, ``collaboration-agreement-v1.pdf`` in English."""
    stem = translation.pgettext("file name of the agreement PDF", "collaboration-agreement")
    return f"{stem}-v{version.number}.pdf"
