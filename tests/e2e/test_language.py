"""Journey: the language button in the header switches every page between
Danish (default) and English and remembers the choice."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.helpers import switch_language


def test_switch_to_english_and_back(live_server, page: Page) -> None:
    base = live_server.url
    page.goto(f"{base}/")
    html = page.locator("html")
    header = page.locator("header")
    expect(html).to_have_attribute("lang", "da")
    expect(header.get_by_role("button", name="English", exact=True)).to_be_visible()

    switch_language(page, "English")
    expect(page).to_have_url(f"{base}/")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Mentoring: conversations you learn from")
    expect(header.get_by_role("button", name="Dansk", exact=True)).to_be_visible()
    expect(header.get_by_role("button", name="English", exact=True)).to_have_count(0)

    # The choice is remembered on the next page; allauth's pages follow it.
    page.goto(f"{base}/accounts/login/")
    expect(html).to_have_attribute("lang", "en")
    english_heading = page.locator("main h1").inner_text()

    # Switching back keeps the visitor on the same page, now in Danish
    # (allauth ships Danish, so its heading changes).
    switch_language(page, "Dansk")
    expect(page).to_have_url(f"{base}/accounts/login/")
    expect(html).to_have_attribute("lang", "da")
    expect(page.locator("main input[name=login]")).to_be_visible()
    expect(page.locator("main h1")).not_to_have_text(english_heading)
    expect(header.get_by_role("button", name="English", exact=True)).to_be_visible()
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies["mentoring_language"] == "da"
