"""``manage.py seed_demo``: the demo programme, its people and the demo logins."""

from __future__ import annotations

import re
from io import StringIO
from statistics import mean
from typing import Any

import pyotp
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import decrypt, encrypt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.common import demo_data as demo
from mentoring.common.management.commands.seed_demo import current_totp_code
from mentoring.participants.enums import ChangeSituation, Role
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme

pytestmark = pytest.mark.django_db

PARTICIPATION_FIELDS = (
    "role",
    "organisation",
    "job_title",
    "industry",
    "region",
    "years_of_experience",
    "change_situation",
    "change_description",
    "goals",
    "expertise",
    "capacity",
)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def participations(role: Role) -> list[Participation]:
    return list(
        Participation.objects.filter(programme__slug=demo.PROGRAMME_SLUG, role=role).select_related(
            "user"
        )
    )


def snapshot() -> dict[str, Any]:
    """Every row the command writes, keyed by natural keys and with ids."""
    return {
        "users": sorted(
            User.objects.values_list(
                "id", "email", "full_name", "language", "is_staff", "is_superuser", "password"
            )
        ),
        "emails": sorted(EmailAddress.objects.values_list("id", "email", "primary", "verified")),
        "authenticators": sorted(Authenticator.objects.values_list("id", "user__email", "type")),
        "programmes": list(
            Programme.objects.values_list(
                "id", "slug", "name_da", "name_en", "description_da", "description_en"
            )
        ),
        "coordinators": sorted(
            Programme.coordinators.through.objects.values_list("programme_id", "user_id")
        ),
        "participations": sorted(
            Participation.objects.values_list("id", "user__email", *PARTICIPATION_FIELDS),
            key=lambda row: row[0],
        ),
    }


def log_in(client: Client, email: str, password: str = demo.DEMO_PASSWORD) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password})


def session_user_id(client: Client) -> str | None:
    value = client.session.get("_auth_user_id")
    return str(value) if value is not None else None


def test_creates_one_programme_with_about_20_mentors_and_30_mentees() -> None:
    seed()

    programme = Programme.objects.get()
    assert programme.slug == "mentorordning-2027"
    assert programme.name_da == "Mentorordning 2027"
    assert programme.name_en == "Mentoring programme 2027"
    assert "samarbejdsaftale" in programme.description_da
    assert "collaboration agreement" in programme.description_en
    assert list(programme.coordinators.values_list("email", flat=True)) == [
        "koordinator@example.dk"
    ]
    assert 18 <= len(participations(Role.MENTOR)) <= 22
    assert 28 <= len(participations(Role.MENTEE)) <= 32
    # Everyone is exactly one of mentor or mentee; the coordinator and admin are neither.
    assert Participation.objects.values("user").distinct().count() == Participation.objects.count()
    assert not Participation.objects.filter(
        user__email__in=["koordinator@example.dk", "admin@example.dk"]
    ).exists()


def test_participants_are_varied() -> None:
    seed()
    mentors, mentees = participations(Role.MENTOR), participations(Role.MENTEE)
    everyone = mentors + mentees

    assert len({p.organisation for p in everyone}) >= 20
    assert len({p.industry for p in everyone}) >= 8
    assert {p.region for p in everyone} == {
        "Hovedstaden",
        "Sjælland",
        "Syddanmark",
        "Midtjylland",
        "Nordjylland",
    }
    assert len({p.job_title for p in everyone}) >= 15
    assert {p.user.language for p in everyone} == {"da", "en"}
    assert sum(p.user.language == "da" for p in everyone) > 0.8 * len(everyone)

    situations = {p.change_situation for p in mentees}
    assert len(situations) >= 8
    assert situations & ChangeSituation.external()
    assert situations - ChangeSituation.external()  # internal kinds too

    # Mentors bring more experience than mentees.
    assert (
        mean(p.years_of_experience for p in mentors)
        > mean(p.years_of_experience for p in mentees) + 8
    )
    assert min(p.years_of_experience for p in mentors) >= 9
    assert len({p.years_of_experience for p in everyone}) >= 10


def test_mentees_have_a_change_situation_and_one_to_five_concrete_goals() -> None:
    seed()
    mentees = participations(Role.MENTEE)

    all_goals: list[str] = []
    for mentee in mentees:
        assert mentee.change_situation in ChangeSituation.values
        assert len(mentee.change_description) > 40
        assert 1 <= len(mentee.goals) <= 5, mentee.user.email
        assert all(isinstance(goal, str) and len(goal) > 10 for goal in mentee.goals)
        assert mentee.capacity is None
        assert mentee.expertise == ""
        all_goals += mentee.goals
    assert len(set(all_goals)) == len(all_goals), "every goal is written for its mentee"
    assert {len(m.goals) for m in mentees} >= {1, 2, 3, 5}
    assert "Få styr på min første lønforhandlingsrunde som ny HR-chef" in all_goals


def test_mentors_have_expertise_and_capacity_one_to_three() -> None:
    seed()
    mentors = participations(Role.MENTOR)

    for mentor in mentors:
        assert mentor.capacity is not None
        assert 1 <= mentor.capacity <= 3
        assert len(mentor.expertise) > 40
        assert mentor.change_situation == ""
        assert mentor.goals == []
    assert {m.capacity for m in mentors} == {1, 2, 3}
    # Enough places for every mentee, so a matching run can place everyone.
    assert sum(m.capacity or 0 for m in mentors) >= len(participations(Role.MENTEE))


def test_every_person_has_a_realistic_name_and_a_verified_primary_address() -> None:
    seed()

    users = list(User.objects.all())
    assert len(users) == Participation.objects.count() + 2
    for user in users:
        assert len(user.full_name.split()) >= 2, user.email
        assert user.email.endswith("@example.dk")
        assert user.is_active
        assert EmailAddress.objects.filter(
            user=user, email=user.email, primary=True, verified=True
        ).exists()
    assert len({u.full_name.split()[-1] for u in users}) >= 45  # not one family
    assert User.objects.get(email="torben.vestergaard@example.dk").full_name == (
        "Torben Vestergaard"
    )
    assert User.objects.filter(email="jens.moeller@example.dk").exists()  # ø -> oe


@pytest.mark.parametrize("email", ["mentor@example.dk", "mentee@example.dk"])
def test_mentor_and_mentee_can_log_in(email: str) -> None:
    seed()
    user = User.objects.get(email=email)
    assert Participation.objects.filter(
        user=user, programme__slug=demo.PROGRAMME_SLUG, role=email.split("@")[0]
    ).exists()

    client = Client()
    response = log_in(client, email)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert session_user_id(client) == str(user.pk)


def test_other_demo_people_share_the_demo_password() -> None:
    seed()
    assert Client().login(email="torben.vestergaard@example.dk", password=demo.DEMO_PASSWORD)
    assert Client().login(email="priya.raman@example.dk", password=demo.DEMO_PASSWORD)


@pytest.mark.parametrize("email", ["koordinator@example.dk", "admin@example.dk"])
def test_coordinator_and_admin_log_in_with_the_printed_totp_code(email: str) -> None:
    output = seed()
    user = User.objects.get(email=email)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    assert decrypt(authenticator.data["secret"]) == demo.TOTP_SECRET

    client = Client()
    response = log_in(client, email)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert session_user_id(client) is None  # the password alone is not enough

    code = re.search(r"Current code: (\d{6})", output)
    assert code is not None
    # The printed code may just have expired; the current one comes from the same helper.
    response = client.post(
        reverse("mfa_authenticate"), {"code": current_totp_code(demo.TOTP_SECRET)[0]}
    )
    assert response.status_code == 302
    assert session_user_id(client) == str(user.pk)


def test_admin_is_superuser_and_coordinator_is_not() -> None:
    seed()
    admin = User.objects.get(email="admin@example.dk")
    coordinator = User.objects.get(email="koordinator@example.dk")
    assert admin.is_staff and admin.is_superuser
    assert not coordinator.is_staff and not coordinator.is_superuser
    assert not User.objects.exclude(pk=admin.pk).filter(is_superuser=True).exists()


@pytest.mark.parametrize("at", [0, 59, 1_111_111_109, 1_234_567_890, 2_000_000_000])
def test_totp_code_matches_an_authenticator_app(at: int) -> None:
    code, valid_for = current_totp_code(demo.TOTP_SECRET, at=at)
    assert code == pyotp.TOTP(demo.TOTP_SECRET).at(at)
    assert 1 <= valid_for <= 30


def test_output_lists_the_demo_logins_and_the_totp_secret() -> None:
    output = seed()

    assert "20 mentors, 30 mentees" in output
    assert demo.DEMO_PASSWORD in output
    for login in ("koordinator@example.dk", "admin@example.dk", "mentor@example.dk"):
        assert login in output
    assert "mentee@example.dk" in output
    assert demo.TOTP_SECRET in output
    assert "authenticator app" in output
    assert re.search(r"Current code: \d{6} \(valid for \d+ more seconds\)", output)


def test_verbosity_zero_prints_nothing() -> None:
    out = StringIO()
    call_command("seed_demo", verbosity=0, stdout=out)
    assert out.getvalue() == ""
    assert Programme.objects.filter(slug=demo.PROGRAMME_SLUG).exists()


def test_running_twice_changes_nothing() -> None:
    seed()
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "nothing changed" in output
    assert User.objects.count() == 52
    assert Authenticator.objects.count() == 2


def test_the_data_are_the_same_on_every_fresh_database() -> None:
    def without_ids(data: dict[str, Any]) -> dict[str, Any]:
        return {
            "users": sorted(row[1:-1] for row in data["users"]),  # the password salt differs
            "participations": sorted(row[1:] for row in data["participations"]),
            "programmes": [row[1:] for row in data["programmes"]],
        }

    seed()
    first = without_ids(snapshot())
    User.objects.all().delete()
    Programme.objects.all().delete()

    seed()

    assert without_ids(snapshot()) == first


def test_existing_rows_are_kept_and_passwords_reset_only_on_request() -> None:
    seed()
    mentor = User.objects.get(email="mentor@example.dk")
    mentor.set_password("my own password 42")
    mentor.language = "en"
    mentor.save(update_fields=["password", "language"])
    participation = Participation.objects.get(user=mentor)
    participation.capacity = 1
    participation.save(update_fields=["capacity"])

    seed()

    mentor.refresh_from_db()
    assert mentor.check_password("my own password 42")
    assert mentor.language == "en"
    assert Participation.objects.get(user=mentor).capacity == 1

    seed("--reset-passwords")

    mentor.refresh_from_db()
    assert mentor.check_password(demo.DEMO_PASSWORD)
    assert mentor.language == "en"  # only the password is reset


def test_a_changed_totp_secret_is_reported_and_restored_on_request() -> None:
    seed()
    coordinator = User.objects.get(email="koordinator@example.dk")
    authenticator = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP)
    own_secret = generate_totp_secret()
    authenticator.data = {"secret": encrypt(own_secret)}
    authenticator.save(update_fields=["data"])

    output = seed()

    authenticator.refresh_from_db()
    assert decrypt(authenticator.data["secret"]) == own_secret
    assert "koordinator@example.dk has its own TOTP secret" in output

    seed("--reset-passwords")

    authenticator.refresh_from_db()
    assert decrypt(authenticator.data["secret"]) == demo.TOTP_SECRET
    assert Authenticator.objects.filter(user=coordinator).count() == 1


def test_restores_what_a_demo_login_needs() -> None:
    seed()
    coordinator = User.objects.get(email="koordinator@example.dk")
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])
    EmailAddress.objects.filter(user=coordinator).update(verified=False)
    Programme.objects.get().coordinators.clear()
    Authenticator.objects.filter(user=coordinator).delete()

    output = seed()

    coordinator.refresh_from_db()
    assert coordinator.is_active
    assert EmailAddress.objects.get(user=coordinator).verified
    assert list(Programme.objects.get().coordinators.all()) == [coordinator]
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()
    assert "Restored on existing rows" in output
