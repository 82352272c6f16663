"""The public programme pages (/p/) and the advice guide (/guide/)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.programmes.enums import BenefitArea, MentorRole
from mentoring.programmes.models import Programme
from tests.conftest import logged_in_client
from tests.factories import ProgrammeFactory
from tests.programmes.helpers import recruiting, set_period, set_phase, set_window

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
ROLES_DA = [
    "Ven",
    "Coach",
    "Historiefortæller",
    "Videndeler",
    "Netværker",
    "Døråbner",
    "Rådgiver",
    "Kritiker",
    "Sparringspartner",
    "Sponsor",
]
ROLES_EN = [
    "Friend",
    "Coach",
    "Storyteller",
    "Knowledge sharer",
    "Networker",
    "Door opener",
    "Advisor",
    "Critic",
    "Sparring partner",
    "Sponsor",
]
BENEFITS_DA = [
    "Personlig udvikling",
    "Faglig udvikling",
    "Netværk",
    "Videndeling",
    "Kulturforståelse og gennemslagskraft",
    "Karriereudvikling",
]
BENEFITS_EN = [
    "Personal development",
    "Professional development",
    "Network",
    "Knowledge sharing",
    "Cultural understanding and impact",
    "Career development",
]


def public(programme: Programme) -> str:
    return reverse("programmes:public", kwargs={"slug": programme.slug})


def english() -> Client:
    client = Client()
    client.cookies["mentoring_language"] = "en"
    return client


def apply_url(programme: Programme, role: str) -> str | None:
    try:
        return reverse("participants:apply", kwargs={"slug": programme.slug, "role": role})
    except NoReverseMatch:
        return None


def dt_terms(page: str) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<dt>(.*?)</dt>", page, re.S)]


# --- public programme page -------------------------------------------------------------


def test_a_programme_in_the_decision_phase_is_not_public(programme: Programme) -> None:
    assert Client().get(public(programme)).status_code == 404


def test_open_programme_shows_both_calls_to_action(programme: Programme) -> None:
    recruiting(programme, open_now=True)
    page = Client().get(public(programme)).content.decode()
    assert "<h1>Mentorordning A</h1>" in page
    assert "Et mentorforløb for HR-folk." in page
    assert "Der er åbent for ansøgninger." in page
    assert "Ansøgningsfristen er udløbet" not in page
    for role, label in (("mentee", "Søg som mentee"), ("mentor", "Søg som mentor")):
        url = apply_url(programme, role)
        if url is not None:  # the participants app provides the application form
            assert f'href="{url}"' in page
            assert label in page


def test_closed_programme_says_the_deadline_has_passed(programme: Programme) -> None:
    recruiting(programme, open_now=False)
    page = Client().get(public(programme)).content.decode()
    assert "Ansøgningsfristen er udløbet." in page
    assert "Søg som mentee" not in page and "Søg som mentor" not in page
    set_phase(programme, "learning")
    page = Client().get(public(programme)).content.decode()
    assert "Ansøgningsfristen er udløbet." in page


def test_not_yet_open_programme_gives_the_opening_date(programme: Programme) -> None:
    recruiting(programme)
    set_window(
        programme,
        opens=datetime(2099, 3, 2, 9, 0, tzinfo=CPH),
        closes=datetime(2099, 4, 1, 12, 0, tzinfo=CPH),
    )
    page = Client().get(public(programme)).content.decode()
    assert "Der er ikke åbnet for ansøgninger endnu." in page
    assert "2. marts 2099 09:00" in page and "1. april 2099 12:00" in page
    assert "Søg som mentee" not in page
    assert "Ansøgningsfristen er udløbet" not in page


def test_public_page_shows_the_method_and_the_programmes_own_numbers(
    programme: Programme,
) -> None:
    recruiting(programme)
    set_period(programme, starts=date(2031, 2, 1), ends=date(2031, 9, 30))
    programme.min_meetings = 6
    programme.max_months = 9
    programme.save(update_fields=["min_meetings", "max_months"])
    page = Client().get(public(programme)).content.decode()
    assert "Mindst 6 møder à 90–120 minutter over 6–9 måneder." in page
    assert "Fra 1. februar 2031 til 30. september 2031" in page
    terms = dt_terms(page)
    for name in ROLES_DA + BENEFITS_DA:
        assert name in terms
    assert "Åbner døre og kan give referencer." in page
    assert "Som mentee" in page and "Som mentor" in page
    assert reverse("programmes:guide") in page


def test_public_page_in_english(programme: Programme) -> None:
    recruiting(programme)
    page = english().get(public(programme)).content.decode()
    assert "<h1>Mentoring programme" in page
    assert "A mentoring programme for HR people." in page
    assert "At least 5 meetings of 90–120 minutes over 6–8 months." in page
    assert "Applications are open." in page
    for name in ROLES_EN + BENEFITS_EN:
        assert name in dt_terms(page)
    recruiting(programme, open_now=False)
    assert (
        "The application deadline has passed." in english().get(public(programme)).content.decode()
    )


def test_internal_programme_says_who_can_take_part(programme: Programme) -> None:
    recruiting(programme)
    programme.kind = "internal"
    programme.organisation = "Aarhus Kommune"
    programme.save(update_fields=["kind", "organisation"])
    page = Client().get(public(programme)).content.decode()
    assert "Ansatte i Aarhus Kommune" in page


def test_signed_in_people_see_the_public_page_too(user: User, programme: Programme) -> None:
    recruiting(programme)
    assert logged_in_client(user).get(public(programme)).status_code == 200


# --- the list of programmes open for applications ---------------------------------------------


def test_public_list_shows_open_and_upcoming_programmes_only(programme: Programme) -> None:
    recruiting(programme)  # open now
    closed = recruiting(ProgrammeFactory(name_da="Lukket ordning"), open_now=False)
    upcoming = recruiting(ProgrammeFactory(name_da="Kommende ordning"))
    now = timezone.now()
    set_window(upcoming, opens=now + timedelta(days=5), closes=now + timedelta(days=20))
    ProgrammeFactory(name_da="Hemmelig ordning")  # decision phase
    page = Client().get(reverse("programmes:public_list")).content.decode()
    assert public(programme) in page
    assert public(upcoming) in page and "Åbner snart" in page
    assert "Lukket ordning" not in page and public(closed) not in page
    assert "Hemmelig ordning" not in page


def test_public_list_when_nothing_is_open() -> None:
    page = Client().get(reverse("programmes:public_list")).content.decode()
    assert "Ingen mentorordning er åben for ansøgninger lige nu." in page


def test_public_list_query_count_is_constant(programme: Programme) -> None:
    recruiting(programme)
    client = Client()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("programmes:public_list"))
    for _ in range(5):
        recruiting(ProgrammeFactory())
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("programmes:public_list")).content.decode()
    assert page.count('class="card"') == 6
    assert len(one.captured_queries) == len(many.captured_queries)


# --- the guide -----------------------------------------------------------------------------


GUIDE_ANCHORS = ("prerequisites", "roles", "benefits", "agreement", "where-to-meet", "change")


def test_guide_in_danish_for_anonymous_visitors() -> None:
    response = Client().get(reverse("programmes:guide"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Gode råd til mentees og mentorer</h1>" in page
    for anchor in (*GUIDE_ANCHORS, "definition"):
        assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page
    terms = dt_terms(page)
    assert [t for t in terms if t in ROLES_DA] == ROLES_DA
    assert [t for t in terms if t in BENEFITS_DA] == BENEFITS_DA
    for phrase in (
        "forskelligt erfaringsgrundlag",
        "samarbejdsaftale",
        "hjemmearbejdet",
        "etableringsfasen",
        "mindst 5–6 møder af 1½–2 timer, fordelt over 6–8 måneder",
        "fortrolige emner skal ikke drøftes på en fyldt café",
        "Du får nye opgavestillere.",
        "Du vil træde i karakter og sætte dit præg.",
    ):
        assert phrase in page, phrase


def test_guide_in_english(user: User) -> None:
    user.language = "en"
    user.save(update_fields=["language"])
    page = logged_in_client(user).get(reverse("programmes:guide")).content.decode()
    assert "<h1>Advice for mentees and mentors</h1>" in page
    terms = dt_terms(page)
    assert [t for t in terms if t in ROLES_EN] == ROLES_EN
    assert [t for t in terms if t in BENEFITS_EN] == BENEFITS_EN
    assert "different bases of experience" in page
    assert "at least 5–6 meetings of 1½–2 hours each, spread over 6–8 months" in page
    assert "Gode råd" not in page


@pytest.mark.parametrize(
    ("language", "flyer_name"),
    [("da", "mentorordning-flyer.da.txt"), ("en", "mentorordning-flyer.en.md")],
)
def test_guide_does_not_copy_the_flyer(language: str, flyer_name: str) -> None:
    """The advice is written in our own words: no sentence of the flyer appears."""
    from pathlib import Path

    flyer = Path("/work/shared/seed") / flyer_name
    if not flyer.exists():
        pytest.skip("the flyer is not available here")
    text = " ".join(flyer.read_text().replace("*", "").split()).replace("- ", "")
    sentences = [s.strip() for s in re.split(r"[.–:;|]", text) if len(s.strip()) > 40]
    assert len(sentences) > 15
    client = english() if language == "en" else Client()
    page = " ".join(client.get(reverse("programmes:guide")).content.decode().split())
    copied = [s for s in sentences if s in page]
    assert not copied


def test_guide_link_on_every_page(coordinator: User, programme: Programme) -> None:
    guide = reverse("programmes:guide")
    pages = [
        (Client(), reverse("home")),
        (Client(), reverse("account_login")),
        (Client(), reverse("programmes:public_list")),
        (logged_in_client(coordinator), reverse("programmes:list")),
        (
            logged_in_client(coordinator),
            reverse("programmes:detail", kwargs={"slug": "programme-a"}),
        ),
        (logged_in_client(coordinator), reverse("programmes:create")),
    ]
    for client, url in pages:
        page = client.get(url).content.decode()
        nav = re.search(r'<nav class="main-nav[^"]*".*?</nav>', page, re.S)
        assert nav is not None, url
        assert f'href="{guide}"' in nav.group(0), url
        assert "Gode råd" in nav.group(0), url
    page = english().get(reverse("home")).content.decode()
    assert ">Advice</a>" in page


def test_guide_link_marks_the_current_page() -> None:
    page = Client().get(reverse("programmes:guide")).content.decode()
    assert 'aria-current="page">Gode råd</a>' in page


def test_method_descriptions_cover_every_role_and_area() -> None:
    from mentoring.programmes import method

    assert set(method.ROLE_DESCRIPTIONS) == set(MentorRole)
    assert set(method.BENEFIT_DESCRIPTIONS) == set(BenefitArea)
    codes = [code for code, _name, _description in method.role_choices()]
    assert codes == list(MentorRole.values)
    assert [item.code for item in method.benefits()] == list(BenefitArea.values)


def test_includes_work_on_their_own() -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("da"):
        mentee = render_to_string("programmes/guide/_prerequisites.html", {"role": "mentee"})
        roles = render_to_string("programmes/guide/_roles.html")
    assert "Som mentee" in mentee and "Som mentor" not in mentee
    assert "<details" in roles and " open" not in roles.split(">")[0]
    assert all(name in roles for name in ROLES_DA)
    with translation.override("en"):
        mentor = render_to_string(
            "programmes/guide/_prerequisites.html", {"role": "mentor", "heading_level": 2}
        )
    assert "<h2" in mentor and "As a mentor" in mentor and "As a mentee" not in mentor
