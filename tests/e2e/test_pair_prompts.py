"""Journey (issue 16, points 11, 16 and 17), in Danish, in a real browser: a
pair with an agreement of 120-minute meetings plans a meeting (the form
starts at 120), the mentor reads the mentee's agenda as Markdown; a held
meeting neither asks for an agenda nor offers a calendar file; while the
pair is ending it is not told to plan more meetings; once completed it is
not sent to the roles exercise, and the coordinator's pair page says
"completed", not the wording of an early ending.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from playwright.sync_api import Page, expect

from mentoring.meetings.services.closure import closure_confirm, closure_start
from mentoring.meetings.services.meetings import meeting_cancel
from mentoring.relationships.models import Mentorship
from tests.e2e.helpers import enter_totp, fresh_totp, log_in, shoot
from tests.e2e.test_establishment import da, log_out
from tests.factories import ProgrammeFactory, UserFactory, activate_totp
from tests.meetings.test_meetings import local, make_pair, plan

MENTEE_AGENDA = "**Vigtigt:** min nye rolle\n\n- første punkt\n- andet punkt"


def test_prompts_follow_what_the_pair_can_do(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    coordinator = UserFactory(email="karen@example.org", full_name="Karen Koordinator")
    secret = activate_totp(coordinator)
    programme = ProgrammeFactory(
        slug="hr-mentor-2026", name_da="Mentorordning for HR-folk 2026", phase="learning"
    )
    programme.coordinators.add(coordinator)
    pair: Mentorship = make_pair(programme, language="da", meeting_minutes=120)
    pair_url = f"{base}/me/mentorships/{pair.pk}/"
    held = plan(pair, local(-3), by=pair.mentor.user, held=True)
    ahead = plan(pair, local(5), by=pair.mentee.user, agenda=MENTEE_AGENDA)

    # --- Point 17: the plan form starts from the agreed 120 minutes.
    log_in(page, base, pair.mentee.user.email)
    page.goto(f"{pair_url}meetings/new/")
    expect(page.locator("main input[name=duration_minutes]")).to_have_value("120")

    # --- Point 16: a held meeting asks for no agenda and offers no .ics.
    page.goto(f"{pair_url}meetings/{held.pk}/")
    expect(page.locator(f"main a[href$='/meetings/{held.pk}/invite.ics']")).to_have_count(0)
    expect(page.locator("main .meeting-agenda")).to_contain_text(
        da("No agenda was written for this meeting.")
    )
    expect(page.locator("main .meeting-agenda")).not_to_contain_text(
        da("You have not written the agenda yet.")[:30]
    )
    log_out(page)

    # --- Point 17: the mentor reads the agenda as Markdown.
    log_in(page, base, pair.mentor.user.email)
    page.goto(f"{pair_url}meetings/{ahead.pk}/")
    agenda = page.locator("main .meeting-agenda .meeting-text")
    expect(agenda.locator("strong")).to_have_text("Vigtigt:")
    expect(agenda.locator("li")).to_have_count(2)
    expect(agenda).not_to_contain_text("**")

    # --- Point 16: while the pair is ending, nothing "more to plan".
    closure_start(mentorship=pair, by=pair.mentor.user)
    pair.refresh_from_db()
    page.goto(pair_url)
    expect(page.locator("main .meeting-plan-headline")).to_contain_text("1 af 6 møder holdt")
    expect(page.locator("main .meeting-plan-facts")).not_to_contain_text("mere at planlægge")

    # --- Point 16: once completed, no "Go to the roles exercise".
    meeting_cancel(meeting=ahead, by=pair.mentor.user)
    closure_confirm(mentorship=pair, by=pair.mentor.user)
    pair.refresh_from_db()
    page.goto(pair_url)
    expect(page.locator("main")).to_contain_text(da("Mentor's Many Roles"))
    expect(page.locator("main").get_by_text(da("Go to the roles exercise"))).to_have_count(0)
    shoot(page, screenshot_dir, "pair-home-completed-da", console_errors)
    log_out(page)

    # --- Point 11: the coordinator's pair page says "completed".
    log_in(page, base, coordinator.email)
    enter_totp(page, fresh_totp(secret))
    page.goto(f"{base}/coordinate/{programme.slug}/pairs/{pair.pk}/")
    with override("da"):
        when = date_format(timezone.localdate(pair.ended_at), "DATE_FORMAT")
    status = page.locator("main dl.facts").first
    expect(status).to_contain_text(f"Gennemført den {when}")
    expect(status).not_to_contain_text("Afsluttet ved")
