"""The API in the browser: the reference page (Swagger UI from vendored files,
started by a static script) runs under the site's CSP without a console
error, and a coordinator makes a token whose key is shown once and works."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from mentoring.api.models import ApiToken
from tests.e2e.helpers import enter_totp, expect_signed_in, fresh_totp, log_in, shoot
from tests.factories import ProgrammeFactory, UserFactory, activate_totp


def test_reference_page_renders_without_console_errors(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.locator(".swagger-ui .title").first).to_contain_text("Mentorordning API")
    assert page.locator(".swagger-ui .opblock").count() == 13
    shoot(page, screenshot_dir, "api-reference", console_errors)


def test_coordinator_creates_a_token_and_uses_it(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    coordinator = UserFactory(email="api.koordinator@example.org", full_name="Anja API")
    programme = ProgrammeFactory(slug="api-e2e", name_da="API-ordning", name_en="API programme")
    programme.coordinators.add(coordinator)
    secret = activate_totp(coordinator)
    log_in(page, base, coordinator.email)
    enter_totp(page, fresh_totp(secret))
    expect_signed_in(page, base)
    page.goto(f"{base}/coordinate/api-tokens/new/")
    page.fill("input[name=name]", "Power BI")
    page.select_option("select[name=scope_participants]", "write")
    page.select_option("select[name=scope_audit]", "")
    shoot(page, screenshot_dir, "api-token-new", console_errors)
    page.get_by_role("button", name="Opret nøgle").click()
    key = page.locator("code.api-token-key").inner_text().strip()
    assert key.startswith("mnt_")
    shoot(page, screenshot_dir, "api-token-created", console_errors)
    token = ApiToken.objects.get(user=coordinator)
    assert "audit:read" not in token.scopes and "participants:write" in token.scopes
    answer = page.request.get(
        f"{base}/api/v1/programmes/", headers={"Authorization": f"Bearer {key}"}
    )
    assert answer.status == 200
    assert [p["slug"] for p in answer.json()["results"]] == ["api-e2e"]
    page.goto(f"{base}/coordinate/api-tokens/")
    expect(page.locator("main")).to_contain_text("Power BI")
    expect(page.locator("main")).not_to_contain_text(key)
    shoot(page, screenshot_dir, "api-tokens", console_errors)
    page.get_by_role("button", name="Tilbagekald").click()
    expect(page.locator("main")).to_contain_text("Trukket tilbage")
    refused = page.request.get(
        f"{base}/api/v1/programmes/", headers={"Authorization": f"Bearer {key}"}
    )
    assert refused.status == 401
    assert refused.headers["content-type"] == "application/problem+json"
