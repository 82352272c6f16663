"""Journey: a coordinator logs in with password and an authenticator code."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import enter_totp, expect_signed_in, fresh_totp, log_in
from tests.factories import ProgrammeFactory, UserFactory, activate_totp


def test_coordinator_logs_in_with_totp(live_server, page: Page) -> None:
    base = live_server.url
    coordinator = UserFactory(email="karen.koordinator@example.org", full_name="Karen Koordinator")
    ProgrammeFactory(
        slug="hr-mentor", name_da="Mentorordning for HR-folk", coordinators=[coordinator]
    )
    secret = activate_totp(coordinator)

    log_in(page, base, coordinator.email)
    expect(page).to_have_url(f"{base}/accounts/2fa/authenticate/")
    expect(page.locator("main input[name=code]")).to_be_visible()

    # A wrong code: an error, still on the code page, not signed in.
    code = fresh_totp(secret)
    enter_totp(page, f"{(int(code) + 1) % 1_000_000:06d}")
    expect(page).to_have_url(f"{base}/accounts/2fa/authenticate/")
    expect(page.locator("main")).to_contain_text(re.compile(r"Forkert kode|Incorrect code"))
    expect(page.locator("header form[action='/accounts/logout/']")).to_have_count(0)

    enter_totp(page, fresh_totp(secret))
    expect(page).to_have_url(f"{base}/")
    expect_signed_in(page, base)
    expect(page.locator("main h1")).to_contain_text("Karen")
    expect(page.locator("main")).to_contain_text("Mentorordning for HR-folk")

    page.goto(f"{base}/coordinate/")
    expect(page).to_have_url(f"{base}/coordinate/")
    expect(page.locator("main h2 a", has_text="Mentorordning for HR-folk")).to_have_attribute(
        "href", "/coordinate/hr-mentor/"
    )
