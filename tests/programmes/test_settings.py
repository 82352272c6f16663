"""Coordinators create and edit programmes: the form, the services, the audit."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.programmes.models import Programme
from mentoring.programmes.services import programme_create, programme_update
from tests.conftest import logged_in_client
from tests.factories import UserFactory, activate_totp
from tests.programmes.helpers import form_data, set_phase

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
CREATE = reverse("programmes:create")


def edit_url(programme: Programme) -> str:
    return reverse("programmes:edit", kwargs={"slug": programme.slug})


def test_coordinator_creates_a_programme_with_every_setting(
    coordinator: User, programme: Programme
) -> None:
    colleague = UserFactory(email="colleague@example.org")
    client = logged_in_client(coordinator)
    response = client.post(
        CREATE,
        form_data(
            slug="hr-2030",
            kind="internal",
            organisation="Region Midtjylland",
            min_meetings="6",
            min_meeting_minutes="60",
            max_meeting_minutes="90",
            min_months="5",
            max_months="7",
            default_mentor_capacity="2",
            coordinators="Colleague@example.org",
        ),
    )
    created = Programme.objects.get(slug="hr-2030")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:detail", kwargs={"slug": "hr-2030"})
    assert created.phase == "decision"
    assert (created.name_da, created.name_en) == ("Mentorordning 2030", "Mentoring programme 2030")
    assert created.kind == "internal" and created.organisation == "Region Midtjylland"
    assert created.applications_open_at == datetime(2030, 1, 6, 9, 0, tzinfo=CPH)
    assert created.applications_close_at == datetime(2030, 2, 1, 12, 0, tzinfo=CPH)
    assert (created.starts_on, created.ends_on) == (date(2030, 3, 1), date(2030, 10, 31))
    assert (created.min_meetings, created.min_meeting_minutes, created.max_meeting_minutes) == (
        6,
        60,
        90,
    )
    assert (created.min_months, created.max_months, created.default_mentor_capacity) == (5, 7, 2)
    assert set(created.coordinators.all()) == {coordinator, colleague}

    actions = list(
        AuditEntry.objects.filter(programme=created).values_list("action", "data").order_by("pk")
    )
    assert actions[0] == ("programme.created", {"slug": "hr-2030"})
    assert [a for a, _d in actions[1:]] == ["programme.coordinator_added"] * 2
    # The colleague is told by e-mail, the creator is not.
    assert OutboxMessage.objects.filter(to_email="colleague@example.org").count() == 1
    assert not OutboxMessage.objects.filter(to_email=coordinator.email).exists()


def test_new_programme_takes_the_flyers_recommendation_by_default(
    coordinator: User, programme: Programme
) -> None:
    client = logged_in_client(coordinator)
    page = client.get(CREATE).content.decode()
    assert 'name="min_meetings" value="5"' in page
    assert 'name="min_meeting_minutes" value="90"' in page
    assert 'name="max_meeting_minutes" value="120"' in page
    assert 'name="min_months" value="6"' in page
    assert 'name="max_months" value="8"' in page
    client.post(CREATE, form_data(name_da="Ny ordning", name_en="New programme"))
    created = Programme.objects.get(name_da="Ny ordning")
    assert created.slug == "ny-ordning"
    assert (created.min_meetings, created.min_meeting_minutes, created.max_meeting_minutes) == (
        5,
        90,
        120,
    )


def test_superuser_may_create_and_becomes_coordinator(superuser: User) -> None:
    client = logged_in_client(superuser)
    client.post(CREATE, form_data(slug="super-2030"))
    assert list(Programme.objects.get(slug="super-2030").coordinators.all()) == [superuser]


@pytest.mark.parametrize("who", ["anonymous", "user"])
def test_people_without_a_coordinator_role_cannot_create(who: str, user: User) -> None:
    from django.test import Client

    client = Client() if who == "anonymous" else logged_in_client(user)
    response = client.post(CREATE, form_data(slug="sneaky"))
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 404
    assert not Programme.objects.filter(slug="sneaky").exists()


def test_slug_is_made_unique_and_reserved_words_are_refused(
    coordinator: User, programme: Programme
) -> None:
    client = logged_in_client(coordinator)
    client.post(CREATE, form_data(name_da="Mentorordning A"))
    assert Programme.objects.filter(slug="mentorordning-a").exists()
    client.post(CREATE, form_data(name_da="Mentorordning A"))
    assert Programme.objects.filter(slug="mentorordning-a-2").exists()
    response = client.post(CREATE, form_data(slug="programme-a"))
    assert response.status_code == 200
    assert "Det korte navn er allerede i brug" in response.content.decode()
    # "new" is reserved, not taken: test_a_reserved_short_name_is_called_reserved_not_taken


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {
                "applications_open_at": "2030-02-01T12:00",
                "applications_close_at": "2030-01-06T09:00",
            },
            "applications_close_at",
            "Ansøgningsfristen skal ligge efter åbningstidspunktet.",
        ),
        (
            {"applications_close_at": ""},
            "applications_close_at",
            "Angiv både åbningstidspunkt og frist",
        ),
        (
            {"starts_on": "2030-10-31", "ends_on": "2030-03-01"},
            "ends_on",
            "Ordningen skal slutte efter, den er begyndt.",
        ),
        ({"starts_on": "2030-03-01", "ends_on": "2030-03-01"}, "ends_on", "skal slutte efter"),
        (
            {"default_mentor_capacity": "4"},
            "default_mentor_capacity",
            "En mentor tager 1, 2 eller 3",
        ),
        (
            {"default_mentor_capacity": "0"},
            "default_mentor_capacity",
            "En mentor tager 1, 2 eller 3",
        ),
        (
            {"min_meeting_minutes": "120", "max_meeting_minutes": "90"},
            "max_meeting_minutes",
            "Det længste møde kan ikke være kortere end det korteste.",
        ),
        (
            {"min_months": "9", "max_months": "8"},
            "max_months",
            "Den længste varighed kan ikke være kortere end den korteste.",
        ),
        ({"min_meetings": "0"}, "min_meetings", "Skriv et tal fra 1 til 50."),
        ({"inactivity_days": "3"}, "inactivity_days", "Skriv et tal fra 7 til 180."),
        ({"follow_up_days": "400"}, "follow_up_days", "Skriv et tal fra 30 til 365."),
        ({"min_respondents": "2"}, "min_respondents", "Skriv et tal fra 3 til 20."),
        ({"retention_months": "121"}, "retention_months", "Skriv et tal fra 1 til 120."),
        (
            {"kind": "internal", "organisation": " "},
            "organisation",
            "En intern ordning hører til én organisation",
        ),
        ({"name_da": ""}, "name_da", "Giv mentorordningen et dansk navn."),
        (
            {"coordinators": "nobody@example.org"},
            "coordinators",
            "Der er ingen konto med nobody@example.org",
        ),
        ({"coordinators": "not an address"}, "coordinators", "Ikke en gyldig e-mailadresse"),
    ],
)
def test_invalid_settings_are_refused_with_a_clear_danish_message(
    coordinator: User, programme: Programme, overrides: dict[str, str], field: str, message: str
) -> None:
    client = logged_in_client(coordinator)
    response = client.post(CREATE, form_data(slug="refused", **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert message.split("<")[0] in page
    assert f'id="id_{field}_error"' in page
    assert not Programme.objects.filter(slug="refused").exists()


def test_errors_are_in_english_for_an_english_user(coordinator: User, programme: Programme) -> None:
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    response = logged_in_client(coordinator).post(
        CREATE, form_data(starts_on="2030-10-31", ends_on="2030-03-01", default_mentor_capacity="5")
    )
    errors = response.context["form"].errors
    assert errors["ends_on"] == ["The programme must end after it starts. Choose a later end date."]
    assert errors["default_mentor_capacity"] == ["A mentor takes 1, 2 or 3 mentees."]


def test_a_short_period_is_saved_with_a_warning(coordinator: User, programme: Programme) -> None:
    client = logged_in_client(coordinator)
    response = client.post(
        CREATE, form_data(slug="short", starts_on="2030-03-01", ends_on="2030-05-31"), follow=True
    )
    assert Programme.objects.filter(slug="short").exists()
    page = response.content.decode()
    assert "Perioden er kortere end de 6 måneder, ordningen anbefaler." in page


def test_coordinator_edits_settings_and_the_audit_names_the_fields(
    coordinator: User, programme: Programme
) -> None:
    client = logged_in_client(coordinator)
    page = client.get(edit_url(programme)).content.decode()
    assert "coordinator@example.org" in page
    assert 'name="slug"' not in page  # the slug is fixed once created
    response = client.post(
        edit_url(programme),
        form_data(
            name_da="Mentorordning A (ny)",
            name_en=programme.name_en,
            description_da=programme.description_da,
            description_en=programme.description_en,
            min_meetings="6",
            coordinators="coordinator@example.org",
        ),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name_da == "Mentorordning A (ny)" and programme.min_meetings == 6
    entry = AuditEntry.objects.get(action="programme.updated")
    assert entry.actor == coordinator and entry.programme == programme
    fields = entry.data["fields"].split(",")
    assert set(fields) == {
        "name_da",
        "min_meetings",
        "applications_open_at",
        "applications_close_at",
        "starts_on",
        "ends_on",
    }
    # Field names only, never the values.
    assert "Mentorordning A (ny)" not in str(entry.data)


def test_an_unchanged_form_writes_no_audit_entry(coordinator: User, programme: Programme) -> None:
    client = logged_in_client(coordinator)
    form = client.get(edit_url(programme)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = client.post(edit_url(programme), data)
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="programme.updated").exists()


def test_coordinators_are_added_and_removed_by_address(
    coordinator: User, programme: Programme
) -> None:
    newcomer = UserFactory(email="newcomer@example.org")
    leaving = UserFactory(email="leaving@example.org")
    programme.coordinators.add(leaving)
    client = logged_in_client(coordinator)
    client.post(
        edit_url(programme),
        form_data(
            name_da=programme.name_da,
            name_en=programme.name_en,
            coordinators="coordinator@example.org, newcomer@example.org",
        ),
    )
    assert set(programme.coordinators.all()) == {coordinator, newcomer}
    assert OutboxMessage.objects.filter(to_email="newcomer@example.org").count() == 1
    actions = set(AuditEntry.objects.filter(programme=programme).values_list("action", flat=True))
    assert {"programme.coordinator_added", "programme.coordinator_removed"} <= actions


def test_a_programme_keeps_at_least_one_coordinator(
    coordinator: User, programme: Programme
) -> None:
    client = logged_in_client(coordinator)
    response = client.post(edit_url(programme), form_data(coordinators=""))
    assert response.status_code == 200
    assert response.context["form"].errors["coordinators"] == [
        "En mentorordning skal have mindst én koordinator."
    ]
    assert list(programme.coordinators.all()) == [coordinator]
    with pytest.raises(ValidationError):
        programme_update(programme=programme, by=coordinator, coordinators=[])


def test_a_coordinator_who_removes_themselves_is_sent_home(
    coordinator: User, programme: Programme
) -> None:
    colleague = UserFactory(email="colleague@example.org")
    activate_totp(colleague)
    response = logged_in_client(coordinator).post(
        edit_url(programme), form_data(coordinators="colleague@example.org")
    )
    assert response["Location"] == reverse("home")
    assert list(programme.coordinators.all()) == [colleague]


def test_someone_elses_programme_cannot_be_edited(
    other_coordinator: User, programme: Programme
) -> None:
    client = logged_in_client(other_coordinator)
    assert client.get(edit_url(programme)).status_code == 404
    assert client.post(edit_url(programme), form_data(name_da="Kapret")).status_code == 404
    programme.refresh_from_db()
    assert programme.name_da == "Mentorordning A"


def test_posting_unlisted_fields_changes_nothing(coordinator: User, programme: Programme) -> None:
    client = logged_in_client(coordinator)
    client.post(
        edit_url(programme),
        form_data(phase="ending", slug="stolen", coordinators=coordinator.email),
    )
    programme.refresh_from_db()
    assert programme.phase == "decision" and programme.slug == "programme-a"


def test_window_and_period_cannot_be_removed_after_the_decision_phase(
    coordinator: User, programme: Programme
) -> None:
    set_phase(programme, "preparation")
    response = logged_in_client(coordinator).post(
        edit_url(programme),
        form_data(
            applications_open_at="",
            applications_close_at="",
            starts_on="",
            ends_on="",
            coordinators=coordinator.email,
        ),
    )
    errors = response.context["form"].errors
    assert "applications_open_at" in errors and "starts_on" in errors


def test_services_enforce_the_same_rules_without_the_form(coordinator: User) -> None:
    with pytest.raises(ValidationError) as caught:
        programme_create(
            by=coordinator,
            name_da="X",
            name_en="X",
            kind="internal",
            starts_on=date(2030, 5, 1),
            ends_on=date(2030, 4, 1),
            default_mentor_capacity=5,
        )
    assert set(caught.value.message_dict) == {"organisation", "ends_on", "default_mentor_capacity"}
    assert not Programme.objects.exists()
    with pytest.raises(TypeError):
        programme_create(by=coordinator, name_da="X", name_en="X", kind="open", phase="ending")


def test_open_programme_forgets_an_organisation(coordinator: User) -> None:
    created = programme_create(
        by=coordinator, name_da="X", name_en="X", kind="open", organisation="Leftover"
    )
    assert created.organisation == ""
    assert list(created.coordinators.all()) == [coordinator]


def test_a_reserved_short_name_is_called_reserved_not_taken(
    coordinator: User, programme: Programme
) -> None:
    """Issue 16, point 15: "new" is no programme's name, so "already in use" was wrong."""
    response = logged_in_client(coordinator).post(CREATE, form_data(slug="new"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "er reserveret" in page
    assert "allerede i brug" not in page
    assert not Programme.objects.filter(slug="new").exists()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        programme_create(by=coordinator, slug="edit", name_da="Ny", name_en="New")
    assert "reserved" in str(error.value.message_dict["slug"])


def test_a_description_longer_than_the_limit_is_refused_with_a_clear_message(
    coordinator: User, programme: Programme
) -> None:
    from mentoring.common.limits import LONG_TEXT

    huge = "Mentor " * 200_000  # 1.4 MB, as a newcomer once saved
    response = logged_in_client(coordinator).post(
        edit_url(programme),
        form_data(description_da=huge, coordinators=coordinator.email),
    )
    assert response.status_code == 200
    # Django's own message, in Danish: at most 10000 characters, and how many it has.
    [error] = response.context["form"].errors["description_da"]
    assert error == f"Denne værdi må højst have {LONG_TEXT} tegn (den har {len(huge.strip())})."
    programme.refresh_from_db()
    assert programme.description_da != huge
    page = response.content.decode()
    assert f'maxlength="{LONG_TEXT}"' in page


def test_services_refuse_texts_longer_than_the_limits_without_the_form(
    coordinator: User, programme: Programme
) -> None:
    from mentoring.common.limits import LONG_TEXT

    with pytest.raises(ValidationError) as caught:
        programme_update(
            programme=programme,
            by=coordinator,
            description_en="x" * (LONG_TEXT + 1),
            name_en="y" * 201,
        )
    assert set(caught.value.message_dict) == {"description_en", "name_en"}
    assert "10,000" in caught.value.message_dict["description_en"][0] or (
        "10.000" in caught.value.message_dict["description_en"][0]
    )
    programme.refresh_from_db()
    assert len(programme.description_en) <= LONG_TEXT and len(programme.name_en) <= 200
    with pytest.raises(ValidationError) as caught:
        programme_create(
            by=coordinator,
            name_da="X",
            name_en="X",
            kind="open",
            description_da="x" * (LONG_TEXT + 1),
        )
    assert set(caught.value.message_dict) == {"description_da"}
    # exactly at the limit is fine
    programme_update(programme=programme, by=coordinator, description_en="x" * LONG_TEXT)
    programme.refresh_from_db()
    assert len(programme.description_en) == LONG_TEXT
