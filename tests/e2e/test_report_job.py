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
from django.utils.translation import gettext, override
from playwright.sync_api import Locator, Page, expect

from mentoring.demo import data as demo
from mentoring.programmes.models import Programme
from mentoring.reports.models import ReportJob
from tests.e2e.helpers import (
    enter_totp,
    expect_signed_in,
    fresh_totp,
    log_in,
    shoot,
    switch_language,
)
from tests.relationships.test_agreement_pdf import pdf_text

COORDINATOR = "koordinator@example.dk"
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"


def tr(message: str, language: str) -> str:
    with override(language):
        return gettext(message)


def run_worker() -> None:
    """The real worker, until the queue is empty."""
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def make_report(
    page: Page,
    main: Locator,
    *,
    language: str,
    button: str,
    screenshot_dir: Path,
    console_errors: list[str],
) -> bytes:
    """On the results page: click ``button``, see the job wait with its
    progress bar, let the worker make it, see the download offered without a
    reload, download it. Returns the PDF's bytes."""
    main.get_by_role("button", name=tr(button, language), exact=True).click()
    status = page.locator("#report-job-status")
    expect(status).to_contain_text(tr("Waiting for the worker", language))
    expect(status.locator("progress")).to_have_attribute("value", "0")
    url = page.url
    shoot(page, screenshot_dir, f"report-job-waiting-{language}", console_errors)
    job = ReportJob.objects.order_by("-pk").first()
    assert job is not None and job.language == language and url.endswith(f"/report/{job.pk}/")
    run_worker()
    download = status.get_by_role("link", name=tr("Download the report (PDF)", language))
    expect(download).to_be_visible(timeout=15_000)  # htmx polled the status partial
    assert page.url == url  # no reload: the partial was swapped in
    expect(status).to_contain_text(tr("Ready", language))
    shoot(page, screenshot_dir, f"report-job-done-{language}", console_errors)
    with page.expect_download() as pdf_download:
        download.click()
    assert pdf_download.value.suggested_filename == (
        f"{demo.PROGRAMME_2026_SLUG}-{'resultater' if language == 'da' else 'results'}.pdf"
    )
    return Path(pdf_download.value.path()).read_bytes()


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
    main = page.locator("main")

    danish = make_report(
        page,
        main,
        language="da",
        button="Report as PDF",
        screenshot_dir=screenshot_dir,
        console_errors=console_errors,
    )
    assert danish.startswith(b"%PDF")
    text = pdf_text(danish, tmp_path)
    assert programme.name_da in text and "Nøgletal" in text
    assert (
        first_page_png(danish, screenshot_dir, "report-job-pdf-page1-da", tmp_path).stat().st_size
        > 5000
    )

    switch_language(page, "English")
    page.goto(f"{base}/coordinate/{programme.slug}/results/")
    english = make_report(
        page,
        main,
        language="en",
        button="Report as PDF",
        screenshot_dir=screenshot_dir,
        console_errors=console_errors,
    )
    assert english.startswith(b"%PDF")
    text = pdf_text(english, tmp_path)
    assert programme.name_en in text and "Key figures" in text
    assert (
        first_page_png(english, screenshot_dir, "report-job-pdf-page1-en", tmp_path).stat().st_size
        > 5000
    )
    assert ReportJob.objects.filter(programme=programme, status="done").count() == 2
