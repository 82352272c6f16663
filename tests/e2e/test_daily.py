"""Journey (issue 17, points 1, 6 and 7) in a real browser, in Danish and
English, at desktop size and on a phone (390 x 844): a mentee's home page
shows "Det venter på dig" with the match proposal first and the agenda of
the meeting in four days; one click opens the proposal, which introduces the
mentor by name, presentation and organisation; answering it takes it off the
list. The coordinator's programme page opens with the to-do panel.
Screenshots: test-artifacts/screenshots/daily-*.png."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from mentoring.relationships.services import mentorship_propose
from tests.e2e.helpers import enter_totp, fresh_totp, log_in, shoot
from tests.e2e.test_establishment import log_out
from tests.factories import ParticipationFactory, ProgrammeFactory, UserFactory, activate_totp
from tests.meetings.test_meetings import make_pair, plan
from tests.relationships.helpers import accepted_mentee, accepted_mentor

PRESENTATION = "Jeg har ledet HR i tyve år og holder af de svære samtaler om forandring."

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
TEXTS = {
    "da": {
        "inbox": "Det venter på dig",
        "proposal": "Svar på dit matchforslag fra Mads Madsen senest",
        "agenda": "Skriv dagsordenen til mødet",
        "heading": "Din foreslåede mentor: Mads Madsen",
        "todo": "Din huskeliste",
        "screen": "ansøgninger skal vurderes",
    },
    "en": {
        "inbox": "Waiting for you",
        "proposal": "Answer your match proposal from Mads Madsen by",
        "agenda": "Write the agenda for the meeting",
        "heading": "Your proposed mentor: Mads Madsen",
        "todo": "Your to-do list",
        "screen": "applications to screen",
    },
}


def test_the_inbox_and_a_proposal_in_both_languages_and_sizes(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    coordinator = UserFactory(email="karen@example.org", full_name="Karen Koordinator")
    secret = activate_totp(coordinator)
    recruiting = ProgrammeFactory(slug="hr-2027", name_da="Mentorordning for HR-folk 2027")
    recruiting.coordinators.add(coordinator)
    running = ProgrammeFactory(slug="ledere-2026", name_da="Lederudvikling 2026", phase="learning")
    pair = make_pair(running, language="da")
    person = pair.mentee.user
    plan(pair, timezone.now() + timedelta(days=4, hours=2), by=pair.mentor.user)
    mentee = accepted_mentee(recruiting, name="Anna Andersen", user=person)
    mentor = accepted_mentor(
        recruiting, name="Mads Madsen", email="mads.madsen@example.org", organisation="Novo Nordisk"
    )
    mentor.user.presentation = PRESENTATION
    mentor.user.save(update_fields=["presentation"])
    for _ in range(2):
        ParticipationFactory(programme=recruiting, submitted=True, ready=False)
    proposal = mentorship_propose(programme=recruiting, mentee=mentee, mentor=mentor, by=None)

    log_in(page, base, person.email)
    for language, texts in TEXTS.items():
        person.language = language
        person.save(update_fields=["language"])
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            page.goto(f"{base}/")
            inbox = page.locator("main section.inbox")
            expect(inbox.locator("h2")).to_have_text(texts["inbox"])
            items = inbox.locator("li.inbox-item")
            expect(items.first).to_contain_text(texts["proposal"])  # most urgent first
            expect(inbox).to_contain_text(texts["agenda"])
            box = inbox.bounding_box()
            assert box is not None and box["x"] + box["width"] <= viewport["width"]
            shoot(page, screenshot_dir, f"daily-home-{language}-{size}", console_errors)

            items.first.locator("a").click()  # one click from done
            expect(page.locator("main h1")).to_have_text(texts["heading"])
            expect(page.locator("main .person-presentation")).to_have_text(PRESENTATION)
            expect(page.locator("main .match-person")).to_contain_text("Novo Nordisk")
            shoot(page, screenshot_dir, f"daily-proposal-{language}-{size}", console_errors)

    # Answering takes the proposal off the list.
    page.goto(f"{base}/me/matches/{proposal.pk}/")
    page.locator("main input[name=decision][value=accept]").check()
    page.locator("main form.respond-form button[type=submit]").click()
    page.goto(f"{base}/")
    expect(page.locator("main section.inbox")).not_to_contain_text(TEXTS["en"]["proposal"])
    expect(page.locator("main section.inbox")).to_contain_text(TEXTS["en"]["agenda"])
    log_out(page)

    # The coordinator's programme page opens with the to-do panel.
    log_in(page, base, coordinator.email)
    enter_totp(page, fresh_totp(secret))
    for language, texts in TEXTS.items():
        coordinator.language = language
        coordinator.save(update_fields=["language"])
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            page.goto(f"{base}/coordinate/{recruiting.slug}/")
            panel = page.locator("main section.todo-panel")
            expect(panel.locator("h2")).to_have_text(texts["todo"])
            expect(panel).to_contain_text(texts["screen"])
            shoot(page, screenshot_dir, f"daily-todo-{language}-{size}", console_errors)
