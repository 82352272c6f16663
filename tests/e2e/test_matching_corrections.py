"""Browser checks of issue 16, point 15: a wait-listed mentee who opens the
shortlist reads why there is no list (no bare 404 page), and a coordinator
who picks the reserved short name "new" reads that it is reserved."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from mentoring.matching.models import MatchingSettings
from mentoring.participants.enums import ApplicationStatus
from mentoring.programmes.models import Programme
from tests.e2e.helpers import enter_totp, expect_signed_in, fresh_totp, log_in
from tests.factories import ProgrammeFactory, UserFactory, activate_totp
from tests.relationships.helpers import accepted_mentee, small_programme

SLUG = "hr-venteliste"


def test_a_waitlisted_mentee_reads_why_there_is_no_shortlist(
    live_server, page: Page, console_errors: list[str]
) -> None:
    base = live_server.url
    programme = ProgrammeFactory(slug=SLUG, name_da="Mentorordning med venteliste")
    small_programme(programme)
    MatchingSettings.objects.create(programme=programme, participant_ranking=True)
    vera = accepted_mentee(programme, name="Vera Venteliste", organisation="Roskilde Kommune")
    vera.status = ApplicationStatus.WAITLISTED
    vera.save(update_fields=["status"])

    log_in(page, base, vera.user.email)
    expect_signed_in(page, base)
    response = page.goto(f"{base}/p/{SLUG}/mentors/")
    assert response is not None and response.status == 200
    expect(page.locator("main h2")).to_have_text("Du står på ventelisten")
    expect(page.locator("main")).to_contain_text(
        "Det er kun menteer med en plads i ordningen, der vælger mentorer."
    )
    expect(page.locator("main select")).to_have_count(0)
    assert console_errors == []


def test_the_reserved_short_name_is_called_reserved(
    live_server, page: Page, console_errors: list[str]
) -> None:
    base = live_server.url
    coordinator = UserFactory(email="rita.reserveret@example.org", full_name="Rita Reserveret")
    secret = activate_totp(coordinator)
    programme = ProgrammeFactory(slug="eksisterende", coordinators=[coordinator])
    assert programme.pk
    log_in(page, base, coordinator.email)
    enter_totp(page, fresh_totp(secret))
    expect_signed_in(page, base)
    page.goto(f"{base}/coordinate/new/")
    page.fill("main input[name=slug]", "new")
    page.fill("main input[name=name_da]", "Ny ordning")
    page.fill("main input[name=name_en]", "New programme")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main")).to_contain_text("Det korte navn “new” er reserveret")
    expect(page.locator("main")).not_to_contain_text("allerede i brug")
    assert not Programme.objects.filter(slug="new").exists()
    assert console_errors == []
