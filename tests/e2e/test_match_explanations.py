"""Why you were matched, in a real browser (issue 17, point 6): the mentee
reads the explanations of her proposal as "du" in Danish, the mentor reads
his as "you" in English; screenshots of both pages."""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse
from playwright.sync_api import Page, expect

from mentoring.relationships.models import Mentorship
from tests.e2e.helpers import log_in, shoot
from tests.relationships.helpers import accepted_mentee, accepted_mentor, ranked_choice_published


def test_the_mentee_and_the_mentor_read_why_they_were_matched(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path, programme, coordinator
) -> None:
    anna = accepted_mentee(
        programme, name="Anna Andersen", email="anna@example.org", organisation="Aarhus Kommune"
    )
    per = accepted_mentor(
        programme,
        name="Per Poulsen",
        email="per@example.org",
        organisation="Vestas",
        language="en",
        tags=["forandringsledelse"],
    )
    ranked_choice_published(programme, coordinator=coordinator, mentee=anna, mentor=per)
    mentorship = Mentorship.objects.get(mentee=anna, mentor=per)
    url = live_server.url + reverse("relationships:match", args=[mentorship.pk])

    log_in(page, live_server.url, "anna@example.org")
    page.goto(url)
    why = page.locator("main .why-list")
    expect(why).to_contain_text("Du har valgt denne mentor som dit 1. valg.")
    expect(why).to_contain_text("Din mentors ekspertise i forandringsledelse passer til dine mål")
    expect(why).not_to_contain_text("menteen")
    shoot(page, screenshot_dir, "match-why-mentee-da", console_errors)

    page.context.clear_cookies()
    log_in(page, live_server.url, "per@example.org")
    page.goto(url)
    why = page.locator("main .why-list")
    expect(why).to_contain_text("Your expertise in forandringsledelse fits your mentee's goals")
    expect(why).not_to_contain_text("choice")
    expect(why).not_to_contain_text("the mentor")
    shoot(page, screenshot_dir, "match-why-mentor-en", console_errors)
