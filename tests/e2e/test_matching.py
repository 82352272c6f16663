"""Journey: the coordinator runs matching on a small programme, pins one pair,
runs again (the pin is kept), publishes; the mentee and the mentor each log
in, see their proposed match with the reasons, and accept; the mentorship is
accepted by both.

Texts checked are the Danish catalogue's (src/mentoring/matching/locale and
src/mentoring/relationships/locale).
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from mentoring.common.models import OutboxMessage
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from tests.e2e.helpers import enter_totp, expect_signed_in, fresh_totp, log_in, shoot
from tests.factories import ProgrammeFactory, UserFactory, activate_totp
from tests.relationships.helpers import small_programme

SLUG = "hr-mentor-matching"
NAME_DA = "Mentorordning for HR-folk"


def proposal_row(page: Page, mentee: str):
    return page.locator("main table.proposals-table tbody tr", has_text=mentee)


def test_run_pin_rerun_publish_and_both_accept(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    coordinator = UserFactory(email="karen.koordinator@example.org", full_name="Karen Koordinator")
    secret = activate_totp(coordinator)
    starts_on = (timezone.now() + timedelta(days=14)).date()
    programme = ProgrammeFactory(
        slug=SLUG,
        name_da=NAME_DA,
        name_en="Mentoring for HR people",
        coordinators=[coordinator],
        phase="establishing",
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=225),
    )
    people = small_programme(programme)

    # --- 1. The coordinator runs matching ---------------------------------------
    log_in(page, base, coordinator.email)
    enter_totp(page, fresh_totp(secret))
    expect_signed_in(page, base)
    page.goto(f"{base}/coordinate/{SLUG}/")
    page.locator("main .action-links").get_by_role("link", name="Matching", exact=True).click()
    expect(page).to_have_url(f"{base}/coordinate/{SLUG}/matching/")
    expect(page.locator("main h1")).to_have_text(f"Matching: {NAME_DA}")
    expect(page.locator("main input[name=weight_goals_expertise]")).to_have_value("3")
    page.get_by_role("button", name="Kør matching").click()

    expect(page).to_have_url(f"{base}/coordinate/{SLUG}/matching/runs/1/")
    expect(page.locator("main h1")).to_have_text("Matchingkørsel 1")
    expect(page.locator("main .messages")).to_contain_text("3 af 3 mentees er matchet")
    expect(page.locator("main .badge-success", has_text="Bevist optimal")).to_be_visible()
    rows = page.locator("main table.proposals-table tbody tr")
    expect(rows).to_have_count(3)
    anna = proposal_row(page, "Anna Andersen")
    expect(anna.locator("td").first).to_have_text("Mads Madsen")
    # The two strongest reasons are shown; the rest and the alternatives are folded.
    expect(anna.locator(".contributions").first).to_contain_text(
        "Mentor har selv stået i den samme forandring som menteen: »Fusion«."
    )
    expect(anna.locator(".alternatives li")).to_have_count(2)
    shoot(page, screenshot_dir, "matching-run-da", console_errors)

    # --- 2. Pin Anna to her alternative Nina, run again: the pin is kept ------
    anna.locator("summary").click()
    alternative = anna.locator(".alternatives li", has_text="Nina Nielsen")
    expect(alternative).to_contain_text("\u22120,")  # how much worse
    alternative.get_by_role("button", name="Lås i stedet").click()
    # The row is updated in place (htmx); the message is in the status region.
    expect(page.locator("#pair-status")).to_contain_text(
        "Anna Andersen og Nina Nielsen er låst sammen"
    )
    expect(page).to_have_url(f"{base}/coordinate/{SLUG}/matching/runs/1/")
    page.get_by_role("button", name="Kør igen").click()
    expect(page).to_have_url(f"{base}/coordinate/{SLUG}/matching/runs/2/")
    anna = proposal_row(page, "Anna Andersen")
    expect(anna.locator("td").first).to_contain_text("Nina Nielsen")
    expect(anna.locator("td").first.locator(".badge")).to_have_text("låst")
    expect(anna.locator("th .badge-warning")).to_have_text("før: Mads Madsen")
    expect(page.locator("main .diff-summary")).to_contain_text("mentees har en anden mentor")
    fingerprints = page.locator("main code.fingerprint")
    expect(fingerprints).to_have_text(re.compile(r"^[0-9a-f]{64}$"))

    # --- 3. Publish -----------------------------------------------------------------
    page.get_by_role("link", name="Offentliggør forslagene").click()
    # A confirmation page first: how many proposals and e-mails go out.
    expect(page).to_have_url(f"{base}/coordinate/{SLUG}/matching/runs/2/publish/")
    expect(page.locator("main")).to_contain_text(
        "Offentliggørelsen opretter 3 foreslåede mentorforløb."
    )
    assert not Mentorship.objects.exists()
    page.get_by_role("button", name="Offentliggør og send 6 e-mails").click()
    expect(page).to_have_url(f"{base}/coordinate/{SLUG}/matching/")
    expect(page.locator("main .messages")).to_contain_text(
        "Offentliggjort: 3 foreslåede mentorforløb."
    )
    published = page.locator("main section[aria-labelledby=mentorships-heading] tbody tr")
    expect(published).to_have_count(3)
    shoot(page, screenshot_dir, "matching-home-da", console_errors)

    mentorship = Mentorship.objects.get(mentee=people["anna"])
    assert mentorship.mentor == people["nina"]
    assert mentorship.status == MentorshipStatus.PROPOSED
    mail = OutboxMessage.objects.get(key=f"match-proposed:{mentorship.pk}:{people['anna'].pk}")
    assert mail.subject == f"[Mentorordning] Vi foreslår en mentor til dig i {NAME_DA}"
    link = re.search(r"http\S+/me/matches/\d+/", mail.body_text)
    assert link is not None

    # --- 4. The mentee follows the e-mail's link and accepts -------------------
    page.context.clear_cookies()
    page.goto(link.group(0).replace("http://127.0.0.1:8000", base))
    expect(page.locator("main input[name=login]")).to_be_visible()
    page.fill("main input[name=login]", people["anna"].user.email)
    page.fill("main input[name=password]", "correct horse battery staple")
    page.locator("main form:has([name=password]) button[type=submit]").first.click()
    expect(page.locator("main h1")).to_have_text("Din foreslåede mentor: Nina Nielsen")
    expect(page.locator("main .why-list")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Bo Bech")
    shoot(page, screenshot_dir, "match-proposal-da", console_errors)
    page.locator("main input[name=decision][value=accept]").check()
    page.get_by_role("button", name="Send mit svar").click()
    expect(page.locator("main .messages")).to_contain_text("Du har sagt ja til forslaget.")
    expect(page.locator("main")).to_contain_text("Vi venter på den andens svar.")

    # --- 5. The mentor accepts from "My matches" -----------------------------------
    page.context.clear_cookies()
    log_in(page, base, people["nina"].user.email)
    expect_signed_in(page, base)
    page.goto(f"{base}/me/matches/")
    page.get_by_role("link", name="Din mentee: Anna Andersen").click()
    expect(page.locator("main h1")).to_have_text("Din foreslåede mentee: Anna Andersen")
    page.locator("main input[name=decision][value=accept]").check()
    page.get_by_role("button", name="Send mit svar").click()
    expect(page.locator("main .messages")).to_contain_text("I har begge accepteret")
    expect(page.locator("main .status")).to_have_text("Accepteret af begge")
    assert console_errors == []

    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ACCEPTED
    assert mentorship.mentee_accepted_at and mentorship.mentor_accepted_at
