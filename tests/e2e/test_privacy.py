"""Journey: a mentee downloads their data and asks for erasure; the
coordinator (with two-factor authentication) confirms; the mentee can no
longer log in, and the programme's figures still work."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.urls import reverse
from playwright.sync_api import Page, expect

from mentoring.accounts.models import User
from mentoring.relationships.models import Mentorship
from tests.e2e.conftest import SCREENSHOT_DIR
from tests.e2e.helpers import enter_totp, expect_signed_in, fresh_totp, log_in, shoot
from tests.e2e.test_establishment import da
from tests.factories import ProgrammeFactory, UserFactory, activate_totp
from tests.privacy.helpers import markers, seed_pair


def test_mentee_exports_and_is_erased(live_server: Any, page: Page) -> None:
    base = live_server.url
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    coordinator = UserFactory(email="karen.koordinator@example.org", full_name="Karen Koordinator")
    secret = activate_totp(coordinator)
    programme = ProgrammeFactory(
        slug="hr-mentor", name_da="Mentorordning", coordinators=[coordinator]
    )
    seeded = seed_pair(programme, mentee_tag="EEME", mentor_tag="EEMR")
    email = seeded.person.email

    # Export from the account page.
    log_in(page, base, email)
    expect_signed_in(page, base)
    page.goto(f"{base}/me/profile/")
    page.locator("main a[href='/me/privacy/']").click()
    expect(page).to_have_url(f"{base}/me/privacy/")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    shoot(page, SCREENSHOT_DIR, "privacy-home", errors)
    with page.expect_download() as download_info:
        page.locator("main form[action='/me/privacy/export/'] button").click()
    archive = zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes()))
    data = json.loads(archive.read("data.json"))
    assert markers("EEME")["private_note"] in json.dumps(data, ensure_ascii=False)
    assert markers("EEMR")["private_note"] not in json.dumps(data, ensure_ascii=False)

    # Ask for erasure (a confirm step).
    page.locator("main a[href='/me/privacy/erase/']").click()
    page.locator("main input[name=confirm]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/me/privacy/")
    page.context.clear_cookies()

    # The coordinator confirms, with two-factor authentication.
    log_in(page, base, coordinator.email)
    enter_totp(page, fresh_totp(secret))
    expect_signed_in(page, base)
    page.goto(f"{base}/coordinate/privacy/erasures/")
    expect(page.locator("main table")).to_contain_text(seeded.person.full_name)
    shoot(page, SCREENSHOT_DIR, "privacy-erasure-requests", errors)
    page.locator("main").get_by_role("button", name=da("Confirm and erase")).click()
    expect(page.locator("main")).to_contain_text("Ingen anmodninger venter")
    assert not User.objects.get(pk=seeded.person.pk).is_active

    # The programme's figures still work.
    results = reverse("reports:dashboard", args=[programme.slug])
    response = page.goto(f"{base}{results}")
    assert response is not None and response.status == 200
    expect(page.locator("main h1")).to_contain_text(programme.name_da)
    assert seeded.person.full_name not in page.content()
    assert Mentorship.objects.filter(programme=programme).count() == 1
    page.context.clear_cookies()

    # The mentee can no longer log in.
    log_in(page, base, email)
    expect(page.locator("header form[action='/accounts/logout/']")).to_have_count(0)
    expect(page.locator("main input[name=password]")).to_be_visible()
