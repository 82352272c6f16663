"""axe-core over every page type (issue 17, point 5), in Danish and English, at
1280x800 and 390x844: any serious or critical violation of a WCAG 2.0/2.1/2.2
A or AA rule fails the test, listed with its page and selector.

The pages are those of the demo (``seed_demo``, what ``make run`` shows) plus a
matching run, a planned meeting, a note and an open midway check-in made through
the services. Each role logs in once; the language is switched with the header's
button and each page is checked at both sizes. Every violation found, whatever its
impact, is written to ``test-artifacts/axe-report.json`` with counts per impact,
language and size.
"""

from __future__ import annotations

import io
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentoring.accounts.models import User
from mentoring.demo import data as demo
from mentoring.evaluations.defaults import questionnaires_ensure
from mentoring.evaluations.enums import SurveyKind
from mentoring.evaluations.services import questionnaire_open
from mentoring.evaluations.tasks import surveys_send_due
from mentoring.matching.services import matching_run
from mentoring.meetings.services.meetings import meeting_plan
from mentoring.meetings.services.notes import note_create
from mentoring.meetings.services.validation import MeetingValues
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.relationships.models import Mentorship
from tests.e2e.axe import BLOCKING, IMPACTS, Violation, axe_run
from tests.e2e.helpers import enter_totp, expect_signed_in, fresh_totp, log_in, switch_language
from tests.e2e.test_establishment import log_out

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
REPORT = Path(__file__).resolve().parents[2] / "test-artifacts" / "axe-report.json"

OPEN = demo.PROGRAMME_SLUG  # preparation: applications, matching
RUNNING = demo.PROGRAMME_2026_SLUG  # establishing: pairs, meetings, surveys
PILOT = demo.PILOT_2026_SLUG  # ended: results


@dataclass(frozen=True)
class Login:
    """Who logs in, and in which language (the two-factor page, when the account
    has it, is checked in that language on the way in)."""

    email: str
    two_factor: bool = False
    language: str = "da"


@dataclass
class Checks:
    """The live server's address, and what the checks found so far."""

    base: str
    found: list[Violation] = field(default_factory=list)
    checked: Counter[str] = field(default_factory=Counter)

    def both_sizes(self, page: Page, name: str, *, language: str) -> None:
        """Check the page as it is now at the desktop size, then at the phone size."""
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            self.found.extend(axe_run(page, name=name, language=language, size=size))
            self.checked[f"{language} {size}"] += 1

    def pages(self, page: Page, pages: dict[str, str], *, language: str) -> None:
        """Open each page once (at the desktop size) and check it at both sizes."""
        for name, path in pages.items():
            page.set_viewport_size(dict(zip(("width", "height"), SIZES["desktop"], strict=True)))
            page.goto(self.base + path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            self.both_sizes(page, f"{name} {path}", language=language)


LANGUAGE_BUTTON = {"da": "Dansk", "en": "English"}


def use_language(page: Page, language: str) -> None:
    """Switch with the header's button unless the page is in ``language`` (or no
    page is open yet: the browser asks for Danish)."""
    if page.url != "about:blank" and page.locator("html").get_attribute("lang") != language:
        switch_language(page, LANGUAGE_BUTTON[language])


def check_as(page: Page, login: Login | None, pages: dict[str, str], *, checks: Checks) -> None:
    """Log in (``None``: stay anonymous), switch to Danish, check ``pages`` in
    Danish then in English (then back to Danish), log out."""
    if login is not None:
        use_language(page, login.language)
        log_in(page, checks.base, login.email, demo.DEMO_PASSWORD)
        if login.two_factor:
            expect(page.locator("main input[name=code]")).to_be_visible()
            expect(page.locator("html")).to_have_attribute("lang", login.language)
            checks.both_sizes(page, "two-factor code", language=login.language)
            enter_totp(page, fresh_totp(demo.TOTP_SECRET))
        expect_signed_in(page, checks.base)
    use_language(page, "da")
    checks.pages(page, pages, language="da")
    use_language(page, "en")
    checks.pages(page, pages, language="en")
    use_language(page, "da")
    if login is not None:
        # The header's own log-out button (no menu to open at the desktop size).
        page.set_viewport_size(dict(zip(("width", "height"), SIZES["desktop"], strict=True)))
        log_out(page)


def make_the_rest(now) -> dict[str, int | str]:
    """What the demo lacks for a page type: a matching run, a meeting, a note, an
    open midway check-in. Returns the ids the addresses need."""
    coordinator = User.objects.get(email=demo.COORDINATOR.email)
    mentee = User.objects.get(email=demo.MENTEE_LOGIN.email)
    open_programme = Programme.objects.get(slug=OPEN)
    running = Programme.objects.get(slug=RUNNING)
    run = matching_run(programme=open_programme, by=coordinator)
    pair = Mentorship.objects.get(programme=running, mentee__user=mentee)
    meeting = meeting_plan(
        mentorship=pair,
        by=mentee,
        values=MeetingValues(
            starts_at=now + timedelta(days=7), duration_minutes=90, venue_kind="virtual"
        ),
        agenda="Forandringen efter fusionen.",
    )
    note = note_create(
        mentorship=pair, author=mentee, body="**Forberedelse**: tre spørgsmål.", title="Noter"
    )
    midway = next(q for q in questionnaires_ensure(running) if q.kind == SurveyKind.MIDWAY)
    questionnaire_open(questionnaire=midway, by=None)
    surveys_send_due(now)
    applicant = Participation.objects.filter(programme=open_programme).order_by("pk").first()
    assert applicant is not None
    return {
        "run": run.number,
        "pair": pair.pk,
        "meeting": meeting.pk,
        "note": note.pk,
        "participant": applicant.pk,
    }


def pages_by_role(ids: dict[str, int | str]) -> list[tuple[Login | None, dict[str, str]]]:
    """Who checks which pages: anonymous, the superuser (staff pages; the
    two-factor page in Danish), the coordinator (the two-factor page in English),
    the mentee of the demo pair and its mentor."""
    pair, meeting, note = ids["pair"], ids["meeting"], ids["note"]
    me = f"/me/mentorships/{pair}/"
    return [
        (
            None,
            {
                "front page": "/",
                "login": "/accounts/login/",
                "sign-up": "/accounts/signup/",
                "password reset": "/accounts/password/reset/",
                "public programmes": "/p/",
                "public programme": f"/p/{OPEN}/",
                "advice": "/guide/",
                "not found (404)": "/no-such-page/",
            },
        ),
        (
            Login(demo.ADMIN.email, two_factor=True, language="da"),
            {
                "home (staff)": "/",
                "e-mail log": "/staff/mail/",
                "single sign-on": "/staff/sso/",
                "identity provider form": "/staff/sso/add/",
                "provisioning": "/staff/provisioning/",
                "provisioning CSV": "/staff/provisioning/users/",
                "erasure requests": "/coordinate/privacy/erasures/",
                "two-factor settings": "/accounts/2fa/",
                "application form": f"/p/{OPEN}/apply/mentee/",
                "profile": "/me/profile/",
                "e-mail addresses": "/accounts/email/",
                "change password": "/accounts/password/change/",
            },
        ),
        (
            Login(demo.COORDINATOR.email, two_factor=True, language="en"),
            {
                "home (coordinator)": "/",
                "programmes": "/coordinate/",
                "new programme": "/coordinate/new/",
                "programme": f"/coordinate/{OPEN}/",
                "programme settings": f"/coordinate/{OPEN}/edit/",
                "programme log": f"/coordinate/{OPEN}/log/",
                "participants": f"/coordinate/{OPEN}/participants/",
                "participant": f"/coordinate/{OPEN}/participants/{ids['participant']}/",
                "import participants": f"/coordinate/{OPEN}/participants/import/",
                "matching": f"/coordinate/{OPEN}/matching/",
                "matching run": f"/coordinate/{OPEN}/matching/runs/{ids['run']}/",
                "pairs": f"/coordinate/{RUNNING}/pairs/",
                "pair (coordinator)": f"/coordinate/{RUNNING}/pairs/{pair}/",
                "meetings overview": f"/coordinate/{RUNNING}/meetings/",
                "surveys": f"/coordinate/{RUNNING}/surveys/",
                "questionnaire": f"/coordinate/{RUNNING}/surveys/midway/",
                "results": f"/coordinate/{PILOT}/results/",
                "comparison": f"/coordinate/{RUNNING}/results/compare/?with={PILOT}",
                "webhooks": f"/coordinate/{RUNNING}/webhooks/",
                "new webhook": f"/coordinate/{RUNNING}/webhooks/new/",
                "API tokens": "/coordinate/api-tokens/",
                "new API token": "/coordinate/api-tokens/new/",
            },
        ),
        (
            Login(demo.MENTEE_LOGIN.email),
            {
                "home (mentee)": "/",
                "applications": "/me/applications/",
                "match proposals": "/me/matches/",
                "pair home": me,
                "roles exercise": f"{me}roles/",
                "agreement": f"{me}agreement/",
                "agreement form": f"{me}agreement/edit/",
                "meetings": f"{me}meetings/",
                "plan a meeting": f"{me}meetings/new/",
                "meeting": f"{me}meetings/{meeting}/",
                "agenda": f"{me}meetings/{meeting}/agenda/",
                "homework": f"{me}homework/",
                "goals": f"{me}goals/",
                "journal": f"{me}journal/",
                "note": f"{me}journal/{note}/",
                "new note": f"{me}journal/new/",
                "surveys": "/me/surveys/",
                "evaluation form": f"{me}surveys/midway/",
                "calendar": "/me/calendar/",
                "privacy": "/me/privacy/",
            },
        ),
        (
            Login(demo.MENTOR_LOGIN.email),
            {
                "home (mentor)": "/",
                "pair home (mentor)": me,
                "meeting (mentor)": f"{me}meetings/{meeting}/",
            },
        ),
    ]


def test_axe_finds_no_serious_or_critical_violation(live_server, page: Page) -> None:
    started = time.monotonic()
    call_command("seed_demo", stdout=io.StringIO())
    roles = pages_by_role(make_the_rest(timezone.now()))
    checks = Checks(base=live_server.url)
    for login, pages in roles:
        check_as(page, login, pages, checks=checks)

    seconds = time.monotonic() - started
    write_report(checks.found, checks.checked, seconds)
    # Every page in both languages at both sizes, and each two-factor page in
    # its own language at both sizes: 66 checks per language and size.
    per_language = sum(len(pages) for _, pages in roles)
    for language in ("da", "en"):
        two_factor = sum(
            1 for login, _ in roles if login and login.two_factor and login.language == language
        )
        for size in SIZES:
            assert checks.checked[f"{language} {size}"] == per_language + two_factor
    blocking = sorted({str(v) for v in checks.found if v.impact in BLOCKING})
    assert blocking == [], "\n".join(blocking)


def write_report(found: list[Violation], checked: Counter[str], seconds: float) -> None:
    """Counts per impact, language and size, and every violation, as JSON."""
    counts: dict[str, dict[str, int]] = {}
    for key in sorted(checked):
        language, size = key.split()
        counts[key] = {
            impact: sum(
                1 for v in found if v.language == language and v.size == size and v.impact == impact
            )
            for impact in IMPACTS
        }
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(
        json.dumps(
            {
                "seconds": round(seconds, 1),
                "pages_checked": dict(checked),
                "violations_per_impact": counts,
                "violations": [v.__dict__ for v in found],
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    print(f"axe: {sum(checked.values())} page checks in {seconds:.0f} s")
    for key, per_impact in counts.items():
        print(f"axe {key}: {per_impact}")
