"""The run page in a browser (issue 17 point 3): a coordinator pins a pair
with the keyboard, the row changes in place (htmx), the focus stays on the
button and the message is read out from the status region; the page and a
phone-sized view are photographed."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from mentoring.matching.enums import DecisionKind
from mentoring.matching.models import PairDecision, Proposal
from mentoring.matching.services import matching_run
from tests.e2e.helpers import enter_totp, expect_signed_in, fresh_totp, log_in, shoot
from tests.factories import ProgrammeFactory, UserFactory, activate_totp
from tests.relationships.helpers import small_programme


def test_pin_in_place_with_the_keyboard(
    live_server, page: Page, console_errors: list[str], screenshot_dir
) -> None:
    base = live_server.url
    coordinator = UserFactory(email="rune.review@example.org", full_name="Rune Review")
    secret = activate_totp(coordinator)
    programme = ProgrammeFactory(slug="hr-review", coordinators=[coordinator])
    people = small_programme(programme)
    run = matching_run(programme=programme, by=coordinator)
    anna = people["anna"]
    mentor_id = Proposal.objects.get(run=run, mentee=anna).mentor_id

    log_in(page, base, coordinator.email)
    enter_totp(page, fresh_totp(secret))
    expect_signed_in(page, base)
    url = f"{base}/coordinate/hr-review/matching/runs/{run.number}/"
    page.goto(url)
    row = page.locator(f"#pair-{anna.pk}")
    # Two reasons shown, the rest folded.
    expect(row.locator("td > ul.contributions .criterion")).to_have_count(2)
    expect(row.locator("details .criterion").first).not_to_be_visible()
    shoot(page, screenshot_dir, "run-review-desktop", console_errors)

    button = page.locator(f"#pair-{anna.pk}-pin")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#pair-{anna.pk}-pin")).to_contain_text("Lås op")
    expect(page.locator("#pair-status")).to_contain_text("er låst sammen")
    # The row changed in place: same address, focus still on the pair's button.
    assert page.url == url
    assert page.evaluate("document.activeElement.id") == f"pair-{anna.pk}-pin"
    assert PairDecision.objects.get(mentee=anna, mentor_id=mentor_id).kind == DecisionKind.PIN
    # Opening the folded reasons with the keyboard shows them.
    page.locator(f"#pair-{anna.pk} summary").focus()
    page.keyboard.press("Enter")
    expect(row.locator("details .criterion").first).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + "?show=pinned")
    expect(page.locator("tr.proposal")).to_have_count(1)
    shoot(page, screenshot_dir, "run-review-phone", console_errors)
