"""``manage.py seed_demo``: the demo programme, its people and the demo logins."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
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
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.demo import data as demo
from mentoring.demo.management.commands.seed_demo import current_totp_code, seed_demo
from mentoring.participants.enums import ApplicationStatus, ChangeSituation, Language, Region, Role
from mentoring.participants.models import Participation
from mentoring.participants.readiness import apply_readiness
from mentoring.programmes.enums import BenefitArea, MeetingFormat, MentorRole, Phase
from mentoring.programmes.models import Programme

pytestmark = pytest.mark.django_db

PARTICIPATION_FIELDS = (
    "role",
    "status",
    "submitted_at",
    "decided_at",
    "decided_by__email",
    "decision_reason",
    "organisation",
    "job_title",
    "industry",
    "region",
    "years_of_experience",
    "languages",
    "meeting_format",
    "availability",
    "motivation",
    "commits_to_meetings",
    "note_to_coordinator",
    "change_situation",
    "change_description",
    "goals",
    "benefit_wishes",
    "role_wishes",
    "commits_to_homework",
    "expertise",
    "expertise_tags",
    "industries",
    "change_situations_lived",
    "role_comfort",
    "capacity",
    "commits_to_presence",
    "is_ready",
    "readiness_issues",
)
PROGRAMME_FIELDS = (
    "slug",
    "name_da",
    "name_en",
    "description_da",
    "description_en",
    "kind",
    "organisation",
    "phase",
    "applications_open_at",
    "applications_close_at",
    "starts_on",
    "ends_on",
    "min_meetings",
    "min_meeting_minutes",
    "max_meeting_minutes",
    "min_months",
    "max_months",
    "default_mentor_capacity",
)
DANISH_REGIONS = set(Region.values) - {Region.ABROAD}
A_PAST_DAY = datetime(2026, 3, 4, 11, 30, tzinfo=UTC)  # a Wednesday


def recruiting() -> Programme:
    """The demo programme in recruitment (the running 2026 programme has its own tests)."""
    return Programme.objects.get(slug=demo.PROGRAMME_SLUG)


def applications() -> Any:
    """The applications to the programme in recruitment."""
    return Participation.objects.filter(programme__slug=demo.PROGRAMME_SLUG)


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
        "programmes": list(Programme.objects.values_list("id", *PROGRAMME_FIELDS)),
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


def test_creates_the_recruiting_programme_with_about_20_mentors_and_30_mentees() -> None:
    seed()

    programme = recruiting()
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
    assert applications().values("user").distinct().count() == applications().count()
    assert not Participation.objects.filter(
        user__email__in=["koordinator@example.dk", "admin@example.dk"]
    ).exists()


def test_participants_are_varied() -> None:
    seed()
    mentors, mentees = participations(Role.MENTOR), participations(Role.MENTEE)
    everyone = mentors + mentees

    assert len({p.organisation for p in everyone}) >= 20
    assert len({p.industry for p in everyone}) >= 8
    assert {p.region for p in everyone} == DANISH_REGIONS  # codes, every Danish region
    assert {p.meeting_format for p in everyone} >= set(MeetingFormat.values)
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


def status_counts(role: Role) -> Counter[str]:
    return Counter(p.status for p in participations(role))


def test_programme_is_in_recruitment_with_the_recommended_frame() -> None:
    before = timezone.now()
    seed()
    programme = recruiting()

    assert programme.kind == "open"
    assert programme.organisation == ""
    assert programme.phase == Phase.PREPARATION
    assert programme.applications_open()
    assert programme.applications_open_at is not None
    assert programme.applications_close_at is not None
    # Opened about three weeks ago, closes in about four.
    assert timedelta(days=20) < before - programme.applications_open_at < timedelta(days=23)
    assert timedelta(days=27) < programme.applications_close_at - before < timedelta(days=30)
    assert str(programme.starts_on) == "2027-02-01"
    assert str(programme.ends_on) == "2027-09-30"
    assert programme.applications_close_at.date() < programme.starts_on
    assert (programme.min_meetings, programme.min_meeting_minutes) == (5, 90)
    assert (programme.max_meeting_minutes, programme.min_months, programme.max_months) == (
        120,
        6,
        8,
    )
    assert programme.default_mentor_capacity == 2


def test_applications_are_in_every_stage_of_recruitment() -> None:
    seed()

    assert status_counts(Role.MENTOR) == {"accepted": 17, "submitted": 2, "waitlisted": 1}
    assert status_counts(Role.MENTEE) == {
        "accepted": 22,
        "submitted": 5,
        "waitlisted": 1,
        "declined": 1,
        "draft": 1,
    }
    assert applications().get(user__email="mentor@example.dk").status == "accepted"
    assert applications().get(user__email="mentee@example.dk").status == "accepted"
    # Accepted mentors have room for every accepted mentee, and some to spare.
    accepted = applications().filter(status=ApplicationStatus.ACCEPTED)
    assert sum(p.capacity or 0 for p in accepted.filter(role=Role.MENTOR)) > (
        accepted.filter(role=Role.MENTEE).count()
    )


# Seeded on each day of a week (Wednesday to Tuesday), in the middle of the night and at noon.
@pytest.mark.parametrize("days", range(7))
@pytest.mark.parametrize("hour", [0, 12])
def test_applications_are_dated_inside_the_window_and_decided_by_the_coordinator(
    days: int, hour: int
) -> None:
    now = A_PAST_DAY.replace(hour=hour) + timedelta(days=days)
    seed_demo(now=now)
    programme = recruiting()
    coordinator = User.objects.get(email="koordinator@example.dk")
    assert programme.applications_open(now)
    assert programme.applications_open_at is not None

    for p in applications().all():
        if p.status == ApplicationStatus.DRAFT:
            assert p.submitted_at is None
            assert p.decided_at is None
            continue
        assert p.submitted_at is not None
        assert programme.applications_open_at <= p.submitted_at < now
        if p.status == ApplicationStatus.SUBMITTED:
            assert p.decided_at is None
            assert p.decided_by is None
            assert p.decision_reason == ""
        else:
            assert p.decided_at is not None
            assert p.submitted_at + timedelta(days=1) < p.decided_at < now
            assert timezone.localtime(p.decided_at).weekday() < 5  # screened on a weekday
            assert p.decided_by == coordinator
        if p.status in (ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED):
            assert len(p.decision_reason) > 40
    # Those awaiting screening came in after everyone decided.
    submitted = applications().filter(status=ApplicationStatus.SUBMITTED)
    decided = applications().exclude(decided_at=None)
    assert min(p.submitted_at for p in submitted if p.submitted_at) > max(
        p.decided_at for p in decided if p.decided_at
    )
    assert len({p.submitted_at for p in applications().exclude(submitted_at=None)}) > 40


def test_readiness_is_derived_and_flags_some_applications_awaiting_screening() -> None:
    seed()
    everyone = list(Participation.objects.select_related("user"))

    for p in everyone:
        stored = (p.is_ready, p.readiness_issues)
        apply_readiness(p)
        assert (p.is_ready, p.readiness_issues) == stored, p.user.email
    for p in everyone:
        if p.status in (ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED):
            assert p.is_ready, (p.user.email, p.readiness_issues)

    flags = {
        p.user.email: p.readiness_issue_codes
        for p in everyone
        if p.status == ApplicationStatus.SUBMITTED and not p.is_ready
    }
    assert sorted(flags.values()) == [["motivation"], ["presence"], ["time"]]
    awaiting = [p for p in everyone if p.status == ApplicationStatus.SUBMITTED]
    assert sum(p.is_ready for p in awaiting) == 4  # the rest await screening without flags
    vague = next(p for p in awaiting if "motivation" in p.readiness_issue_codes)
    assert 0 < len(vague.motivation) < 40
    no_homework = next(p for p in awaiting if "time" in p.readiness_issue_codes)
    assert no_homework.commits_to_meetings and not no_homework.commits_to_homework
    assert no_homework.note_to_coordinator
    no_presence = next(p for p in awaiting if "presence" in p.readiness_issue_codes)
    assert no_presence.role == Role.MENTOR
    assert no_presence.commits_to_meetings and not no_presence.commits_to_presence

    draft = next(p for p in everyone if p.status == ApplicationStatus.DRAFT)
    assert not draft.is_ready
    assert draft.motivation == ""
    assert draft.role_wishes == {}


def test_ratings_cover_every_role_and_benefit_area_with_values_0_to_3() -> None:
    seed()
    mentees = [p for p in participations(Role.MENTEE) if p.status != ApplicationStatus.DRAFT]
    mentors = participations(Role.MENTOR)

    ratings = (
        [(p.benefit_wishes, BenefitArea.values) for p in mentees]
        + [(p.role_wishes, MentorRole.values) for p in mentees]
        + [(p.role_comfort, MentorRole.values) for p in mentors]
    )
    for scores, codes in ratings:
        assert set(scores) == set(codes)
        assert all(value in (0, 1, 2, 3) for value in scores.values())
    # Varied: every value is used, and people rate differently.
    assert {v for scores, _ in ratings for v in scores.values()} == {0, 1, 2, 3}
    assert len({tuple(p.role_wishes.values()) for p in mentees}) == len(mentees)
    assert len({tuple(p.role_comfort.values()) for p in mentors}) == len(mentors)
    for role in MentorRole.values:
        assert {p.role_wishes[role] for p in mentees} != {0}, role
        assert len({p.role_comfort[role] for p in mentors}) > 1, role
    # Plausible: a mentee who wants a career step hopes for career development.
    for p in mentees:
        if p.change_situation in (ChangeSituation.STEP_UP, ChangeSituation.WISH_FOR_CHANGE):
            assert p.benefit_wishes["career"] >= 2, p.user.email


def test_practicalities_languages_and_motivation() -> None:
    seed()
    everyone = participations(Role.MENTOR) + participations(Role.MENTEE)
    submitted = [p for p in everyone if p.status != ApplicationStatus.DRAFT]

    for p in everyone:
        assert p.languages, p.user.email
        assert set(p.languages) <= set(Language.values)
        assert p.region in DANISH_REGIONS
    assert sum(p.languages == ["da"] for p in everyone) > len(everyone) / 2
    assert sum(p.languages == ["da", "en"] for p in everyone) >= 5
    english = [p for p in everyone if p.user.language == "en"]
    assert len(english) == 3
    for p in english:
        assert "da" not in p.languages
        assert " the " in p.motivation  # written in English
        assert " og " not in p.motivation and " og " not in p.availability
    # Every English-speaking mentee can be matched with an accepted mentor in a shared language.
    accepted_mentors = [
        p for p in everyone if p.role == Role.MENTOR and p.status == ApplicationStatus.ACCEPTED
    ]
    for p in everyone:
        if p.role == Role.MENTEE and "da" not in p.languages:
            assert any(set(p.languages) & set(m.languages) for m in accepted_mentors)

    for p in submitted:
        assert p.meeting_format in MeetingFormat.values
        assert len(p.availability) >= 8
        assert p.motivation
    assert len({p.availability for p in submitted}) >= len(submitted) - 3  # a few say the same
    assert len({p.motivation for p in submitted}) == len(submitted)
    for p in submitted:
        if p.is_ready:
            assert 2 <= len(re.findall(r"[.!?](?:\s|$)", p.motivation)) <= 4, p.user.email
    assert sum(bool(p.note_to_coordinator) for p in everyone) >= 5


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
        assert mentee.expertise_tags == mentee.industries == mentee.change_situations_lived == []
        assert mentee.role_comfort == {}
        assert not mentee.commits_to_presence
        if mentee.status == ApplicationStatus.ACCEPTED:
            assert mentee.commits_to_meetings and mentee.commits_to_homework
        all_goals += mentee.goals
    assert len(set(all_goals)) == len(all_goals), "every goal is written for its mentee"
    assert {len(m.goals) for m in mentees} >= {1, 2, 3, 5}
    assert "Få styr på min første lønforhandlingsrunde som ny HR-chef" in all_goals


def test_mentors_have_expertise_and_capacity_one_to_three() -> None:
    seed()
    mentors = participations(Role.MENTOR)
    known_industries = {p.industry for p in Participation.objects.all()}

    for mentor in mentors:
        assert mentor.capacity is not None
        assert 1 <= mentor.capacity <= 3
        assert len(mentor.expertise) > 40
        assert 3 <= len(mentor.expertise_tags) <= 6
        assert len(set(mentor.expertise_tags)) == len(mentor.expertise_tags)
        assert 1 <= len(mentor.industries) <= 3
        assert mentor.industry in mentor.industries
        assert set(mentor.industries) <= known_industries
        assert 1 <= len(mentor.change_situations_lived) <= 4
        assert set(mentor.change_situations_lived) <= set(ChangeSituation.values)
        assert mentor.change_situation == ""
        assert mentor.goals == []
        assert mentor.benefit_wishes == mentor.role_wishes == {}
        assert mentor.commits_to_meetings
        assert not mentor.commits_to_homework
        if mentor.status == ApplicationStatus.ACCEPTED:
            assert mentor.commits_to_presence
    assert {m.capacity for m in mentors} == {1, 2, 3}
    # Tags recur across mentors, so they can be compared with each other.
    tags = Counter(tag for m in mentors for tag in m.expertise_tags)
    assert sum(n > 1 for n in tags.values()) >= 5
    lived = {situation for m in mentors for situation in m.change_situations_lived}
    assert lived == set(ChangeSituation.values)
    # Enough places for every mentee, so a matching run can place everyone.
    assert sum(m.capacity or 0 for m in mentors) >= len(participations(Role.MENTEE))


def test_every_person_has_a_realistic_name_and_a_verified_primary_address() -> None:
    seed()

    users = list(User.objects.all())
    assert len(users) == Participation.objects.values("user").distinct().count() + 2
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
    assert "Mentors: 2 submitted, 17 accepted, 1 waitlisted." in output
    assert "Mentees: 1 draft, 5 submitted, 22 accepted, 1 waitlisted, 1 declined." in output
    assert "Awaiting screening: 7 (3 with readiness flags)." in output
    assert re.search(
        r"Phase: preparation; applications open, deadline \d{4}-\d\d-\d\d 23:59", output
    )
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
    assert User.objects.count() == 69
    assert Authenticator.objects.count() == 2


def test_running_on_a_later_day_changes_nothing() -> None:
    seed_demo(now=A_PAST_DAY)
    before = snapshot()

    seed()

    assert snapshot() == before
    assert not recruiting().applications_open()  # that window has closed


def test_the_data_are_the_same_on_every_fresh_database() -> None:
    def without_ids(data: dict[str, Any]) -> dict[str, Any]:
        return {
            "users": sorted(row[1:-1] for row in data["users"]),  # the password salt differs
            "participations": sorted(
                repr(row[1:])
                for row in data["participations"]  # JSON values do not sort
            ),
            "programmes": [row[1:] for row in data["programmes"]],
        }

    seed_demo(now=A_PAST_DAY)
    first = without_ids(snapshot())
    User.objects.all().delete()
    Programme.objects.all().delete()

    seed_demo(now=A_PAST_DAY + timedelta(hours=5))  # the same day in Copenhagen

    assert without_ids(snapshot()) == first


def test_missing_applications_are_dated_in_the_existing_window() -> None:
    seed_demo(now=A_PAST_DAY)
    programme = recruiting()
    dates = dict(applications().values_list("user__email", "submitted_at"))
    applications().filter(user__email="mentee@example.dk").delete()

    seed()

    assert recruiting().applications_open_at == programme.applications_open_at
    assert (
        applications().get(user__email="mentee@example.dk").submitted_at
        == (dates["mentee@example.dk"])
    )


def test_reset_dates_moves_the_window_and_the_applications_to_today() -> None:
    seed_demo(now=A_PAST_DAY)
    mentee = applications().get(user__email="mentee@example.dk")
    mentee.status = ApplicationStatus.WITHDRAWN
    mentee.save(update_fields=["status"])
    old = dict(applications().values_list("user__email", "submitted_at"))

    output = seed("--reset-dates")

    programme = recruiting()
    assert programme.applications_open()
    # Every application but the draft (no dates) and the one withdrawn since.
    assert "Restored on existing rows: application windows 1, application dates 48." in output
    moved = dict(applications().values_list("user__email", "submitted_at"))
    assert moved["mentee@example.dk"] == old["mentee@example.dk"]  # changed since: kept
    for email, submitted_at in moved.items():
        if submitted_at and email != "mentee@example.dk":
            assert programme.applications_open_at is not None
            assert programme.applications_open_at <= submitted_at < timezone.now()
    assert applications().get(user__email="mentor@example.dk").status == "accepted"
    before = snapshot()

    assert "nothing changed" in seed("--reset-dates")
    assert snapshot() == before


def test_existing_rows_are_kept_and_passwords_reset_only_on_request() -> None:
    seed()
    mentor = User.objects.get(email="mentor@example.dk")
    mentor.set_password("my own password 42")
    mentor.language = "en"
    mentor.save(update_fields=["password", "language"])
    participation = applications().get(user=mentor)
    participation.capacity = 1
    participation.save(update_fields=["capacity"])

    seed()

    mentor.refresh_from_db()
    assert mentor.check_password("my own password 42")
    assert mentor.language == "en"
    assert applications().get(user=mentor).capacity == 1

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
    recruiting().coordinators.clear()
    Authenticator.objects.filter(user=coordinator).delete()

    output = seed()

    coordinator.refresh_from_db()
    assert coordinator.is_active
    assert EmailAddress.objects.get(user=coordinator).verified
    assert list(recruiting().coordinators.all()) == [coordinator]
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()
    assert "Restored on existing rows" in output
