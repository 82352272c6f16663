"""Journey (issue 16, points 10 and 18), in Danish, in a real browser: the
mentee accepted the draft; the mentor then changes it; the mentee's
agreement page shows what changed since she accepted. Editing, a start
before the programme starts is refused with a clear message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect

from mentoring.relationships.enums import Side
from mentoring.relationships.models import AgreementVersion
from mentoring.relationships.services.agreement import agreement_accept, agreement_save
from tests.e2e.helpers import log_in, shoot
from tests.e2e.test_establishment import da
from tests.factories import ProgrammeFactory
from tests.relationships.test_agreement_support import pair_in, values


def test_the_changes_since_my_acceptance_and_the_start_date_rule(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    programme = ProgrammeFactory(slug="hr-mentor-2030", name_da="Mentorordning 2030")
    pair = pair_in(programme)  # the programme runs 2030-01-01 to 2030-12-31
    first = agreement_save(
        mentorship=pair,
        side=Side.MENTOR,
        values=values(places="Hos Novo Nordisk."),
        expected_number=None,
        expected_revision=None,
    ).version
    agreement_accept(mentorship=pair, side=Side.MENTEE, number=1, revision=first.revision)
    agreement_save(
        mentorship=pair,
        side=Side.MENTOR,
        values=values(places="Hos Novo Nordisk eller på biblioteket.", meetings_planned=8),
        expected_number=1,
        expected_revision=first.revision,
    )

    log_in(page, base, pair.mentee.user.email)
    page.goto(f"{base}/me/mentorships/{pair.pk}/agreement/")
    since = page.locator("main section.agreement-since-mine")
    expect(since.locator("h2")).to_have_text(da("What changed since you accepted"))
    expect(since.locator("ins").first).to_be_visible()
    expect(since).to_contain_text("biblioteket")
    expect(since.locator("del", has_text="6")).to_have_count(1)
    expect(since.locator("ins", has_text="8")).to_have_count(1)
    shoot(page, screenshot_dir, "agreement-since-accepted-da", console_errors)

    # Point 10: a start before the programme's start is refused in the form.
    page.goto(f"{base}/me/mentorships/{pair.pk}/agreement/edit/")
    page.fill("main input[name=starts_on]", date(2029, 12, 1).isoformat())
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Mentorordningen starter 1. januar 2030")
    assert AgreementVersion.objects.get(mentorship=pair).starts_on == date(2030, 2, 1)
