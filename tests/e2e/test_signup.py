"""Journey: a newcomer signs up, verifies the e-mail address and logs in."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from mentoring.common.models import OutboxMessage
from tests.e2e.helpers import expect_signed_in, fill_login, log_in, submit
from tests.e2e.test_applications import NAME_DA, open_programme
from tests.factories import UserFactory

EMAIL = "ny.mentee@example.org"
NEW_PASSWORD = "Mentorforloeb-i-HR-2025!"
CONFIRM_PATH = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)")


def test_sign_up_verify_email_and_log_in(live_server, page: Page) -> None:
    base = live_server.url
    page.goto(f"{base}/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.fill("main input[name=full_name]", "Nina Nybegynder")
    page.fill("main input[name=email]", EMAIL)
    page.fill("main input[name=password1]", NEW_PASSWORD)
    password2 = page.locator("main input[name=password2]")
    if password2.count():
        password2.fill(NEW_PASSWORD)
    submit(page, "password1")

    # allauth's "verification sent" page (Danish: "Vi har sendt en email ...").
    expect(page).to_have_url(f"{base}/accounts/confirm-email/")
    expect(page.locator("main")).to_contain_text(re.compile(r"\b(sendt|sent)\b", re.IGNORECASE))
    address = EmailAddress.objects.get(email=EMAIL)
    assert not address.verified

    # The mail sits in the outbox, in Danish, with the confirmation link.
    message = OutboxMessage.objects.get(to_email=EMAIL)
    assert message.language == "da"
    assert message.recipient == address.user
    found = CONFIRM_PATH.search(message.body_text)
    assert found, message.body_text

    # allauth asks for a click (no confirmation on GET).
    page.goto(f"{base}{found[1]}")
    expect(page.locator("main")).to_contain_text(EMAIL)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main input[name=login]")).to_be_visible()
    address.refresh_from_db()
    assert address.verified

    log_in(page, base, EMAIL, NEW_PASSWORD)
    expect(page).to_have_url(f"{base}/")
    expect_signed_in(page, base)
    expect(page.locator("main h1")).to_contain_text("Nina")
    assert address.user.full_name == "Nina Nybegynder"


def test_sign_up_from_an_application_lands_on_the_application_form(live_server, page: Page) -> None:
    """Issue 16.6: the destination survives "Create an account", sign-up and
    verification by link, even when the link is opened in another browser."""
    base = live_server.url
    coordinator = UserFactory(email="koordinator@example.org")
    programme = open_programme(coordinator)
    apply_path = f"/p/{programme.slug}/apply/mentee/"

    page.goto(f"{base}{apply_path}")
    expect(page.locator("main input[name=login]")).to_be_visible()  # asked to log in first
    page.locator("main").get_by_role("link", name="Opret en konto").click()
    page.fill("main input[name=full_name]", "Nina Nybegynder")
    page.fill("main input[name=email]", EMAIL)
    page.fill("main input[name=password1]", NEW_PASSWORD)
    page.fill("main input[name=password2]", NEW_PASSWORD)
    submit(page, "password1")
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/"))

    message = OutboxMessage.objects.get(to_email=EMAIL)
    found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body_text)
    assert found, message.body_text
    page.context.clear_cookies()  # the mail is opened in a fresh browser session
    page.goto(f"{base}{found[1]}")
    page.locator("main form button[type=submit]").first.click()
    assert EmailAddress.objects.get(email=EMAIL).verified

    # Asked to log in, with the application kept as the destination.
    fill_login(page, EMAIL, NEW_PASSWORD)
    expect(page).to_have_url(f"{base}{apply_path}")
    expect(page.locator("main form.application-form")).to_be_visible()
    expect(page.locator("main")).to_contain_text(NAME_DA)
    # Coordinators see the name, not the e-mail address.
    assert str(EmailAddress.objects.get(email=EMAIL).user) == "Nina Nybegynder"
