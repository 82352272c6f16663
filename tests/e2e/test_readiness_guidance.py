"""Journey (issue 16.14): an applicant sees the readiness minimum while
writing, with a live count, before anything is flagged afterwards."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from mentoring.participants.readiness import MIN_GOAL_CHARS, MIN_MOTIVATION_CHARS
from tests.e2e.helpers import log_in
from tests.e2e.test_applications import open_programme
from tests.factories import UserFactory


def test_the_motivation_shows_a_live_count_towards_the_minimum(live_server, page: Page) -> None:
    base = live_server.url
    programme = open_programme(UserFactory(email="koordinator@example.org"))
    UserFactory(email="anna@example.org", full_name="Anna Ansøger")
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    log_in(page, base, "anna@example.org")
    page.goto(f"{base}/p/{programme.slug}/apply/mentee/")

    form = page.locator("main form.application-form")
    expect(form).to_contain_text(f"Skriv mindst {MIN_MOTIVATION_CHARS} tegn.")
    counter = page.locator("#id_motivation_count")
    expect(counter).to_have_text(f"0 af mindst {MIN_MOTIVATION_CHARS} tegn")
    form.locator("[name=motivation]").fill("  Jeg vil lære  ")
    expect(counter).to_have_text(f"12 af mindst {MIN_MOTIVATION_CHARS} tegn")
    form.locator("[name=motivation]").fill("x" * MIN_MOTIVATION_CHARS)
    expect(counter).to_have_text(f"{MIN_MOTIVATION_CHARS} tegn: det er nok.")
    described = form.locator("[name=motivation]").get_attribute("aria-describedby") or ""
    assert "id_motivation_count" in described.split()

    # An empty extra goal says nothing; a short one counts.
    expect(page.locator("#id_goal_2_count")).to_have_text("")
    form.locator("[name=goal_2]").fill("Kort")
    expect(page.locator("#id_goal_2_count")).to_have_text(f"4 af mindst {MIN_GOAL_CHARS} tegn")
    assert errors == []
