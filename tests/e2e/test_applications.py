"""Journey: a mentee and a mentor apply to an open programme (draft first,
then send), and the coordinator screens and accepts both after an MFA login.

Fields are chosen by input name and value; the texts checked are the Danish
catalogue's (src/mentoring/*/locale/da/LC_MESSAGES/django.po).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from mentoring.common.models import OutboxMessage
from mentoring.participants.models import Participation
from mentoring.programmes.enums import BenefitArea, MentorRole
from mentoring.programmes.models import Programme
from tests.e2e.helpers import (
    enter_totp,
    expect_signed_in,
    fill_login,
    fresh_totp,
    log_in,
    shoot,
    switch_language,
)
from tests.factories import ProgrammeFactory, UserFactory, activate_totp

SLUG = "hr-mentor-efteraar"
NAME_DA = "Mentorordning for HR-folk"
NAME_EN = "Mentoring for HR people"
MENTEE_EMAIL = "mette.mentee@example.org"
MENTOR_EMAIL = "morten.mentor@example.org"

# Danish texts (the .po files' msgstr).
DRAFT_SAVED_DA = "Din kladde er gemt."
SENT_DA = "Din ansøgning er sendt."
DECISION_SAVED_DA = "Beslutningen er gemt, og ansøgeren får besked på e-mail."


def open_programme(coordinator) -> Programme:
    now = timezone.now()
    starts_on = (now + timedelta(days=30)).date()
    return ProgrammeFactory(
        slug=SLUG,
        name_da=NAME_DA,
        name_en=NAME_EN,
        coordinators=[coordinator],
        phase="preparation",
        applications_open_at=now - timedelta(days=1),
        applications_close_at=now + timedelta(days=14),
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=225),
    )


def application_form(page: Page) -> Locator:
    return page.locator("main form.application-form")


def choose(form: Locator, name: str, value: str | int) -> None:
    form.locator(f"input[name={name}][value='{value}']").check()


def fill_common(form: Locator, *, organisation: str, job_title: str, years: int) -> None:
    """The questions both roles answer (About you, motivation, practical)."""
    form.locator("[name=organisation]").fill(organisation)
    form.locator("[name=job_title]").fill(job_title)
    form.locator("[name=years_of_experience]").fill(str(years))
    form.locator("select[name=region]").select_option("midtjylland")
    choose(form, "languages", "da")
    choose(form, "meeting_format", "mixed")
    form.locator("[name=availability]").fill("Tirsdag og torsdag formiddag, ikke i juli.")
    form.locator("[name=motivation]").fill(
        "Jeg vil gerne lære af andres erfaring og give noget af min egen videre."
    )
    form.locator("input[name=commits_to_meetings]").check()


def fill_mentee_form(form: Locator) -> None:
    fill_common(form, organisation="Region Midtjylland", job_title="HR-partner", years=4)
    form.locator("[name=industry]").fill("Offentlig administration")
    choose(form, "change_situation", "new_job")
    form.locator("[name=change_description]").fill(
        "Jeg er netop begyndt som HR-partner for et nyt ledelsesteam."
    )
    form.locator("[name=goal_1]").fill("Blive bedre til svære samtaler")
    form.locator("[name=goal_2]").fill("Lede forandring i mit team")
    # Sending needs every benefit area and every role rated (0-3).
    for number, area in enumerate(BenefitArea.values):
        choose(form, f"benefit_{area}", 3 if number < 2 else 2)
    for number, role in enumerate(MentorRole.values):
        choose(form, f"role_{role}", number % 4)
    form.locator("input[name=commits_to_homework]").check()


def fill_mentor_form(form: Locator) -> None:
    fill_common(form, organisation="Aarhus Kommune", job_title="HR-chef", years=18)
    form.locator("[name=industries]").fill("Offentlig administration, Sundhed")
    form.locator("[name=expertise]").fill(
        "Tyve års erfaring med ledelse, rekruttering og store omstillinger i det offentlige."
    )
    form.locator("[name=expertise_tags]").fill("ledelse, forandringsledelse, rekruttering")
    choose(form, "change_situations_lived", "merger")
    choose(form, "change_situations_lived", "step_up")
    for number, role in enumerate(MentorRole.values):
        choose(form, f"role_{role}", 3 - number % 4)
    form.locator("input[name=commits_to_presence]").check()
    choose(form, "capacity", 2)


def press(form: Locator, action: str) -> None:
    """Press the form's ``action`` button ("draft" or "submit")."""
    form.locator(f"button[type=submit][name=action][value={action}]").click()


def expect_message(page: Page, text: str) -> None:
    expect(page.locator("main .messages .message-success")).to_contain_text(text)


def expect_sent_in_my_applications(page: Page, base: str) -> None:
    expect(page).to_have_url(f"{base}/me/applications/")
    expect_message(page, SENT_DA)
    row = page.locator("main table tbody tr", has_text=NAME_DA)
    expect(row).to_have_count(1)
    expect(row.locator(".status")).to_have_text("Sendt")
    expect(row.locator(".status")).to_have_class("status app-status-submitted")


def test_apply_as_mentee_and_mentor_then_coordinator_accepts(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    coordinator = UserFactory(email="karen.koordinator@example.org", full_name="Karen Koordinator")
    secret = activate_totp(coordinator)
    programme = open_programme(coordinator)
    UserFactory(email=MENTEE_EMAIL, full_name="Mette Mentee")
    UserFactory(email=MENTOR_EMAIL, full_name="Morten Mentor")

    # --- 1. The mentee: public page -> login -> draft -> send ----------------
    page.goto(f"{base}/p/{SLUG}/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator("main h1")).to_have_text(NAME_DA)
    apply_panel = page.locator("main .apply-panel")
    expect(apply_panel).to_contain_text("Der er åbent for ansøgninger.")
    shoot(page, screenshot_dir, "public-programme-da", console_errors)

    apply_panel.get_by_role("link", name="Søg som mentee", exact=True).click()
    # Anonymous: allauth's login page first, then back to the form.
    expect(page.locator("main input[name=login]")).to_be_visible()
    fill_login(page, MENTEE_EMAIL)
    expect(page).to_have_url(f"{base}/p/{SLUG}/apply/mentee/")
    expect(page.locator("main h1")).to_have_text("Ansøgning som mentee")

    form = application_form(page)
    fill_mentee_form(form)
    press(form, "draft")
    expect(page).to_have_url(f"{base}/p/{SLUG}/apply/mentee/")
    expect_message(page, DRAFT_SAVED_DA)
    expect(page.locator("main .application-status .status")).to_have_text("Kladde")
    # The answers come back from the database.
    expect(form.locator("[name=goal_2]")).to_have_value("Lede forandring i mit team")
    expect(form.locator("input[name=change_situation][value=new_job]")).to_be_checked()
    shoot(page, screenshot_dir, "apply-mentee-da", console_errors)

    press(form, "submit")
    expect_sent_in_my_applications(page, base)
    expect(page.locator("main table tbody tr").first).to_contain_text("Mentee")
    shoot(page, screenshot_dir, "my-applications-da", console_errors)

    # --- 2. The mentor: signed in first, English once, then Danish -----------
    page.context.clear_cookies()
    log_in(page, base, MENTOR_EMAIL)
    expect_signed_in(page, base)
    page.goto(f"{base}/p/{SLUG}/")
    page.locator("main .apply-panel").get_by_role("link", name="Søg som mentor").click()
    expect(page).to_have_url(f"{base}/p/{SLUG}/apply/mentor/")
    expect(page.locator("main h1")).to_have_text("Ansøgning som mentor")

    switch_language(page, "English")
    expect(page).to_have_url(f"{base}/p/{SLUG}/apply/mentor/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Application as mentor")
    expect(page.locator("main .lead")).to_have_text(NAME_EN)
    form = application_form(page)
    fill_mentor_form(form)
    press(form, "draft")
    expect_message(page, "Your draft is saved.")
    expect(form.locator("input[name=capacity][value='2']")).to_be_checked()
    shoot(page, screenshot_dir, "apply-mentor-en", console_errors)

    switch_language(page, "Dansk")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator("main h1")).to_have_text("Ansøgning som mentor")
    expect(form.locator("[name=expertise_tags]")).to_have_value(
        "ledelse, forandringsledelse, rekruttering"
    )
    press(form, "submit")
    expect_sent_in_my_applications(page, base)

    mentee_app = Participation.objects.get(programme=programme, user__email=MENTEE_EMAIL)
    mentor_app = Participation.objects.get(programme=programme, user__email=MENTOR_EMAIL)
    assert (mentee_app.role, mentee_app.status) == ("mentee", "submitted")
    assert (mentor_app.role, mentor_app.status, mentor_app.capacity) == ("mentor", "submitted", 2)
    assert mentee_app.goals == ["Blive bedre til svære samtaler", "Lede forandring i mit team"]
    assert mentor_app.expertise_tags == ["ledelse", "forandringsledelse", "rekruttering"]

    # --- 3. The coordinator: MFA login, screening, acceptance ----------------
    page.context.clear_cookies()
    log_in(page, base, coordinator.email)
    expect(page.locator("main input[name=code]")).to_be_visible()
    enter_totp(page, fresh_totp(secret))
    expect_signed_in(page, base)

    page.goto(f"{base}/guide/")
    expect(page.locator("main h1")).to_have_text("Gode råd til mentees og mentorer")
    shoot(page, screenshot_dir, "guide-da", console_errors)

    page.goto(f"{base}/coordinate/{SLUG}/")
    expect(page.locator("main h1")).to_have_text(NAME_DA)
    expect(page.locator("main .counts-table")).to_be_visible()
    shoot(page, screenshot_dir, "programme-detail-coordinator-da", console_errors)

    page.locator("main .action-links").get_by_role("link", name="Ansøgninger og deltagere").click()
    expect(page).to_have_url(f"{base}/coordinate/{SLUG}/participants/")
    rows = page.locator("main table.participant-table tbody tr")
    expect(rows).to_have_count(2)
    for name in ("Mette Mentee", "Morten Mentor"):
        row = rows.filter(has_text=name)
        expect(row.locator(".status")).to_have_text("Sendt")
        expect(row.locator(".badge-success")).to_have_text("Klar")
        expect(row.locator(".badge-warning")).to_have_count(0)
    shoot(page, screenshot_dir, "participants-list-da", console_errors)

    for name, checks in (("Mette Mentee", 4), ("Morten Mentor", 3)):
        page.goto(f"{base}/coordinate/{SLUG}/participants/")
        rows.filter(has_text=name).get_by_role("link", name=name).click()
        expect(page.locator("main h1")).to_have_text(name)
        readiness = page.locator("main section.readiness")
        expect(readiness.locator("h2")).to_have_text("Screening af forudsætninger")
        expect(readiness.locator("li.check-passed")).to_have_count(checks)
        expect(readiness.locator("li.check-flagged")).to_have_count(0)
        if name == "Mette Mentee":
            shoot(page, screenshot_dir, "participant-detail-da", console_errors)
        decision = page.locator("main section.decision form")
        decision.locator("input[name=decision][value=accepted]").check()
        decision.get_by_role("button", name="Gem beslutningen").click()
        expect_message(page, DECISION_SAVED_DA)
        expect(page.locator("main .lead .status")).to_have_text("Optaget")
        expect(page.locator("main section.decision")).to_have_count(0)

    page.goto(f"{base}/coordinate/{SLUG}/participants/")
    expect(rows).to_have_count(2)
    expect(rows.locator(".status")).to_have_text(["Optaget", "Optaget"])
    assert console_errors == []

    # One Danish decision e-mail to each applicant.
    mails = OutboxMessage.objects.filter(key__startswith="application-decided:")
    assert sorted(mails.values_list("to_email", flat=True)) == [MENTEE_EMAIL, MENTOR_EMAIL]
    for mail in mails:
        assert mail.language == "da"
        assert f"Du er optaget i {NAME_DA}" in mail.subject
        assert "Vi er glade for at kunne fortælle" in mail.body_text
    mentee_mail = mails.get(to_email=MENTEE_EMAIL)
    assert mentee_mail.body_text.startswith("Kære Mette")
    assert "blive mentee" in mentee_mail.body_text
    assert "vil være mentor" in mails.get(to_email=MENTOR_EMAIL).body_text
