"""The programme report as PDF: rendered to PNG pages (pdftoppm) and read
back as text (pdftotext), in English and Danish."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import Side
from mentoring.reports.jobs import report_job_run
from mentoring.reports.models import ReportJob
from tests.conftest import logged_in_client
from tests.reports.helpers import SECRET_TEXT, answer_final, matching_run, pair, questionnaires

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
        reason="poppler-utils (pdftoppm, pdftotext) are needed",
    ),
]


def pdf_text(path: Path) -> str:
    return subprocess.run(  # noqa: S603 - fixed tool, our own file
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pages_as_png(path: Path, out: Path) -> list[Path]:
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", "60", str(path), str(out / "page")],  # noqa: S607
        check=True,
    )
    return sorted(out.glob("page-*.png"))


def download(client_user: User, programme: Programme, tmp_path: Path, language: str) -> Path:
    """Ask for the report as the coordinator does, let the worker's service
    make it (``report_job_run``, what the task calls), download it."""
    client = logged_in_client(client_user)
    response = client.post(
        reverse("reports:report_new", args=[programme.slug]), {"language": language}
    )
    assert response.status_code == 302
    job = ReportJob.objects.get(programme=programme, language=language)
    report_job_run(job_id=job.pk)
    response = client.get(reverse("reports:report_download", args=[programme.slug, job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="programme-a-{"results" if language == "en" else "resultater"}.pdf"'
    )
    path = tmp_path / f"report-{language}.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    return path


def test_report_pdf_has_cover_figures_charts_and_tables(
    programme: Programme, coordinator: User, tmp_path: Path
) -> None:
    surveys = questionnaires(programme)
    run = matching_run(programme)
    for index in range(4):
        mentorship = pair(programme, run=run, score=0.6 + 0.05 * index)
        answer_final(surveys, mentorship, Side.MENTEE, benefit=4, satisfaction=9)
        answer_final(surveys, mentorship, Side.MENTOR, benefit=3, satisfaction=8)
    path = download(coordinator, programme, tmp_path, "en")
    text = pdf_text(path)
    assert "MENTORING PROGRAMME REPORT" in text
    assert programme.name_en in text
    assert "Key figures" in text
    assert "Expected and achieved benefits" in text
    assert "The mentors' own learning" in text
    assert "8.5" in text  # satisfaction of everybody
    assert SECRET_TEXT not in text
    pages = pages_as_png(path, tmp_path)
    assert len(pages) >= 5  # the cover and one page per section
    assert all(page.stat().st_size > 2000 for page in pages)
    assert AuditEntry.objects.filter(action="reports.report_made", programme=programme).exists()


def test_report_pdf_in_danish_and_for_an_empty_programme(
    programme: Programme, coordinator: User, tmp_path: Path
) -> None:
    path = download(coordinator, programme, tmp_path, "da")
    text = pdf_text(path)
    assert programme.name_da in text
    assert "Nøgletal" in text
    assert "Ingen ansøgninger endnu." in text
    assert len(pages_as_png(path, tmp_path)) >= 2
