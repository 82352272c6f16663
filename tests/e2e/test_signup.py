"""Journey: a newcomer signs up, verifies the e-mail address and logs in."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from mentoring.common.models import OutboxMessage
from tests.e2e.helpers import expect_signed_in, log_in, submit

EMAIL = "ny.mentee@example.org"
NEW_PASSWORD = "Mentorforloeb-i-HR-2025!"
CONFIRM_PATH = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)")


def test_sign_up_verify_email_and_log_in(live_server, page: Page) -> None:
    base = live_server.url
    page.goto(f"{base}/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
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
    expect(page.locator("main h1")).to_contain_text(EMAIL)
