"""Journey (issue 15, points 5 and 6), in Danish, in a real browser: a
coordinator registers a webhook endpoint (a real receiver on loopback),
copies the secret from the one page that shows it, an event is delivered
and its signature verifies with that secret (the snippet of
docs/webhooks.md), and the delivery log shows the answer's code."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from mentoring.webhooks.enums import EventType
from mentoring.webhooks.models import Endpoint
from mentoring.webhooks.services import delivery_attempt, event_emit
from tests.e2e.helpers import enter_totp, fresh_totp, log_in, shoot
from tests.factories import ProgrammeFactory, UserFactory, activate_totp
from tests.webhooks.helpers import documented_verify
from tests.webhooks.receiver import running_receiver


def test_register_an_endpoint_and_read_its_delivery_log(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    coordinator = UserFactory(email="koordinator@example.dk", full_name="Karen Koordinator")
    secret_totp = activate_totp(coordinator)
    programme = ProgrammeFactory(
        slug="hr-2026", name_da="Mentorordning HR 2026", coordinators=[coordinator]
    )
    with running_receiver() as receiver:
        log_in(page, base, coordinator.email)
        enter_totp(page, fresh_totp(secret_totp))
        page.goto(f"{base}/coordinate/{programme.slug}/")
        page.get_by_role("link", name="Webhooks: hændelser til andre systemer").click()
        expect(page.locator("main h1")).to_have_text("Webhooks")
        shoot(page, screenshot_dir, "webhooks-list-empty", console_errors)

        page.get_by_role("link", name="Tilføj et endepunkt").click()
        page.fill("main input[name=url]", receiver.url)
        page.fill("main input[name=description]", "HR-systemet")
        page.get_by_label("Et mentorforløb blev accepteret af begge").check()
        page.get_by_label("Et møde blev holdt").check()
        shoot(page, screenshot_dir, "webhooks-new-endpoint", console_errors)
        page.get_by_role("button", name="Gem endepunkt").click()

        expect(page.locator("main h1")).to_have_text("Signeringshemmelighed")
        secret = page.locator("#webhook-secret").inner_text().strip()
        assert secret.startswith("whsec_")
        shoot(page, screenshot_dir, "webhooks-secret-shown-once", console_errors)

        [delivery] = event_emit(
            programme=programme, event_type=EventType.MEETING_HELD, data={"meeting_id": 12}
        )
        delivery_attempt(delivery_id=delivery.pk)
        [request] = receiver.requests
        assert documented_verify()(secret, request.headers, request.body) is True

        page.get_by_role("link", name="Fortsæt til endepunktet").click()
        expect(page.locator("main")).not_to_contain_text(secret)
        expect(page.locator("main table")).to_contain_text("meeting.held")
        shoot(page, screenshot_dir, "webhooks-endpoint-log", console_errors)
        page.locator("main table a").first.click()
        expect(page.locator("main")).to_contain_text(delivery.webhook_id)
        expect(page.locator("main table")).to_contain_text("204")
        shoot(page, screenshot_dir, "webhooks-delivery", console_errors)
    assert Endpoint.objects.get().events == ["mentorship.accepted", "meeting.held"]
