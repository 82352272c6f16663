"""Journey (issue 5): a freshly accepted pair goes through the establishment
phase in a real browser, in Danish: both do the "Mentor's Many Roles"
exercise, agree the roles, the mentor drafts the collaboration agreement,
both accept it, the mentee downloads the PDF, the first meeting is marked
held and both answer "good fit" at the trial gate.

Button texts are looked up in the Danish catalogue (``gettext`` under
``override("da")``), so the test follows the translations instead of
repeating them.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext, ngettext, override, pgettext
from playwright.sync_api import Page, expect

from mentoring.relationships.enums import MentorshipStatus, TrialAnswer
from mentoring.relationships.models import AgreementVersion, Mentorship
from tests.e2e.helpers import expect_signed_in, log_in, open_menu, shoot
from tests.factories import ProgrammeFactory
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair
from tests.relationships.test_agreement_pdf import pdf_text


def da(message: str) -> str:
    with override("da"):
        return gettext(message)


def log_out(page: Page) -> None:
    open_menu(page)
    page.locator("header form[action='/accounts/logout/'] button[type=submit]").click()
    page.wait_for_load_state()


def next_step_button(page: Page, text: str) -> None:
    page.locator("main").get_by_role("link", name=da(text), exact=True).first.click()


def test_roles_agreement_pdf_and_trial_gate(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path, tmp_path: Path
) -> None:
    base = live_server.url
    today = timezone.localdate()
    programme = ProgrammeFactory(
        slug="hr-mentor-2026",
        name_da="Mentorordning for HR-folk 2026",
        name_en="Mentoring for HR people 2026",
        phase="establishing",
        starts_on=today - timedelta(days=7),
        ends_on=today + timedelta(days=300),
    )
    mentee = accepted_mentee(programme, name="Åse Ærø", email="aase@example.org")
    mentor = accepted_mentor(
        programme, name="Søren Østergård", email="soeren@example.org", organisation="Novo Nordisk"
    )
    pair: Mentorship = accepted_pair(programme, mentee=mentee, mentor=mentor)
    pair_url = f"{base}/me/mentorships/{pair.pk}/"

    # --- 1. The mentee does the roles exercise (prefilled from the application)
    log_in(page, base, "aase@example.org")
    expect_signed_in(page, base)
    page.goto(pair_url)
    expect(page.locator("main")).to_contain_text("Søren Østergård")
    shoot(page, screenshot_dir, "pair-home-new-da", console_errors)
    next_step_button(page, "Do the roles exercise")
    expect(page.locator("main input[name=rating_sparring_partner][value='3']")).to_be_checked()
    page.fill("main textarea[name=comment_sponsor]", "Jeg vil gerne høre om karrierevalg.")
    page.get_by_role("button", name=da("Send my answers")).click()
    expect(page.locator("main .messages")).to_be_visible()
    # Waiting for the mentor: nothing to compare or agree yet.
    expect(page.locator("main form.roles-agree-form")).to_have_count(0)
    log_out(page)

    # --- 2. The mentor answers, sees both side by side and records the roles
    log_in(page, base, "soeren@example.org")
    page.goto(pair_url)
    next_step_button(page, "Do the roles exercise")
    page.get_by_role("button", name=da("Send my answers")).click()
    expect(page.locator("main")).to_contain_text("Jeg vil gerne høre om karrierevalg.")
    shoot(page, screenshot_dir, "roles-compare-da", console_errors)
    agree_form = page.locator("main form.roles-agree-form")
    expect(agree_form.locator("input[value=sparring_partner]")).to_be_checked()
    agree_form.get_by_role("button", name=da("Record the roles we agree on")).click()
    pair.refresh_from_db()
    assert "sparring_partner" in pair.agreed_roles and pair.roles_agreed_at is not None

    # --- 3. The mentor drafts the agreement (prefilled) and accepts it
    page.goto(pair_url)
    next_step_button(page, "Draft the collaboration agreement")
    page.locator("main").get_by_role("link", name=da("Start the draft")).click()
    expect(page.locator("main input[name=meetings_planned]")).to_have_value(
        str(programme.min_meetings)
    )
    page.get_by_role("button", name=da("Save the agreement")).click()
    expect(page).to_have_url(f"{pair_url}agreement/")
    accept_v1 = da("I accept version %(number)s") % {"number": 1}
    page.locator("main").get_by_role("button", name=accept_v1).first.click()
    version = AgreementVersion.objects.get(mentorship=pair, number=1)
    assert version.mentor_accepted_at is not None and version.accepted_at is None
    log_out(page)

    # --- 4. The mentee reads and accepts version 1, then downloads the PDF
    log_in(page, base, "aase@example.org")
    page.goto(pair_url)
    next_step_button(page, "Read and accept the agreement")
    expect(page.locator("main")).to_contain_text("Søren Østergård")
    page.locator("main").get_by_role("button", name=accept_v1).first.click()
    version.refresh_from_db()
    assert version.accepted_at is not None
    shoot(page, screenshot_dir, "agreement-accepted-da", console_errors)
    with page.expect_download() as download_info:
        page.locator("main").get_by_role("link", name=da("Download as PDF")).first.click()
    download = download_info.value
    assert download.suggested_filename == "samarbejdsaftale-v1.pdf"
    text = pdf_text(Path(download.path()).read_bytes(), tmp_path)
    assert "Samarbejdsaftale" in text
    assert "Åse Ærø" in text and "Søren Østergård" in text
    assert "mentorordning for hr-folk 2026" in text.lower()  # the header is in capitals

    # --- 5. The first meeting is held; the mentee answers "good fit"
    page.goto(pair_url)
    next_step_button(page, "Mark the first meeting as held")
    page.fill("main input[name=held_on]", today.isoformat())
    page.locator("main form.first-meeting-form button[type=submit]").click()
    page.locator(f"main input[name=answer][value={TrialAnswer.GOOD_FIT.value}]").check()
    page.get_by_role("button", name=da("Send my answer")).click()
    log_out(page)

    # --- 6. The mentor answers "good fit" too: the trial gate is passed
    log_in(page, base, "soeren@example.org")
    page.goto(pair_url)
    next_step_button(page, "Answer: do you want to continue?")
    page.locator(f"main input[name=answer][value={TrialAnswer.GOOD_FIT.value}]").check()
    page.get_by_role("button", name=da("Send my answer")).click()
    page.goto(pair_url)
    expect(page.locator("main .pair-phase-learning")).to_have_text(da("Learning and developing"))
    with override("da"):
        establishing = pgettext("phase of a mentorship", "Establishing")
    expect(page.locator("main .pair-phase-establishing")).to_have_count(0)
    assert establishing != "Establishing"
    # The first meeting marked at the gate is a meeting held (issue 16, point 2).
    agreed = AgreementVersion.objects.filter(mentorship=pair).latest("number").meetings_planned
    with override("da"):
        one_held = ngettext(
            "%(held)s of %(target)s meeting held", "%(held)s of %(target)s meetings held", agreed
        ) % {"held": 1, "target": agreed}
    expect(page.locator("main .meeting-plan-headline strong")).to_have_text(one_held)
    assert one_held.startswith("1 af ")
    shoot(page, screenshot_dir, "pair-home-trial-passed-da", console_errors)

    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.ACCEPTED
    assert pair.trial_passed_at is not None
    assert pair.first_meeting_held_on == today
