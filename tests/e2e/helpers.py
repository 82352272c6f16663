"""Steps shared by the browser journeys.

Selectors rely on allauth's input names (login, password, password1, password2,
email, code) and on ``main``: the header holds forms too (log out, language).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import NamedTuple

import pyotp
from django.core.management import call_command
from django.utils.translation import gettext, override
from playwright.sync_api import Locator, Page, expect

from mentoring.reports.models import ReportJob
from tests.factories import PASSWORD


def form_with(page: Page, field: str) -> Locator:
    """The form in ``main`` that holds the input named ``field``."""
    return page.locator(f"main form:has([name={field}])")


def submit(page: Page, field: str) -> None:
    """Click the submit button of the main form holding ``field``. Buttons that
    belong to another form (allauth's MFA "Cancel" has ``form=...``) are skipped."""
    form_with(page, field).locator("button[type=submit]:not([form])").first.click()


def log_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    fill_login(page, email, password)


def fill_login(page: Page, email: str, password: str = PASSWORD) -> None:
    """Fill and send the login form already shown (keeps its ``?next=``)."""
    page.fill("main input[name=login]", email)
    page.fill("main input[name=password]", password)
    submit(page, "password")


def fresh_totp(secret: str) -> str:
    """The current code, waiting out the last seconds of a period so the
    server checks the same 30-second window (allauth allows no drift)."""
    totp = pyotp.TOTP(secret)
    remaining = totp.interval - time.time() % totp.interval
    if remaining < 3:
        time.sleep(remaining + 0.2)
    return totp.now()


def enter_totp(page: Page, code: str) -> None:
    page.fill("main input[name=code]", code)
    submit(page, "code")


def open_menu(page: Page) -> None:
    """On a narrow screen the signed-in header's links are behind the menu
    button: open it (nothing to do on a wide screen)."""
    toggle = page.locator("header .menu-toggle")
    if toggle.count() and toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def expect_signed_in(page: Page, base_url: str) -> None:
    """The header offers "log out" only to a signed-in person."""
    open_menu(page)
    expect(
        page.locator("header form[action='/accounts/logout/'] button[type=submit]")
    ).to_be_visible()
    expect(page.locator("main input[name=password]")).to_have_count(0)
    assert page.url.startswith(base_url)


def switch_language(page: Page, to_label: str) -> None:
    """Press the header language button ("English" in Danish, "Dansk" in English)."""
    page.locator("header").get_by_role("button", name=to_label, exact=True).click()
    page.wait_for_load_state()


def shoot(page: Page, directory: Path, name: str, console_errors: list[str]) -> None:
    """A full-page screenshot ``<name>.png``; fails on any console error so far."""
    page.wait_for_load_state("load")
    page.screenshot(path=directory / f"{name}.png", full_page=True)
    assert console_errors == [], f"console errors on {name}: {console_errors}"


def run_worker() -> None:
    """The real worker (django-tasks-db's), in this process, until the queue is empty."""
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


class ReportDownload(NamedTuple):
    job: ReportJob
    filename: str  # as the browser would save it
    content: bytes


def report_pdf_by_worker(
    page: Page,
    *,
    language: str,
    screenshot_dir: Path,
    console_errors: list[str],
    button: str = "Report as PDF",
) -> ReportDownload:
    """On a programme's results page: click ``button`` (its English text,
    shown in ``language``), see the job wait with its progress bar, let the
    worker make it, see the download offered without a reload (htmx polls
    the status), download it. Screenshots ``report-job-waiting-<language>``
    and ``report-job-done-<language>``. Returns the job, the file name and the PDF."""

    def tr(message: str) -> str:
        with override(language):
            return gettext(message)

    page.locator("main").get_by_role("button", name=tr(button), exact=True).click()
    status = page.locator("#report-job-status")
    expect(status).to_contain_text(tr("Waiting for the worker"))
    expect(status.locator("progress")).to_have_attribute("value", "0")
    url = page.url
    shoot(page, screenshot_dir, f"report-job-waiting-{language}", console_errors)
    job = ReportJob.objects.order_by("-pk").first()
    assert job is not None and job.language == language and url.endswith(f"/report/{job.pk}/")
    run_worker()
    download = status.get_by_role("link", name=tr("Download the report (PDF)"))
    expect(download).to_be_visible(timeout=15_000)  # htmx polled the status partial
    assert page.url == url  # no reload: the partial was swapped in
    expect(status).to_contain_text(tr("Ready"))
    shoot(page, screenshot_dir, f"report-job-done-{language}", console_errors)
    with page.expect_download() as pdf_download:
        download.click()
    job.refresh_from_db()
    return ReportDownload(
        job=job,
        filename=pdf_download.value.suggested_filename,
        content=Path(pdf_download.value.path()).read_bytes(),
    )


def sign_in_at_test_idp(
    page: Page,
    *,
    at: re.Pattern[str],
    email: str,
    given_name: str = "",
    family_name: str = "",
    verified: bool = True,
    locale: str = "",
    mfa: bool = False,
) -> None:
    """Fill the login form of a test identity provider (tests/peers: the
    OpenID Connect and the SAML one share its field names) with what it is to
    assert, once the browser is at the provider's address ``at``."""
    expect(page).to_have_url(at)
    page.fill("input[name=email]", email)
    if not verified:
        page.uncheck("input[name=email_verified]")
    if given_name or family_name:
        page.fill("input[name=given_name]", given_name)
        page.fill("input[name=family_name]", family_name)
    if locale:
        page.select_option("select[name=locale]", locale)
    if mfa:
        page.check("input[name=mfa]")
    page.locator("button[type=submit]").click()
