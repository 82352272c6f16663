"""Phone-first layout (issue 17, point 4, and the table regions of point 5)
in a real browser.

* No page scrolls sideways on a phone: at 390 x 844 and at 320 px wide,
  ``document.documentElement.scrollWidth`` stays within the window, on the
  main pages of each role (mentee, mentor, coordinator, staff) of the demo
  data as ``make run`` loads it, in Danish and English. Run with ``-s`` to
  print the measured widths. Percentages keep number and sign together.
* The signed-in header folds into a menu button on a phone, which opens and
  closes with the keyboard (Enter, Space, Escape) and says so
  (``aria-expanded``); without JavaScript the menu is a plain visible list.
* A table too wide for the phone scrolls inside a region that is focusable,
  scrolls with the arrow keys and is named by the table's caption.

Screenshots: ``ux-phone-{home,run,participants,dashboard}-{da,en}.png``
(390 x 844, full page) and ``ux-desktop-*`` (1280 x 800) of the same.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from mentoring.accounts.models import User
from mentoring.common.mail import mail_store
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
from tests.factories import UserFactory, activate_totp
from tests.meetings.test_meetings import plan

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
LANGUAGES = ("da", "en")

#: How wide the page is (what scrolls sideways), and what sticks out when it is
#: too wide: elements whose right edge passes the window outside any scrolling box.
#: Two frames first, so that charts have followed a change of the window's size.
MEASURE = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const width = innerWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right <= width + 0.5 || box.width === 0) continue;
    let inside = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(up).overflowX)) {
        inside = true;
        break;
      }
    }
    if (!inside) wide.push(`${el.tagName}.${el.className} → ${Math.round(box.right)}`);
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(-5)};
}"""


#: Each chart of the dashboard: its bars' direction, the widest line of its
#: labels as drawn, and the room the label axis has (left of the bars).
CHARTS = """() => [...document.querySelectorAll('canvas[data-chart]')].map((canvas) => {
  const chart = Chart.getChart(canvas);
  const axis = chart.options.indexAxis;
  const scale = chart.scales[axis === 'y' ? 'y' : 'x'];
  const ctx = chart.ctx;
  ctx.save();
  ctx.font = Chart.helpers.toFont(scale.options.ticks.font).string;
  const lines = chart.data.labels.flatMap((label) => Array.isArray(label) ? label : [label]);
  const widest = Math.max(...lines.map((line) => ctx.measureText(line).width));
  ctx.restore();
  return {
    key: canvas.dataset.chart, axis, widest: Math.round(widest),
    room: Math.round(scale.left + scale.width),
    labels: chart.data.labels.length, shown: scale.ticks.length,
  };
})"""


def sign_in(context: BrowserContext, base: str, user: User) -> None:
    """A fully signed-in session, as after the password and (for staff) the
    authenticator code; the login pages have their own journeys."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.clear_cookies()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])


def demo_pages() -> dict[str, list[tuple[str, str]]]:
    """The main pages of each role on the demo data: (name, address). The demo
    pair plans a meeting and reaches its end (the final evaluation is sent);
    the open programme gets a matching run."""
    new = Programme.objects.get(slug=demo.PROGRAMME_SLUG)
    running = Programme.objects.get(slug=demo.PROGRAMME_2026_SLUG)
    coordinator = User.objects.get(email=demo.COORDINATOR.email)
    pair = Mentorship.objects.get(programme=running, mentee__user__email=demo.MENTEE_LOGIN.email)
    now = timezone.now()
    meeting = plan(pair, now + timedelta(days=4), by=pair.mentee.user, agenda="Fusionen")
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
        ("meetings", f"{me}/meetings/"),
        ("journal", f"{me}/journal/"),
        ("roles exercise", f"{me}/roles/"),
        ("meeting", f"{me}/meetings/{meeting.pk}/"),
        ("homework", f"{me}/homework/"),
        ("goals", f"{me}/goals/"),
        ("evaluation", f"{me}/surveys/final/"),
    ]
    c = f"/coordinate/{new.slug}"
    r = f"/coordinate/{running.slug}"
    results = f"/coordinate/{demo.PILOT_2026_SLUG}/results"
    return {
        "mentee": [
            ("home", "/"),
            *pair_pages,
            ("surveys", "/me/surveys/"),
            ("applications", "/me/applications/"),
            ("calendar", "/me/calendar/"),
            ("profile", "/me/profile/"),
            ("privacy", "/me/privacy/"),
            ("programme (public)", f"/p/{new.slug}/"),
        ],
        "mentor": [("home", "/"), *pair_pages[:4]],
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
            ("results dashboard", f"{results}/"),
            ("comparison", f"{results}/compare/"),
            ("audit log", f"{c}/log/"),
            ("import", f"{c}/participants/import/"),
            ("webhooks", f"{c}/webhooks/"),
            ("api tokens", "/coordinate/api-tokens/"),
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
#: Screenshots: (role, page name) → file name part.
SHOTS = {
    ("mentee", "home"): "home",
    ("coordinator", "run page"): "run",
    ("coordinator", "participants"): "participants",
    ("coordinator", "results dashboard"): "dashboard",
}


def width_table(rows: dict[tuple[str, str, str], dict[int, int]]) -> str:
    lines = [f"{'role':<12} {'lang':<4} {'page':<20} {'390':>5} {'320':>5}"]
    for (role, language, name), by_width in rows.items():
        lines.append(f"{role:<12} {language:<4} {name:<20} {by_width[390]:>5} {by_width[320]:>5}")
    return "\n".join(lines)


def test_no_page_scrolls_sideways_on_a_phone(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    call_command("seed_demo", stdout=io.StringIO())
    pages = demo_pages()
    widths: dict[tuple[str, str, str], dict[int, int]] = {}
    too_wide: list[str] = []
    for role, email in LOGINS.items():
        user = User.objects.get(email=email)
        sign_in(page.context, base, user)
        for language in LANGUAGES:
            User.objects.filter(pk=user.pk).update(language=language)
            for name, address in pages[role]:
                page.set_viewport_size(PHONE)
                response = page.goto(base + address)
                assert response is not None and response.status == 200, (role, address)
                expect(page.locator("html")).to_have_attribute("lang", language)
                for viewport in (PHONE, NARROW):
                    page.set_viewport_size(viewport)
                    measured = page.evaluate(MEASURE)
                    widths.setdefault((role, language, name), {})[viewport["width"]] = measured[
                        "scroll"
                    ]
                    if measured["scroll"] > measured["width"]:
                        too_wide.append(
                            f"{role} {language} {name} at {viewport['width']} px: "
                            f"{measured['scroll']} px wide ({'; '.join(measured['wide'])})"
                        )
                if name == "results dashboard":
                    # On a phone every chart has horizontal bars whose labels fit
                    # beside them: wrapped, every line within the chart's label axis.
                    charts = page.evaluate(CHARTS)
                    assert charts and all(chart["axis"] == "y" for chart in charts), charts
                    assert all(chart["widest"] <= chart["room"] for chart in charts), charts
                    assert all(chart["shown"] == chart["labels"] for chart in charts), charts
                    # Every percentage keeps its number and sign on one line.
                    shares = page.locator("main td.num").filter(has_text="%").all_inner_texts()
                    assert shares, "no percentage on the dashboard"
                    assert all(re.fullmatch(r"\d+[,.]\d\u00a0%", share) for share in shares), shares
                    decimal = "," if language == "da" else "."
                    assert all(decimal in share for share in shares), shares
                if (role, name) in SHOTS:
                    shot = SHOTS[(role, name)]
                    page.set_viewport_size(PHONE)
                    shoot(page, screenshot_dir, f"ux-phone-{shot}-{language}", console_errors)
                    page.set_viewport_size(DESKTOP)
                    shoot(page, screenshot_dir, f"ux-desktop-{shot}-{language}", console_errors)
    print("\nPage widths (document.documentElement.scrollWidth, px)\n" + width_table(widths))
    assert too_wide == [], "\n".join(too_wide)
    assert console_errors == []


def test_the_menu_button_on_a_phone_works_with_the_keyboard_and_without_scripts(
    live_server, page: Page, browser: Browser, console_errors: list[str]
) -> None:
    base = live_server.url
    person = UserFactory(email="telefon@example.org", full_name="Tove Telefon", language="en")
    sign_in(page.context, base, person)
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/me/profile/")
    header = page.locator("header.site-header")
    button = header.get_by_role("button", name="Menu")
    menu = page.locator("#main-menu")
    account = menu.get_by_role("link", name="My account")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-controls", "main-menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(account).to_be_hidden()
    # The folded header is one row (it was 155 to 183 px high before): the
    # name, the menu and the language buttons, at 390 and at 320 px.
    for viewport in (NARROW, PHONE):
        page.set_viewport_size(viewport)
        box = header.bounding_box()
        assert box is not None and box["height"] <= 64, (viewport, box)
    expect(header.get_by_role("button", name="Dansk")).to_be_visible()

    # Keyboard: Tab reaches the button; Enter opens, Tab goes into the menu,
    # Escape closes it and returns to the button; Space opens and closes too.
    page.locator("body").press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(account).to_be_visible()
    page.keyboard.press("Tab")
    assert menu.evaluate("(list) => list.contains(document.activeElement)")
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(account).to_be_hidden()
    expect(button).to_be_focused()
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("button", name="Log out")).to_be_visible()
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "false")
    # A link in the open menu works.
    button.click()
    account.click()
    expect(page).to_have_url(f"{base}/me/profile/")

    # On a wide screen the links are shown and the button is not.
    page.set_viewport_size(DESKTOP)
    expect(button).to_be_hidden()
    expect(account).to_be_visible()
    assert console_errors == []

    # Without JavaScript the menu is a plain, visible list (no button).
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="da-DK")
    try:
        sign_in(context, base, person)
        plain = context.new_page()
        plain.goto(f"{base}/me/profile/")
        expect(plain.locator("header .menu-toggle")).to_be_hidden()
        expect(plain.locator("#main-menu").get_by_role("link", name="My account")).to_be_visible()
        expect(plain.locator("#main-menu").get_by_role("button", name="Log out")).to_be_visible()
        assert plain.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_a_wide_table_scrolls_in_a_labelled_region_reached_by_keyboard(
    live_server, page: Page, console_errors: list[str]
) -> None:
    base = live_server.url
    staff = UserFactory(email="drift@example.org", full_name="Dorte Drift", language="en")
    User.objects.filter(pk=staff.pk).update(is_staff=True, is_superuser=True)
    activate_totp(staff)  # staff pages ask for two-factor authentication
    for number in range(3):
        mail_store(
            key=f"phone:{number}",
            to_email=f"modtager.med.en.lang.adresse.{number}@eksempel-kommune.dk",
            subject="[Mentorordning] Et emne der er langt nok til at fylde en hel linje",
            body_text="Hej.",
            language="da",
        )
    sign_in(page.context, base, staff)
    page.set_viewport_size(NARROW)
    page.goto(f"{base}/staff/mail/")
    caption = page.locator("main table caption")
    region = page.get_by_role("region", name=caption.inner_text().strip())
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("aria-labelledby", caption.get_attribute("id") or "-")
    expect(region.locator("table")).to_have_count(1)
    # The table is wider than the phone; the page is not.
    assert region.evaluate("(el) => el.scrollWidth > el.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    # Reached with Tab (after the links before it), scrolled with the arrow keys.
    page.locator("main h1").click()
    for _ in range(20):
        page.keyboard.press("Tab")
        if region.evaluate("(el) => el === document.activeElement"):
            break
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('main .table-wrap').scrollLeft > 0", timeout=2000
    )
    assert console_errors == []
