"""The superuser's provisioning pages in the browser: a SCIM token is
created and shown once (it then works against /scim/v2/ and the list shows
only its first characters), and a CSV upload is previewed, then applied.
Screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path

import httpx2
from playwright.sync_api import Page, expect

from mentoring.accounts.models import User
from tests.e2e.helpers import enter_totp, expect_signed_in, fresh_totp, log_in, shoot
from tests.factories import UserFactory, activate_totp


def test_tokens_and_csv_upload(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path, tmp_path: Path
) -> None:
    base = live_server.url
    admin = UserFactory(email="it.admin@example.org", full_name="Ivan IT", language="en")
    admin.is_staff = True
    admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    secret = activate_totp(admin)
    UserFactory(email="leaver@example.org", full_name="Lea Ver")
    log_in(page, base, admin.email)
    enter_totp(page, fresh_totp(secret))
    expect_signed_in(page, base)

    page.goto(f"{base}/staff/provisioning/")
    expect(page.locator("main h1")).to_have_text("Provisioning (SCIM)")
    page.fill("input[name=name]", "Entra ID production")
    page.click("main form button:text('Create token')")
    token = page.locator("#new-token").inner_text()
    assert token.startswith("mscim_")
    shoot(page, screenshot_dir, "provisioning-token-created-en", console_errors)
    response = httpx2.get(
        f"{base}/scim/v2/Users", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert response.status_code == 200
    assert "leaver@example.org" in response.text
    page.goto(f"{base}/staff/provisioning/")
    expect(page.locator("main table")).to_contain_text("Entra ID production")
    assert token not in page.content()

    csv_file = tmp_path / "people.csv"
    csv_file.write_text(
        "email,full_name,organisation,language,active\n"
        "nina@example.org,Nina Ny,Sales,da,yes\n"
        "leaver@example.org,Lea Ver,,,no\n"
        "broken,X,,,yes\n"
    )
    page.goto(f"{base}/staff/provisioning/users/")
    page.set_input_files("input[name=file]", str(csv_file))
    page.click("main form button:text('Show preview')")
    expect(page.locator("main table")).to_contain_text("is not an e-mail address")
    expect(page.locator("main")).not_to_contain_text("Apply")
    shoot(page, screenshot_dir, "provisioning-csv-errors-en", console_errors)
    csv_file.write_text(
        "email,full_name,organisation,language,active\n"
        "nina@example.org,Nina Ny,Sales,da,yes\n"
        "leaver@example.org,Lea Ver,,,no\n"
    )
    page.set_input_files("input[name=file]", str(csv_file))
    page.click("main form button:text('Show preview')")
    expect(page.locator("main table")).to_contain_text("new account")
    expect(page.locator("main table")).to_contain_text("deactivated")
    shoot(page, screenshot_dir, "provisioning-csv-preview-en", console_errors)
    page.click("main form button:text('Apply')")
    expect(page.locator("body")).to_contain_text("1 created, 0 updated, 1 deactivated")
    assert User.objects.get(email="nina@example.org").organisation == "Sales"
    assert not User.objects.get(email="leaver@example.org").is_active
