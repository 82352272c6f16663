"""A tour of the main pages: a screenshot of each in test-artifacts/screenshots/
and no console errors (CSP violations, missing files, script errors) on any."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from mentoring.common.mail import mail_store
from tests.e2e.helpers import enter_totp, expect_signed_in, fresh_totp, log_in, switch_language
from tests.factories import ProgrammeFactory, UserFactory, activate_totp


def shoot(page: Page, directory: Path, name: str, console_errors: list[str]) -> None:
    page.wait_for_load_state("load")
    page.screenshot(path=directory / f"{name}.png", full_page=True)
    assert console_errors == [], f"console errors on {name}: {console_errors}"


def test_screenshot_tour(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    admin = UserFactory(email="sara.superbruger@example.org", full_name="Sara Superbruger")
    admin.is_staff = True
    admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    secret = activate_totp(admin)
    ProgrammeFactory(
        slug="hr-mentor",
        name_da="Mentorordning for HR-folk",
        name_en="Mentoring for HR people",
        coordinators=[UserFactory(full_name="Karen Koordinator")],
    )
    mail_store(
        key="e2e:welcome",
        to_email="mentee@example.org",
        subject="[Mentorordning] Velkommen",
        body_text="Velkommen til Mentorordning.",
        language="da",
    )

    # Anonymous pages, Danish and English.
    page.goto(f"{base}/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    shoot(page, screenshot_dir, "home-da", console_errors)
    page.goto(f"{base}/accounts/login/")
    expect(page.locator("main input[name=password]")).to_be_visible()
    shoot(page, screenshot_dir, "login-da", console_errors)
    page.goto(f"{base}/accounts/signup/")
    expect(page.locator("main input[name=password1]")).to_be_visible()
    shoot(page, screenshot_dir, "signup-da", console_errors)
    page.goto(f"{base}/")
    switch_language(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shoot(page, screenshot_dir, "home-en", console_errors)
    switch_language(page, "Dansk")
    expect(page.locator("html")).to_have_attribute("lang", "da")

    # Staff member with MFA: coordinator and staff pages.
    log_in(page, base, admin.email)
    expect(page.locator("main input[name=code]")).to_be_visible()
    shoot(page, screenshot_dir, "mfa-authenticate-da", console_errors)
    enter_totp(page, fresh_totp(secret))
    expect_signed_in(page, base)
    shoot(page, screenshot_dir, "home-signed-in-da", console_errors)

    page.goto(f"{base}/coordinate/")
    expect(page.locator("main")).to_contain_text("Mentorordning for HR-folk")
    shoot(page, screenshot_dir, "programmes-da", console_errors)
    page.goto(f"{base}/coordinate/hr-mentor/")
    expect(page.locator("main h1")).to_have_text("Mentorordning for HR-folk")
    expect(page.locator("main")).to_contain_text("Karen Koordinator")
    shoot(page, screenshot_dir, "programme-detail-da", console_errors)
    page.goto(f"{base}/staff/mail/")
    expect(page.locator("main table")).to_contain_text("mentee@example.org")
    shoot(page, screenshot_dir, "outbox-da", console_errors)
    page.goto(f"{base}/me/profile/")
    expect(page.locator("main input[name=full_name]")).to_have_value("Sara Superbruger")
    shoot(page, screenshot_dir, "profile-da", console_errors)

    switch_language(page, "English")
    expect(page).to_have_url(f"{base}/me/profile/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("My account")
    shoot(page, screenshot_dir, "profile-en", console_errors)
    page.goto(f"{base}/coordinate/hr-mentor/")
    expect(page.locator("main h1")).to_have_text("Mentoring for HR people")
    shoot(page, screenshot_dir, "programme-detail-en", console_errors)
