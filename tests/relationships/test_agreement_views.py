"""The agreement pages as the pair uses them: the prefilled first draft, the
form's errors and warnings, acceptance, the conflict when both edit at once,
versions with their differences, and that nobody else reaches them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.services.agreement import agreement_accept, agreement_save
from tests.conftest import logged_in_client
from tests.factories import UserFactory
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair
from tests.relationships.test_agreement_support import (
    form_data,
    pair_in,
    values,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentorship(programme) -> Mentorship:
    """A pair who read English (the pages follow the reader's language)."""
    return pair_in(programme, mentee_kwargs={"language": "en"}, mentor_kwargs={"language": "en"})


def url(name: str, mentorship: Mentorship, *args) -> str:
    return reverse(f"relationships:{name}", args=[mentorship.pk, *args])


def mentee_client(mentorship):
    return logged_in_client(mentorship.mentee.user)


def mentor_client(mentorship):
    return logged_in_client(mentorship.mentor.user)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def saved_version(mentorship, side=Side.MENTEE, **changes) -> AgreementVersion:
    current = AgreementVersion.objects.filter(mentorship=mentorship).order_by("-number").first()
    return agreement_save(
        mentorship=mentorship,
        side=side,
        values=values(**changes),
        expected_number=current.number if current else None,
        expected_revision=current.revision if current else None,
    ).version


def test_without_an_agreement_the_page_invites_either_side_to_start(mentorship) -> None:
    for client in (mentee_client(mentorship), mentor_client(mentorship)):
        page = text(client.get(url("agreement", mentorship)))
        assert "You have not written your agreement yet" in page
        assert url("agreement_edit", mentorship) in page


def test_the_form_is_prefilled_from_the_programme_and_the_applications(mentorship) -> None:
    Mentorship.objects.filter(pk=mentorship.pk).update(agreed_roles=["coach", "sponsor"])
    response = mentor_client(mentorship).get(url("agreement_edit", mentorship))
    form = response.context["form"]
    assert form.initial["meetings_planned"] == 5
    assert form.initial["meeting_minutes"] == 90
    assert form.initial["goal_1"] == "Lede forandring efter fusionen"
    assert form.initial["goal_2"] == "Blive bedre til svære samtaler"
    assert form.initial["agreed_roles"] == ["coach", "sponsor"]
    assert form.initial["number"] is None
    page = text(response)
    # Every topic of the flyer is a fieldset.
    for legend in (
        "1. Meetings and period",
        "2. Where we meet",
        "3. Roles and goals",
        "4. Confidentiality",
        "5. How we work together",
        "6. Homework",
        "7. Contact between meetings",
        "8. Moving or cancelling a meeting",
        "9. The right to withdraw",
        "10. Midway review",
        "11. Ending and evaluation",
    ):
        assert f"<legend>{legend}</legend>" in page
    mentee, mentor = mentorship.mentee.user.full_name, mentorship.mentor.user.full_name
    assert f"{mentee} prepares the agenda for each meeting and sends it to {mentor}" in page
    assert "The programme recommends at least 5 meetings of 90–120 minutes over 6–8 months." in (
        page
    )
    # The ten roles as checkboxes with their names, the agreed ones ticked.
    assert page.count('name="agreed_roles"') == 10
    assert re.search(r'value="coach"[^>]*checked', page)
    assert "Door opener" in page and "Opens doors and can give references." in page
    assert 'name="goal_5"' in page and 'name="goal_6"' not in page
    assert 'type="date"' in page
    assert "style=" not in page and "<style" not in page


def test_saving_the_first_draft_creates_version_1_and_tells_the_other(mentorship) -> None:
    response = mentee_client(mentorship).post(url("agreement_edit", mentorship), form_data())
    assert response.status_code == 302
    assert response["Location"] == url("agreement", mentorship)
    version = AgreementVersion.objects.get(mentorship=mentorship)
    assert (version.number, version.revision) == (1, 1)
    assert version.places == "Skiftevis hos Novo Nordisk og på rådhuset i Aabenraa."
    assert version.agreed_roles == ["coach", "sparring_partner"]
    assert version.goals == ["Lede forandring efter fusionen"]
    assert version.withdrawal_right is True
    page = text(mentor_client(mentorship).get(url("agreement", mentorship)))
    assert "Version 1" in page
    assert "Draft, not accepted by both" in page
    assert "Skiftevis hos Novo Nordisk" in page
    assert "I accept version 1" in page


def test_below_the_recommendation_is_saved_with_a_warning_on_form_and_page(mentorship) -> None:
    client = mentee_client(mentorship)
    response = client.post(
        url("agreement_edit", mentorship), form_data(meetings_planned=3, meeting_minutes=60)
    )
    assert response.status_code == 302
    assert AgreementVersion.objects.get().meetings_planned == 3
    page = text(client.get(url("agreement", mentorship)))
    assert (
        "You plan 3 meetings. The programme recommends at least 5 meetings of 90–120 minutes "
        "over 6–8 months." in page
    )
    assert "Your meetings last 60 minutes." in page
    form_page = text(client.get(url("agreement_edit", mentorship)))
    assert "You plan 3 meetings. The programme recommends" in form_page
    # A form sent back with an error shows the warning too.
    form_page = text(
        client.post(
            url("agreement_edit", mentorship),
            form_data(number=1, revision=1, meetings_planned=2, ends_on=date(2029, 1, 1)),
        )
    )
    assert "You plan 2 meetings." in form_page
    assert "The end date must be after the start date." in form_page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": date(2030, 1, 15)}, "ends_on", "The end date must be after the start date."),
        (
            {"ends_on": date(2031, 3, 1)},
            "ends_on",
            "The programme ends on 31 December 2030: your agreement must end by then.",
        ),
        ({"meetings_planned": 0}, "meetings_planned", "Plan at least one meeting."),
        ({"meetings_planned": "many"}, "meetings_planned", "Enter a whole number."),
        ({"meetings_planned": "1e3"}, "meetings_planned", "Enter a whole number."),
        ({"virtual_share": 150}, "virtual_share", "Give a share between 0 and 100 %."),
        ({"starts_on": "2030-13-45"}, "starts_on", "Enter a date, for example 2025-09-01."),
        ({"ends_on": "next spring"}, "ends_on", "Enter a date, for example 2025-09-01."),
        (
            {"midway_review_on": date(2031, 1, 1)},
            "midway_review_on",
            "The midway review must lie within the period",
        ),
        (
            {"homework": "x" * 2001},
            "homework",
            "Please shorten this to at most 2000 characters (it has 2001).",
        ),
        (
            {"goals": ["y" * 301]},
            "goal_1",
            "Please shorten this to at most 300 characters (it has 301).",
        ),
        ({"agreed_roles": ["coach", "boss"]}, "agreed_roles", "Choose among the ten roles."),
        ({"meeting_lead": "nobody"}, "meeting_lead", "Select a valid choice."),
    ],
)
def test_bad_input_is_shown_in_the_form_and_nothing_is_saved(
    mentorship, changes, field, message
) -> None:
    response = mentee_client(mentorship).post(
        url("agreement_edit", mentorship), form_data(**changes)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    page = text(response)
    assert "Some answers need your attention" in page
    assert message.replace("'", "&#x27;") in page
    assert not AgreementVersion.objects.exists()


def test_an_empty_post_is_a_form_with_errors(mentorship) -> None:
    response = mentee_client(mentorship).post(url("agreement_edit", mentorship), {})
    assert response.status_code == 200
    assert "Give a number." in text(response)
    assert not AgreementVersion.objects.exists()


def test_accepting_through_the_page_records_exactly_the_shown_revision(mentorship) -> None:
    saved_version(mentorship)
    page = text(mentee_client(mentorship).get(url("agreement", mentorship)))
    assert re.search(r'name="number" value="1"', page)
    assert re.search(r'name="revision" value="1"', page)
    response = mentee_client(mentorship).post(
        url("agreement_accept", mentorship), {"number": 1, "revision": 1}
    )
    assert response["Location"] == url("agreement", mentorship)
    version = AgreementVersion.objects.get()
    assert version.mentee_accepted_at is not None and version.accepted_at is None
    page = text(mentee_client(mentorship).get(url("agreement", mentorship)))
    assert "You have accepted this version. We are waiting for the other person." in page
    assert "I accept version 1" not in page
    mentor_client(mentorship).post(
        url("agreement_accept", mentorship), {"number": 1, "revision": 1}
    )
    version.refresh_from_db()
    assert version.accepted_at is not None
    page = text(mentor_client(mentorship).get(url("agreement", mentorship)))
    assert "Version 1 was accepted by both on" in page
    assert "Propose a change" in page


def test_accepting_a_version_that_has_since_changed_is_refused(mentorship) -> None:
    saved_version(mentorship)
    saved_version(mentorship, side=Side.MENTOR, meetings_planned=7)  # revision 2
    client = mentee_client(mentorship)
    response = client.post(url("agreement_accept", mentorship), {"number": 1, "revision": 1})
    assert response["Location"] == url("agreement", mentorship)
    page = text(client.get(url("agreement", mentorship)))
    assert "The agreement has changed since you read it" in page
    assert AgreementVersion.objects.get().mentee_accepted_at is None
    # Malformed hidden fields: a clear message, nothing recorded.
    client.post(url("agreement_accept", mentorship), {"number": "one", "revision": ""})
    page = text(client.get(url("agreement", mentorship)))
    assert "We could not tell which version you accepted." in page
    assert AgreementVersion.objects.get().mentee_accepted_at is None


def test_concurrent_edits_the_later_save_gets_the_conflict_and_keeps_its_changes(
    mentorship,
) -> None:
    saved_version(mentorship)
    mentee, mentor = mentee_client(mentorship), mentor_client(mentorship)
    # Both open the form at version 1, revision 1.
    for client in (mentee, mentor):
        form = client.get(url("agreement_edit", mentorship)).context["form"]
        assert (form.initial["number"], form.initial["revision"]) == (1, 1)
    mentor.post(
        url("agreement_edit", mentorship),
        form_data(number=1, revision=1, homework="Mentors nye tekst om hjemmearbejde."),
    )
    response = mentee.post(
        url("agreement_edit", mentorship),
        form_data(number=1, revision=1, homework="Mentees egen tekst om hjemmearbejde."),
    )
    assert response.status_code == 200
    page = text(response)
    assert "The other person changed the agreement while you were editing" in page
    # Their version is shown, the mentee's own text is kept in the form ...
    assert "The other person's version (version 1, change no. 2)" in page
    # Where the two differ: their saved text struck through, the mentee's underlined.
    assert response.context["conflict_changes"][0].name == "homework"
    assert "<del>Mentors nye</del><ins>Mentees egen</ins> tekst om hjemmearbejde." in page
    assert "Mentors nye tekst om hjemmearbejde." in page
    assert "Mentees egen tekst om hjemmearbejde.</textarea>" in page
    # ... and nothing was overwritten.
    version = AgreementVersion.objects.get()
    assert (version.revision, version.homework) == (2, "Mentors nye tekst om hjemmearbejde.")
    # The form now carries revision 2: saving again is a deliberate choice.
    form = response.context["form"]
    assert (form["number"].value(), form["revision"].value()) == ("1", "2")
    mentee.post(
        url("agreement_edit", mentorship),
        form_data(number=1, revision=2, homework="Mentees egen tekst om hjemmearbejde."),
    )
    version.refresh_from_db()
    assert (version.revision, version.homework) == (3, "Mentees egen tekst om hjemmearbejde.")


def test_changing_an_accepted_agreement_creates_version_2_and_keeps_version_1(
    mentorship,
) -> None:
    first = saved_version(mentorship)
    for side in (Side.MENTEE, Side.MENTOR):
        agreement_accept(mentorship=mentorship, side=side, number=1, revision=1)
    client = mentor_client(mentorship)
    edit_page = text(client.get(url("agreement_edit", mentorship)))
    assert "You have both accepted version 1. If you save changes, they become version 2" in (
        edit_page
    )
    response = client.post(
        url("agreement_edit", mentorship),
        form_data(
            number=1,
            revision=1,
            meetings_planned=8,
            agreed_roles=["coach", "door_opener"],
            homework="Mentee afprøver to ting mellem møderne <script>alert(1)</script>.",
        ),
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.meetings_planned, first.revision) == (6, 1)
    assert first.accepted_at is not None
    second = AgreementVersion.objects.get(mentorship=mentorship, number=2)
    assert second.meetings_planned == 8 and second.accepted_at is None
    # The agreement page shows version 2 and lists both.
    page = text(client.get(url("agreement", mentorship)))
    assert "Version 2" in page and "I accept version 2" in page
    assert url("agreement_version", mentorship, 1) in page
    # Version 1 stays readable as it was.
    old_page = text(client.get(url("agreement_version", mentorship, 1)))
    assert "This is an earlier version" in old_page
    assert "Mentee afprøver én ting mellem møderne." in old_page
    # Version 2 shows what changed since version 1.
    diff_page = text(client.get(url("agreement_version", mentorship, 2)))
    assert "Changes since version 1" in diff_page
    assert "<del>6</del>" in diff_page and "<ins>8</ins>" in diff_page
    assert "<ins>Door opener</ins>" in diff_page
    assert "<del>Sparring partner</del>" in diff_page
    assert "<del>én</del><ins>to</ins>" in diff_page
    assert "<script>alert(1)</script>" not in diff_page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in diff_page


def test_version_1_has_no_changes_section_and_unknown_versions_are_404(mentorship) -> None:
    saved_version(mentorship)
    client = mentee_client(mentorship)
    page = text(client.get(url("agreement_version", mentorship, 1)))
    assert "Changes since" not in page
    assert "Skiftevis hos Novo Nordisk" in page
    assert client.get(url("agreement_version", mentorship, 2)).status_code == 404
    assert client.get(url("agreement_pdf", mentorship, 2)).status_code == 404


def test_nobody_outside_the_pair_reaches_the_agreement(
    mentorship, programme, coordinator, superuser
) -> None:
    saved_version(mentorship)
    other_pair = accepted_pair(
        programme,
        mentee=accepted_mentee(programme, name="Bo Bech", email="bo@example.org"),
        mentor=accepted_mentor(
            programme, name="Nina Nielsen", email="nina@example.org", organisation="Vestas"
        ),
    )
    outsiders = [
        UserFactory(),
        other_pair.mentee.user,
        other_pair.mentor.user,
        coordinator,
        superuser,
    ]
    for person in outsiders:
        client = logged_in_client(person)
        for name, args in (
            ("agreement", ()),
            ("agreement_edit", ()),
            ("agreement_version", (1,)),
            ("agreement_pdf", (1,)),
        ):
            assert client.get(url(name, mentorship, *args)).status_code == 404, (person, name)
        assert client.post(url("agreement_edit", mentorship), form_data()).status_code == 404
        response = client.post(url("agreement_accept", mentorship), {"number": 1, "revision": 1})
        assert response.status_code == 404
    version = AgreementVersion.objects.get(mentorship=mentorship)
    assert (version.revision, version.mentee_accepted_at, version.mentor_accepted_at) == (
        1,
        None,
        None,
    )


def test_anonymous_is_sent_to_log_in(mentorship) -> None:
    from django.test import Client

    response = Client().get(url("agreement", mentorship))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_after_ending_early_the_agreement_is_readable_but_frozen(mentorship) -> None:
    saved_version(mentorship)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        status=MentorshipStatus.ENDED_EARLY, ended_at=timezone.now(), ended_by=Side.MENTOR
    )
    client = mentee_client(mentorship)
    page = text(client.get(url("agreement", mentorship)))
    assert "This mentorship has ended." in page
    assert "Skiftevis hos Novo Nordisk" in page
    assert "I accept version 1" not in page
    assert url("agreement_edit", mentorship) not in page
    response = client.get(url("agreement_edit", mentorship))
    assert response["Location"] == url("agreement", mentorship)
    client.post(url("agreement_edit", mentorship), form_data(number=1, revision=1, homework="Ny"))
    client.post(url("agreement_accept", mentorship), {"number": 1, "revision": 1})
    version = AgreementVersion.objects.get()
    assert (version.homework, version.mentee_accepted_at) == (
        "Mentee afprøver én ting mellem møderne.",
        None,
    )
    assert client.get(url("agreement_pdf", mentorship, 1))["Content-Type"] == "application/pdf"


def test_the_pages_speak_danish_to_a_danish_reader(programme) -> None:
    mentorship = pair_in(programme)  # both read Danish
    client = logged_in_client(mentorship.mentee.user)
    form_page = text(client.get(url("agreement_edit", mentorship)))
    assert "Skriv jeres samarbejdsaftale" in form_page
    assert "<legend>4. Fortrolighed</legend>" in form_page
    assert "Det, vi taler om på vores møder, bliver mellem os." in form_page
    client.post(url("agreement_edit", mentorship), form_data(meetings_planned=4))
    page = text(client.get(url("agreement", mentorship)))
    assert "<h1>Samarbejdsaftale</h1>" in page
    assert "I planlægger 4 møder. Mentorordningen anbefaler mindst 5 møder" in page
    assert "Jeg accepterer version 1" in page


def test_the_agreement_page_has_a_constant_number_of_queries(mentorship) -> None:
    client = mentee_client(mentorship)
    saved_version(mentorship)
    client.get(url("agreement", mentorship))  # warm up (session, language)
    with CaptureQueriesContext(connection) as one:
        client.get(url("agreement", mentorship))
    for number in range(2, 6):
        for side in (Side.MENTEE, Side.MENTOR):
            agreement_accept(mentorship=mentorship, side=side, number=number - 1, revision=1)
        saved_version(mentorship, meetings_planned=5 + number)
    assert AgreementVersion.objects.filter(mentorship=mentorship).count() == 5
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("agreement", mentorship))
    assert len(response.context["versions"]) == 5
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
