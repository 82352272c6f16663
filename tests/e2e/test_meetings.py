"""Journey (issue 6, point 11): a pair in the learning phase, in Danish, in
a real browser. The mentee plans three meetings and writes the agenda of the
first; the mentor reads it; after the first meeting (time moves on in the
database: a meeting cannot be planned in the past) the mentor marks it held
with a summary and the roles used and adds homework; each writes a private
and a shared note, and the other side sees only the shared one; the mentee
downloads the meeting's .ics and it parses as a valid invitation.

Button texts are looked up in the Danish catalogue, as in
``test_establishment.py``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from mentoring.meetings.enums import MeetingStatus, NoteVisibility, VenueKind
from mentoring.meetings.models import ActionItem, Meeting, Note
from mentoring.relationships.models import Mentorship
from tests.e2e.helpers import expect_signed_in, log_in, shoot
from tests.e2e.test_establishment import da, log_out
from tests.factories import ProgrammeFactory
from tests.meetings.calendar_helpers import assert_rfc5545
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

MENTEE = "aase@example.org"
MENTOR = "soeren@example.org"


def plan_meeting(
    page: Page, pair_url: str, *, day: str, theme: str, kind: str, **extra: str
) -> None:
    page.goto(f"{pair_url}meetings/new/")
    form = page.locator("main form")
    form.locator("input[name=day]").fill(day)
    form.locator("input[name=start]").fill("14:00")
    form.locator("input[name=duration_minutes]").fill("90")
    form.locator(f"input[name=venue_kind][value={kind}]").check()
    form.locator("input[name=theme]").fill(theme)
    for name, value in extra.items():
        form.locator(f"[name={name}]").fill(value)
    form.get_by_role("button", name=da("Plan the meeting")).click()
    expect(page.locator("main .messages")).to_be_visible()


def write_note(page: Page, pair_url: str, *, title: str, body: str, visibility: str) -> None:
    page.goto(f"{pair_url}journal/new/")
    form = page.locator("main form.note-form")
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=body]").fill(body)
    form.locator(f"input[name=visibility][value={visibility}]").check()
    form.get_by_role("button", name=da("Save the note")).click()
    expect(page.locator("main")).to_contain_text(title)


def test_plan_agenda_hold_homework_notes_and_ics(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    today = timezone.localdate()
    programme = ProgrammeFactory(
        slug="hr-mentor-2026",
        name_da="Mentorordning for HR-folk 2026",
        name_en="Mentoring for HR people 2026",
        phase="learning",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
    )
    mentee = accepted_mentee(programme, name="Åse Ærø", email=MENTEE)
    mentor = accepted_mentor(
        programme, name="Søren Østergård", email=MENTOR, organisation="Novo Nordisk"
    )
    pair: Mentorship = accepted_pair(programme, mentee=mentee, mentor=mentor)
    pair.trial_passed_at = timezone.now() - timedelta(days=1)
    pair.first_meeting_held_on = today - timedelta(days=2)
    pair.save(update_fields=["trial_passed_at", "first_meeting_held_on"])
    pair_url = f"{base}/me/mentorships/{pair.pk}/"

    # --- 1. The mentee plans three meetings: virtual, at the mentor's, at a café
    log_in(page, base, MENTEE)
    expect_signed_in(page, base)
    days = [today + timedelta(days=n) for n in (3, 31, 59)]
    plan_meeting(
        page,
        pair_url,
        day=days[0].isoformat(),
        theme="Svære samtaler",
        kind=VenueKind.VIRTUAL.value,
        video_link="https://meet.example.org/aase-soeren",
    )
    plan_meeting(
        page, pair_url, day=days[1].isoformat(), theme="Netværk", kind=VenueKind.MENTOR_WORKPLACE
    )
    plan_meeting(
        page,
        pair_url,
        day=days[2].isoformat(),
        theme="Karriere",
        kind=VenueKind.OTHER,
        venue_name="Café Norden",
    )
    meetings = list(Meeting.objects.filter(mentorship=pair).order_by("starts_at"))
    assert [m.theme for m in meetings] == ["Svære samtaler", "Netværk", "Karriere"]
    assert all(m.status == MeetingStatus.PLANNED for m in meetings)
    page.goto(f"{pair_url}meetings/")
    for theme in ("Svære samtaler", "Netværk", "Karriere"):
        expect(page.locator("main")).to_contain_text(theme)
    shoot(page, screenshot_dir, "meetings-planned-da", console_errors)

    # --- 2. The mentee writes the agenda of the first meeting
    first = meetings[0]
    first_url = f"{pair_url}meetings/{first.pk}/"
    page.goto(first_url)
    page.locator("main").get_by_role("link", name=da("Write the agenda")).click()
    page.locator("main textarea[name=agenda]").fill(
        "1. Hvordan tager jeg den svære samtale med teamet?\n2. Forberedelse til næste uge"
    )
    page.get_by_role("button", name=da("Save the agenda")).click()
    expect(page.locator("main .meeting-agenda")).to_contain_text("den svære samtale")

    # --- 3. The download of the meeting's invitation is a valid .ics
    with page.expect_download() as download_info:
        page.locator("main").get_by_role("link", name=da("Add to your calendar (.ics)")).click()
    raw = Path(download_info.value.path()).read_bytes()
    calendar = assert_rfc5545(raw)
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == str(first.uid)
    assert "TZID=Europe/Copenhagen" in raw.decode()
    assert "meet.example.org/aase-soeren" in raw.decode()

    # --- 4. Private and shared notes by the mentee
    write_note(
        page,
        pair_url,
        title="Mine egne tanker",
        body="PRIVAT-ÅSE: jeg er *usikker* på min leder",
        visibility=NoteVisibility.PRIVATE,
    )
    write_note(
        page,
        pair_url,
        title="Til os begge",
        body="DELT-ÅSE: tak for **sidst**",
        visibility=NoteVisibility.SHARED,
    )
    log_out(page)

    # --- 5. The meeting takes place (time moves on); the mentor reads the
    # agenda, marks the meeting held with the roles used and adds homework
    start = timezone.now() - timedelta(hours=3)
    Meeting.objects.filter(pk=first.pk).update(starts_at=start)
    log_in(page, base, MENTOR)
    page.goto(first_url)
    expect(page.locator("main .meeting-agenda")).to_contain_text("den svære samtale")
    page.locator("main").get_by_role("link", name=da("Mark as held")).click()
    held = page.locator("main form.held-form")
    held.locator("textarea[name=summary]").fill("Vi talte om svære samtaler og aftalte en øvelse.")
    held.locator("input[name=roles_used][value=coach]").check()
    held.locator("input[name=roles_used][value=sparring_partner]").check()
    held.get_by_role("button", name=da("Mark the meeting as held")).click()
    expect(page.locator("main .meeting-after")).to_contain_text("Vi talte om svære samtaler")
    first.refresh_from_db()
    assert first.status == MeetingStatus.HELD
    assert sorted(first.roles_used) == ["coach", "sparring_partner"]
    shoot(page, screenshot_dir, "meeting-held-da", console_errors)

    page.goto(f"{pair_url}homework/")
    form = page.locator("main .homework-new form")
    form.locator("input[name=title]").fill("Skriv tre åbningssætninger til samtalen")
    form.locator("input[name=owner]").first.check()
    form.locator("input[name=due_on]").fill(days[1].isoformat())
    form.locator("select[name=meeting]").select_option(str(first.pk))
    form.get_by_role("button", name=da("Add the homework")).click()
    expect(page.locator("main .homework-list").first).to_contain_text("Skriv tre åbningssætninger")
    item = ActionItem.objects.get(mentorship=pair)
    assert item.meeting_id == first.pk and item.due_on == days[1]
    shoot(page, screenshot_dir, "homework-da", console_errors)

    # --- 6. The mentor's notes; the mentor sees the mentee's shared note only
    write_note(
        page,
        pair_url,
        title="Min forberedelse",
        body="PRIVAT-SØREN: husk at spørge til lederen",
        visibility=NoteVisibility.PRIVATE,
    )
    write_note(
        page,
        pair_url,
        title="Opfølgning",
        body="DELT-SØREN: godt møde",
        visibility=NoteVisibility.SHARED,
    )
    page.goto(f"{pair_url}journal/")
    journal = page.locator("main")
    expect(journal).to_contain_text("Til os begge")
    expect(journal).not_to_contain_text("Mine egne tanker")
    shoot(page, screenshot_dir, "journal-mentor-da", console_errors)
    shared = Note.objects.get(body__startswith="DELT-ÅSE")
    page.goto(f"{pair_url}journal/{shared.pk}/")
    expect(page.locator("main strong")).to_have_text("sidst")  # Markdown rendered
    private = Note.objects.get(body__startswith="PRIVAT-ÅSE")
    response = page.goto(f"{pair_url}journal/{private.pk}/")
    assert response is not None and response.status == 404
    assert "PRIVAT-ÅSE" not in page.content()
    # The browser logs the 404 itself; that is the only console error here.
    assert [e for e in console_errors if "404" not in e] == []
    console_errors.clear()
    log_out(page)

    # --- 7. The mentee sees the mentor's shared note, never the private one
    log_in(page, base, MENTEE)
    page.goto(f"{pair_url}journal/")
    journal = page.locator("main")
    expect(journal).to_contain_text("Opfølgning")
    expect(journal).to_contain_text("Mine egne tanker")  # her own private note
    expect(journal).not_to_contain_text("Min forberedelse")
    assert "PRIVAT-SØREN" not in page.content()
    page.goto(f"{pair_url}homework/")
    expect(page.locator("main .homework-list").first).to_contain_text("Skriv tre åbningssætninger")
    page.goto(pair_url)
    # The pair's overview counts the open homework.
    expect(page.locator("main .pair-homework .homework-counts dd").first).to_have_text("1")
    shoot(page, screenshot_dir, "pair-home-learning-da", console_errors)
