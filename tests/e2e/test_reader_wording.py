"""Texts from the reader's side, in a real browser (Danish): the mentee's
shortlist explains each candidate as "denne mentor", and a pair's meeting page
names the workplace from each reader's side ("På din arbejdsplads" for the
host, the host's name for the other). Screenshots of the three pages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in, shoot
from tests.matching.test_ranking import ranking_on
from tests.meetings.test_meetings import make_pair, plan
from tests.relationships.helpers import small_programme


def test_the_shortlist_speaks_of_this_mentor(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path, programme, coordinator
) -> None:
    small_programme(programme)
    ranking_on(programme, coordinator)
    log_in(page, live_server.url, "anna.mentee@example.org")
    page.goto(live_server.url + reverse("matching:shortlist", args=[programme.slug]))
    why = page.locator("main .why-list").first
    expect(why).to_contain_text("Denne mentor")
    expect(page.locator("main .shortlist-why").first).to_have_text(
        "Sådan passer denne mentor til dig"
    )
    main = page.locator("main")
    expect(main).not_to_contain_text("menteen")
    expect(main).not_to_contain_text("Din mentor")
    shoot(page, screenshot_dir, "shortlist-candidates-mentee-da", console_errors)


def test_the_meeting_page_names_the_workplace_from_each_side(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path, programme
) -> None:
    pair = make_pair(programme, language="da")  # Anna Andersen and Mads Madsen (Novo Nordisk)
    meeting = plan(
        pair,
        timezone.now() + timedelta(days=4),
        venue="mentor_workplace",
        venue_name="Mødelokale 4",
        theme="Svære samtaler",
    )
    url = live_server.url + reverse("meetings:detail", args=[pair.pk, meeting.pk])

    log_in(page, live_server.url, pair.mentee.user.email)
    page.goto(url)
    expect(page.locator("main")).to_contain_text(
        "På arbejdspladsen hos Mads Madsen (Novo Nordisk): Mødelokale 4"
    )
    expect(page.locator("main")).not_to_contain_text("mentors arbejdsplads")
    shoot(page, screenshot_dir, "meeting-venue-mentee-da", console_errors)

    page.context.clear_cookies()
    log_in(page, live_server.url, pair.mentor.user.email)
    page.goto(url)
    expect(page.locator("main")).to_contain_text("På din arbejdsplads (Novo Nordisk): Mødelokale 4")
    shoot(page, screenshot_dir, "meeting-venue-mentor-da", console_errors)
    page.goto(live_server.url + reverse("meetings:edit", args=[pair.pk, meeting.pk]))
    expect(page.get_by_label("På din arbejdsplads")).to_be_checked()
    expect(page.get_by_label("På din mentees arbejdsplads")).to_be_visible()
    shoot(page, screenshot_dir, "meeting-edit-venue-mentor-da", console_errors)
