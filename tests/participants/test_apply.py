"""The applicant's side: the structured mentee and mentor forms, drafts,
sending, the application window, one row per programme and role, stale
versions, decided applications, withdrawing, and the applicant's list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.participants.models import Participation
from mentoring.programmes.enums import BenefitArea, MentorRole, Phase
from mentoring.programmes.models import Programme
from tests.factories import ParticipationFactory, ProgrammeFactory, UserFactory
from tests.participants.conftest import apply_url, mentee_post, mentor_post, open_window

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login_and_back(open_programme: Programme) -> None:
    url = apply_url(open_programme, "mentee")
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_unknown_role_in_url_is_404(open_programme: Programme, applicant_client: Client) -> None:
    assert applicant_client.get(apply_url(open_programme, "coach")).status_code == 404
    response = applicant_client.post(apply_url(open_programme, "coordinator"), mentee_post())
    assert response.status_code == 404
    assert not Participation.objects.exists()


def test_unpublished_programme_is_404(applicant_client: Client) -> None:
    hidden = ProgrammeFactory(phase=Phase.DECISION)
    assert applicant_client.get(apply_url(hidden, "mentee")).status_code == 404


def test_mentee_form_is_structured_and_shows_the_guide(
    open_programme: Programme, applicant_client: Client
) -> None:
    response = applicant_client.get(apply_url(open_programme, "mentee"))
    assert response.status_code == 200
    html = response.content.decode()
    # Change situation grouped from outside / from inside (Danish UI).
    assert "Udefra" in html and "Indefra" in html
    assert 'value="new_job"' in html and 'value="step_up"' in html
    for number in range(1, 6):
        assert f'name="goal_{number}"' in html
    assert 'name="goal_6"' not in html
    for code in BenefitArea.values:
        assert html.count(f'name="benefit_{code}"') == 4  # 0-3
    for code in MentorRole.values:
        assert html.count(f'name="role_{code}"') == 4
    assert 'name="commits_to_meetings"' in html and 'name="commits_to_homework"' in html
    assert 'name="languages"' in html and 'name="meeting_format"' in html
    assert 'value="draft"' in html and "Gem kladde" in html
    assert 'value="submit"' in html and "Send ansøgning" in html
    assert 'name="capacity"' not in html
    # The method's guide beside the questions: the roles, and the mentee's prerequisites.
    assert 'class="method-details"' in html
    assert 'id="prerequisites-mentee"' in html and 'id="prerequisites-mentor"' not in html


def test_mentor_form_defaults_capacity_to_the_programme(
    open_programme: Programme, applicant_client: Client
) -> None:
    response = applicant_client.get(apply_url(open_programme, "mentor"))
    html = response.content.decode()
    assert response.context["form"]["capacity"].value() == 2
    assert html.count('name="capacity"') == 3
    assert 'name="expertise_tags"' in html and 'name="change_situations_lived"' in html
    assert 'name="commits_to_presence"' in html
    assert 'name="goal_1"' not in html
    assert 'id="prerequisites-mentor"' in html and 'id="prerequisites-mentee"' not in html


def test_draft_is_saved_without_completeness_and_can_be_edited(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    url = apply_url(open_programme, "mentee")
    response = applicant_client.post(
        url, {"organisation": "Aarhus Kommune", "goal_1": "Et mål", "action": "draft"}
    )
    assert response.status_code == 302
    assert response["Location"] == url
    draft = Participation.objects.get(user=applicant, programme=open_programme, role="mentee")
    assert draft.status == "draft"
    assert draft.submitted_at is None
    assert draft.organisation == "Aarhus Kommune"
    assert draft.goals == ["Et mål"]
    assert draft.version == 1
    assert not draft.is_ready
    assert AuditEntry.objects.filter(action="application.draft_saved", object_id=str(draft.pk))

    # Opening it again shows the saved answers; editing keeps one row.
    page = applicant_client.get(url)
    assert page.context["form"]["organisation"].value() == "Aarhus Kommune"
    assert page.context["form"]["version"].value() == 1
    applicant_client.post(
        url, {"organisation": "Region Midtjylland", "version": "1", "action": "draft"}
    )
    draft.refresh_from_db()
    assert draft.organisation == "Region Midtjylland"
    assert draft.goals == []
    assert draft.version == 2
    assert Participation.objects.filter(user=applicant).count() == 1


def test_draft_still_checks_formats(open_programme: Programme, applicant_client: Client) -> None:
    response = applicant_client.post(
        apply_url(open_programme, "mentee"),
        {"years_of_experience": "mange", "region": "bornholm", "action": "draft"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "years_of_experience" in form.errors
    assert "region" in form.errors
    assert not Participation.objects.exists()


def test_submit_mentee_application(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    response = applicant_client.post(apply_url(open_programme, "mentee"), mentee_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:my_applications")
    p = Participation.objects.get(user=applicant)
    assert p.status == "submitted"
    assert p.submitted_at is not None
    assert p.goals == ["Blive tryg i rollen som leder", "Lede mit team gennem en fusion"]
    assert p.benefit_wishes == dict.fromkeys(BenefitArea.values, 2)
    assert p.role_wishes == dict.fromkeys(MentorRole.values, 1)
    assert p.languages == ["da", "en"]
    assert p.region == "midtjylland"
    assert p.years_of_experience == 4
    assert p.commits_to_meetings and p.commits_to_homework
    assert p.capacity is None
    assert p.is_ready and p.readiness_issues == ""
    entry = AuditEntry.objects.get(action="application.submitted")
    assert entry.actor == applicant
    assert entry.object_id == str(p.pk)
    assert entry.programme == open_programme
    # Facts, never the answers.
    assert "leder" not in str(entry.data)


def test_submit_mentor_application(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    response = applicant_client.post(apply_url(open_programme, "mentor"), mentor_post())
    assert response.status_code == 302
    p = Participation.objects.get(user=applicant, role="mentor")
    assert p.status == "submitted"
    assert p.expertise_tags == ["ledelse", "forandringsledelse", "rekruttering"]
    assert p.industries == ["Medicinalindustri", "Offentlig administration"]
    assert p.industry == "Medicinalindustri"
    assert p.change_situations_lived == ["merger", "step_up"]
    assert p.role_comfort == dict.fromkeys(MentorRole.values, 3)
    assert p.capacity == 2
    assert p.commits_to_presence
    assert p.goals == [] and p.benefit_wishes == {}
    assert p.is_ready


def test_comma_lists_are_trimmed_and_deduplicated(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    applicant_client.post(
        apply_url(open_programme, "mentor"),
        mentor_post(expertise_tags=" ledelse ,, Ledelse, HR-jura ,", industries="IT"),
    )
    p = Participation.objects.get(user=applicant)
    assert p.expertise_tags == ["ledelse", "HR-jura"]
    assert p.industries == ["IT"]


@pytest.mark.parametrize(
    "field",
    [
        "organisation",
        "job_title",
        "industry",
        "years_of_experience",
        "region",
        "languages",
        "meeting_format",
        "motivation",
        "change_situation",
        "change_description",
        "benefit_network",
        "role_coach",
    ],
)
def test_submit_requires_each_mentee_answer(
    field: str, open_programme: Programme, applicant_client: Client
) -> None:
    data = mentee_post()
    data.pop(field)
    response = applicant_client.post(apply_url(open_programme, "mentee"), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Participation.objects.exists()
    # The same answers can still be saved as a draft.
    data["action"] = "draft"
    assert applicant_client.post(apply_url(open_programme, "mentee"), data).status_code == 302
    assert Participation.objects.get().status == "draft"


@pytest.mark.parametrize(
    "field",
    [
        "organisation",
        "job_title",
        "industries",
        "years_of_experience",
        "region",
        "languages",
        "meeting_format",
        "motivation",
        "expertise",
        "capacity",
        "role_critic",
    ],
)
def test_submit_requires_each_mentor_answer(
    field: str, open_programme: Programme, applicant_client: Client
) -> None:
    data = mentor_post()
    data.pop(field)
    response = applicant_client.post(apply_url(open_programme, "mentor"), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Participation.objects.exists()


def test_commitments_are_not_required_to_send_but_flagged(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    data = mentee_post()
    del data["commits_to_meetings"], data["commits_to_homework"]
    assert applicant_client.post(apply_url(open_programme, "mentee"), data).status_code == 302
    p = Participation.objects.get(user=applicant)
    assert p.status == "submitted"
    assert not p.is_ready
    assert p.readiness_issue_codes == ["time"]


def test_goals_one_to_five(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    url = apply_url(open_programme, "mentee")
    no_goals = mentee_post(goal_1="", goal_3="")
    response = applicant_client.post(url, no_goals)
    assert response.status_code == 200
    assert "goal_1" in response.context["form"].errors
    # The error summary at the top links to the question.
    html = response.content.decode()
    assert '<a href="#id_goal_1">Mål 1</a>: Angiv mindst ét konkret mål.' in html
    assert not Participation.objects.exists()

    five = mentee_post(**{f"goal_{n}": f"Konkret mål nummer {n}" for n in range(1, 6)})
    five["goal_6"] = "Et sjette mål, som ikke er et felt"
    assert applicant_client.post(url, five).status_code == 302
    p = Participation.objects.get(user=applicant)
    assert p.goals == [f"Konkret mål nummer {n}" for n in range(1, 6)]


def test_only_the_goal_in_the_last_field(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    data = mentee_post(goal_1="", goal_3="", goal_5="Kun det sidste felt er udfyldt")
    assert applicant_client.post(apply_url(open_programme, "mentee"), data).status_code == 302
    assert Participation.objects.get(user=applicant).goals == ["Kun det sidste felt er udfyldt"]


@pytest.mark.parametrize("capacity", ["0", "4", "-1", "tre"])
def test_capacity_outside_one_to_three_is_rejected(
    capacity: str, open_programme: Programme, applicant_client: Client
) -> None:
    for action in ("submit", "draft"):
        response = applicant_client.post(
            apply_url(open_programme, "mentor"), mentor_post(capacity=capacity, action=action)
        )
        assert response.status_code == 200
        assert "capacity" in response.context["form"].errors
    assert not Participation.objects.exists()


def test_ratings_outside_zero_to_three_are_rejected(
    open_programme: Programme, applicant_client: Client
) -> None:
    response = applicant_client.post(
        apply_url(open_programme, "mentee"), mentee_post(role_sponsor="5")
    )
    assert response.status_code == 200
    assert "role_sponsor" in response.context["form"].errors
    assert not Participation.objects.exists()


def test_posted_extra_fields_change_nothing(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    other = UserFactory()
    data = mentee_post(
        status="accepted",
        is_ready="on",
        readiness_issues="",
        decision_reason="hacked",
        user=str(other.pk),
        capacity="3",
        programme="999",
    )
    applicant_client.post(apply_url(open_programme, "mentee"), data)
    p = Participation.objects.get()
    assert p.user == applicant
    assert p.status == "submitted"
    assert p.decision_reason == ""
    assert p.capacity is None


@pytest.mark.parametrize("when", ["before", "after"])
def test_outside_the_window_nothing_is_saved(
    when: str, open_programme: Programme, applicant_client: Client
) -> None:
    now = timezone.now()
    if when == "before":
        open_programme.applications_open_at = now + timedelta(days=1)
        open_programme.applications_close_at = now + timedelta(days=10)
    else:
        open_programme.applications_open_at = now - timedelta(days=10)
        open_programme.applications_close_at = now - timedelta(minutes=1)
    open_programme.save()
    url = apply_url(open_programme, "mentee")

    page = applicant_client.get(url)
    assert page.status_code == 200
    assert "Der er ikke åbent for ansøgninger" in page.content.decode()
    assert 'value="submit"' not in page.content.decode()

    for action in ("draft", "submit"):
        response = applicant_client.post(url, mentee_post(action=action))
        assert response.status_code == 200
        assert "så intet blev gemt" in response.content.decode()
    assert not Participation.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="application.").exists()


def test_after_the_window_closes_a_sent_application_cannot_be_changed(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    url = apply_url(open_programme, "mentee")
    applicant_client.post(url, mentee_post())
    open_programme.applications_close_at = timezone.now() - timedelta(seconds=1)
    open_programme.save()
    response = applicant_client.post(url, mentee_post(organisation="Ny", version="1"))
    assert response.status_code == 200
    p = Participation.objects.get()
    assert p.organisation == "Aarhus Kommune"
    # The page shows the sent answers read-only.
    page = applicant_client.get(url)
    assert page.context["form"]["organisation"].value() == "Aarhus Kommune"
    assert "disabled" in str(page.context["form"]["organisation"])


def test_a_second_application_edits_the_same_row(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    url = apply_url(open_programme, "mentee")
    applicant_client.post(url, mentee_post())
    first = Participation.objects.get()
    applicant_client.post(url, mentee_post(job_title="Teamleder", version=str(first.version)))
    assert Participation.objects.count() == 1
    first.refresh_from_db()
    assert first.job_title == "Teamleder"
    # Resending keeps the status and the first sending time.
    assert first.status == "submitted"
    assert first.version == 2
    # Another role in the same programme is another application.
    applicant_client.post(apply_url(open_programme, "mentor"), mentor_post())
    assert Participation.objects.filter(user=applicant).count() == 2


def test_stale_version_gets_a_conflict_not_an_overwrite(
    open_programme: Programme, applicant_client: Client
) -> None:
    url = apply_url(open_programme, "mentee")
    applicant_client.post(url, mentee_post(action="draft"))
    # Two windows open at version 1; the first saves, the second is stale.
    applicant_client.post(url, mentee_post(job_title="Fra vindue et", version="1"))
    response = applicant_client.post(url, mentee_post(job_title="Fra vindue to", version="1"))
    assert response.status_code == 200
    assert response.context["conflict"] is True
    assert "blev ændret, efter du åbnede den" in response.content.decode()
    p = Participation.objects.get()
    assert p.job_title == "Fra vindue et"
    assert p.version == 2
    # A form opened before the application existed is stale too.
    response = applicant_client.post(url, mentee_post(job_title="Ny fane"))
    assert response.context["conflict"] is True
    assert Participation.objects.get().job_title == "Fra vindue et"


@pytest.mark.parametrize("status", ["accepted", "waitlisted", "declined"])
def test_decided_application_is_not_editable_by_the_applicant(
    status: str, open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    p = ParticipationFactory(
        programme=open_programme,
        user=applicant,
        status=status,
        decision_reason="Begrundelse",
        job_title="Oprindelig",
    )
    url = apply_url(open_programme, "mentee")
    response = applicant_client.post(url, mentee_post(job_title="Ændret", version=str(p.version)))
    assert response.status_code == 200
    p.refresh_from_db()
    assert p.job_title == "Oprindelig"
    assert p.status == status
    page = applicant_client.get(url)
    html = page.content.decode()
    assert "kan ikke længere ændres" in html
    assert 'value="submit"' not in html
    assert "Begrundelse" in html


def test_withdraw_and_send_again(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    url = apply_url(open_programme, "mentee")
    applicant_client.post(url, mentee_post())
    p = Participation.objects.get()
    withdraw_url = reverse("participants:withdraw", args=[p.pk])
    # The link asks first; asking changes nothing.
    assert (
        withdraw_url
        in applicant_client.get(reverse("participants:my_applications")).content.decode()
    )
    confirm = applicant_client.get(withdraw_url)
    assert confirm.status_code == 200
    assert (
        "Vil du trække din ansøgning som mentee til Mentorordning A tilbage?"
        in confirm.content.decode()
    )
    p.refresh_from_db()
    assert p.status == "submitted"
    response = applicant_client.post(withdraw_url)
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == "withdrawn"
    assert AuditEntry.objects.filter(action="application.withdrawn", actor=applicant).exists()
    # While the window is open it can be sent again: the same row.
    applicant_client.post(url, mentee_post(version=str(p.version)))
    p.refresh_from_db()
    assert p.status == "submitted"
    assert Participation.objects.count() == 1


def test_nobody_else_can_withdraw_or_open_an_application(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    theirs = ParticipationFactory(
        programme=open_programme, submitted=True, organisation="Fremmed Firma A/S"
    )
    response = applicant_client.post(reverse("participants:withdraw", args=[theirs.pk]))
    assert response.status_code == 404
    assert (
        applicant_client.get(reverse("participants:withdraw", args=[theirs.pk])).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == "submitted"
    # The apply page shows only the signed-in person's own application.
    page = applicant_client.get(apply_url(open_programme, "mentee"))
    assert page.context["participation"] is None
    assert "Fremmed Firma A/S" not in page.content.decode()


def test_my_applications_lists_own_applications_with_status(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    other_programme = open_window(ProgrammeFactory(name_da="Lederprogrammet"))
    ParticipationFactory(programme=open_programme, user=applicant, submitted=True)
    ParticipationFactory(
        programme=other_programme,
        user=applicant,
        role="mentor",
        status="declined",
        decision_reason="Der var for mange mentorer i år.",
    )
    stranger = ParticipationFactory(programme=open_programme, organisation="Fremmed A/S")
    response = applicant_client.get(reverse("participants:my_applications"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mentorordning A" in html and "Lederprogrammet" in html
    assert "Sendt" in html and "Afslået" in html
    assert "Der var for mange mentorer i år." in html
    assert str(stranger.user) not in html
    assert "no-store" in response["Cache-Control"]


def test_header_links_to_my_applications_for_signed_in_people(
    applicant_client: Client, user: User
) -> None:
    html = applicant_client.get(reverse("home")).content.decode()
    assert reverse("participants:my_applications") in html
    assert "Mine ansøgninger" in html
    assert (
        reverse("participants:my_applications")
        not in Client().get(reverse("home")).content.decode()
    )


def test_english_form(open_programme: Programme, applicant: User, applicant_client: Client) -> None:
    applicant.language = "en"
    applicant.save(update_fields=["language"])
    html = applicant_client.get(apply_url(open_programme, "mentee")).content.decode()
    assert "Save draft" in html and "Send application" in html
    assert "From outside" in html and "From inside" in html


def test_csrf_is_enforced_on_every_post(
    open_programme: Programme, applicant: User, coordinator: User
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    assert client.post(apply_url(open_programme, "mentee"), mentee_post()).status_code == 403
    assert not Participation.objects.exists()
    own = ParticipationFactory(programme=open_programme, user=applicant, submitted=True)
    assert client.post(reverse("participants:withdraw", args=[own.pk])).status_code == 403
    own.refresh_from_db()
    assert own.status == "submitted"

    coordinating = Client(enforce_csrf_checks=True)
    coordinating.force_login(coordinator)
    response = coordinating.post(
        reverse("participants:decide", args=[open_programme.slug, own.pk]),
        {"decision": "accepted", "reason": ""},
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == "submitted"


def test_contact_after_the_programme_is_optional_off_by_default_and_revocable(
    open_programme: Programme, applicant: User, applicant_client: Client
) -> None:
    """GDPR consent (issue 8, point 6): a separate, unticked box on the form."""
    url = apply_url(open_programme, "mentee")
    html = applicant_client.get(url).content.decode()
    box = html[html.index('name="consent_contact_after"') - 200 :][:400]
    assert 'type="checkbox"' in box and "checked" not in box
    applicant_client.post(url, mentee_post())
    p = Participation.objects.get(user=applicant)
    assert p.consent_contact_after is False
    # Ticked in a later edit, and withdrawn again.
    applicant_client.post(url, mentee_post(version=str(p.version), consent_contact_after="on"))
    p.refresh_from_db()
    assert p.consent_contact_after is True
    applicant_client.post(url, mentee_post(version=str(p.version)))
    p.refresh_from_db()
    assert p.consent_contact_after is False


# --- Readiness guidance on the form (issue 16.14) ------------------------------


@pytest.mark.parametrize("role", ["mentee", "mentor"])
def test_the_form_tells_the_readiness_thresholds_before_sending(
    open_programme: Programme, applicant_client: Client, role: str
) -> None:
    """The rules of readiness.py are shown as guidance (also without JS) with
    a live counter wired by a static script with the page's nonce."""
    from mentoring.participants import readiness
    from tests.accounts.helpers import Page, csp_nonce

    response = applicant_client.get(apply_url(open_programme, role))
    html = response.content.decode()

    minimum = readiness.MIN_MOTIVATION_CHARS
    assert f"Skriv mindst {minimum} tegn." in html
    assert f'data-min-chars="{minimum}"' in html
    assert 'class="help char-count"' in html
    nonce = csp_nonce(response)
    assert f'src="/static/participants/js/char-count.js" nonce="{nonce}"' in html
    assert Page.parse(response).problems(nonce) == []
    if role == "mentee":
        change, goal = readiness.MIN_CHANGE_DESCRIPTION_CHARS, readiness.MIN_GOAL_CHARS
        assert f"Skriv mindst {change} tegn." in html
        assert f'data-min-chars="{goal}"' in html
        assert f"mindst {goal} tegn hver" in html


# --- The name (issue 16.5) -------------------------------------------------------


def test_an_applicant_without_a_name_is_asked_for_it(open_programme: Programme) -> None:
    person = UserFactory(email="uden.navn@example.org", full_name="")
    client = Client()
    client.force_login(person)
    url = apply_url(open_programme, "mentee")
    page = client.get(url).content.decode()
    assert 'name="full_name"' in page
    assert "Dit fulde navn</label>" in page  # asked, and not marked optional

    refused = client.post(url, mentee_post())
    assert refused.status_code == 200
    assert "full_name" in refused.context["form"].errors
    assert not Participation.objects.filter(user=person).exists()

    sent = client.post(url, mentee_post(full_name="  Nanna   Navnløs "))
    assert sent.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Nanna Navnløs"
    assert Participation.objects.get(user=person).status == "submitted"
    # Now named: the question is not asked again.
    assert 'name="full_name"' not in client.get(url).content.decode()


def test_someone_with_a_name_is_not_asked(
    open_programme: Programme, applicant_client: Client
) -> None:
    page = applicant_client.get(apply_url(open_programme, "mentor")).content.decode()
    assert 'name="full_name"' not in page


def test_the_service_refuses_to_send_an_application_without_a_name(
    open_programme: Programme,
) -> None:
    """The rule holds without the form: a draft may wait for the name, sending may not."""
    from django.core.exceptions import ValidationError

    from mentoring.participants.forms import MenteeApplicationForm
    from mentoring.participants.services import application_save

    person = UserFactory(email="uden.navn@example.org", full_name="")
    form = MenteeApplicationForm(mentee_post(), programme=open_programme, submit=True)
    assert form.is_valid(), form.errors
    draft = application_save(
        programme=open_programme,
        user=person,
        role="mentee",
        data=form.answers(),
        submit=False,
        expected_version=None,
    )
    with pytest.raises(ValidationError) as refused:
        application_save(
            participation=draft, data=form.answers(), submit=True, expected_version=draft.version
        )
    assert "full_name" in refused.value.message_dict
    draft.refresh_from_db()
    assert draft.status == "draft"
