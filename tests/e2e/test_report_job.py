"""Journey (issue 19, point 8), in a real browser, on the demo: the
coordinator clicks "Report as PDF" on the results page, sees the job wait
and its progress, the worker (the real django-tasks-db worker) makes the
report, the page offers the download by itself (htmx polling), and the file
is a real PDF with the programme's name; in Danish, then in English. The
first page of each PDF is rendered with pdftoppm next to the screenshots."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import Page, expect

from mentoring.demo import data as demo
from mentoring.programmes.models import Programme
from mentoring.reports.models import ReportJob
from tests.e2e.helpers import (
    enter_totp,
    expect_signed_in,
    fresh_totp,
    log_in,
    report_pdf_by_worker,
    run_worker,
    shoot,
    switch_language,
)
from tests.relationships.test_agreement_pdf import pdf_text

COORDINATOR = "koordinator@example.dk"
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"


def first_page_png(raw: bytes, out: Path, name: str, scratch: Path) -> Path:
    """The PDF's first page as PNG (pdftoppm), for a person to look at."""
    pdf = scratch / f"{name}.pdf"
    pdf.write_bytes(raw)
    subprocess.run(  # noqa: S603 - a fixed program on our own file
        [
            PDFTOPPM,
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(out / name),
        ],
        check=True,
    )
    return out / f"{name}.png"


def test_pdf_report_made_by_the_worker_in_danish_and_english(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path, tmp_path: Path
) -> None:
    base = live_server.url
    call_command("seed_demo", stdout=io.StringIO())
    programme = Programme.objects.get(slug=demo.PROGRAMME_2026_SLUG)
    run_worker()  # whatever the demo queued (mail) is done before we start

    log_in(page, base, COORDINATOR, demo.DEMO_PASSWORD)
    enter_totp(page, fresh_totp(demo.TOTP_SECRET))
    expect_signed_in(page, base)
    page.goto(f"{base}/coordinate/{programme.slug}/results/")
    danish_report = report_pdf_by_worker(
        page, language="da", screenshot_dir=screenshot_dir, console_errors=console_errors
    )
    assert danish_report.filename == f"{demo.PROGRAMME_2026_SLUG}-resultater.pdf"
    danish = danish_report.content
    assert danish.startswith(b"%PDF")
    text = pdf_text(danish, tmp_path)
    assert programme.name_da in text and "Nøgletal" in text
    assert (
        first_page_png(danish, screenshot_dir, "report-job-pdf-page1-da", tmp_path).stat().st_size
        > 5000
    )

    switch_language(page, "English")
    page.goto(f"{base}/coordinate/{programme.slug}/results/")
    english_report = report_pdf_by_worker(
        page, language="en", screenshot_dir=screenshot_dir, console_errors=console_errors
    )
    assert english_report.filename == f"{demo.PROGRAMME_2026_SLUG}-results.pdf"
    english = english_report.content
    assert english.startswith(b"%PDF")
    text = pdf_text(english, tmp_path)
    assert programme.name_en in text and "Key figures" in text
    assert (
        first_page_png(english, screenshot_dir, "report-job-pdf-page1-en", tmp_path).stat().st_size
        > 5000
    )
    assert ReportJob.objects.filter(programme=programme, status="done").count() == 2

    # A job whose worker was killed, taken up again by its task's second
    # attempt: the page says why its progress started over.
    ReportJob.objects.filter(pk=english_report.job.pk).update(
        status="running", step="charts", progress=30, attempt=2
    )
    page.goto(f"{base}/coordinate/{programme.slug}/results/report/{english_report.job.pk}/")
    status = page.locator("#report-job-status")
    expect(status).to_contain_text(
        "The worker that was making this report stopped, so the report is being made again "
        "from the start."
    )
    expect(status.locator("progress")).to_have_attribute("value", "30")
    shoot(page, screenshot_dir, "report-job-restarted-en", console_errors)
