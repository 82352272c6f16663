"""``manage.py seed_demo``: the demo programme "Mentorordning 2027" in
recruitment, with the applications of about 20 mentors and 30 mentees, and
four demo logins.

Idempotent: rows are looked up by e-mail, slug and (programme, person, role)
and created only when missing, so running it again changes nothing. Existing
rows keep what people changed in them (profile, application, programme texts,
phase and dates); only what a demo login needs is restored (active user,
verified primary e-mail, coordinator membership, admin flags, a TOTP
authenticator). Passwords and TOTP secrets of existing users are replaced
only with ``--reset-passwords``.

The application window is set relative to the day the programme is created
(open since three weeks, closing in four), and the applications are dated
relative to the same day. ``--reset-dates`` moves the window and those dates
to today, for a demo database that has been lying around. The data live in
``mentoring.common.demo_data``.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, encrypt
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common import demo_data as demo
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.participants.readiness import apply_readiness
from mentoring.programmes.enums import Phase
from mentoring.programmes.models import Programme


@dataclass
class SeedResult:
    """What a run did: rows created, rows repaired, and warnings for the console."""

    created: Counter[str] = field(default_factory=Counter)
    repaired: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)


def current_totp_code(secret: str, *, at: float | None = None) -> tuple[str, int]:
    """The TOTP code for ``secret`` at time ``at`` (default: now) and the
    seconds it stays valid, computed with allauth's own helpers (no pyotp)."""
    now = int(time.time() if at is None else at)
    period: int = mfa_settings.TOTP_PERIOD
    code: str = format_hotp_value(hotp_value(secret, now // period))
    return code, period - now % period


class _PasswordHash:
    """Hash the demo password at most once per run and share the hash: the
    password hasher is deliberately slow, and every demo person uses the
    same password anyway."""

    def __init__(self) -> None:
        self._hash: str | None = None

    def __call__(self) -> str:
        if self._hash is None:
            self._hash = make_password(demo.DEMO_PASSWORD)
        return self._hash


def _ensure_user(
    *,
    email: str,
    full_name: str,
    language: str,
    superuser: bool = False,
    password_hash: Callable[[], str],
    reset_password: bool,
    result: SeedResult,
) -> User:
    """Create the user with a verified primary e-mail, or restore what the
    login needs on an existing one."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(
            email=email,
            full_name=full_name,
            language=language,
            is_staff=superuser,
            is_superuser=superuser,
            password=password_hash(),
        )
        user.save()
        result.created["users"] += 1
    else:
        wanted: dict[str, Any] = {"is_active": True}
        if superuser:
            wanted |= {"is_staff": True, "is_superuser": True}
        changed = [name for name, value in wanted.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, wanted[name])
        if reset_password:
            user.password = password_hash()
            changed.append("password")
        if changed:
            user.save(update_fields=changed)
            result.repaired["users"] += 1

    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    has_other_primary = (
        EmailAddress.objects.filter(user=user, primary=True).exclude(email__iexact=email).exists()
    )
    if address is None:
        EmailAddress.objects.create(
            user=user, email=email, primary=not has_other_primary, verified=True
        )
        result.created["e-mail addresses"] += 1
    elif not address.verified or (not address.primary and not has_other_primary):
        address.verified = True
        address.primary = address.primary or not has_other_primary
        address.save(update_fields=["verified", "primary"])
        result.repaired["e-mail addresses"] += 1
    return user


def _ensure_totp(*, user: User, reset: bool, result: SeedResult) -> None:
    """Give ``user`` an active TOTP authenticator with the demo secret."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        TOTP.activate(user, demo.TOTP_SECRET)
        result.created["TOTP authenticators"] += 1
    elif decrypt(authenticator.data["secret"]) != demo.TOTP_SECRET:
        if reset:
            authenticator.data = {"secret": encrypt(demo.TOTP_SECRET)}
            authenticator.save(update_fields=["data"])
            result.repaired["TOTP authenticators"] += 1
        else:
            result.warnings.append(
                f"{user.email} has its own TOTP secret, not the demo secret below; "
                "run with --reset-passwords to restore the demo secret."
            )


def _local(day: date, at: time_of_day) -> datetime:
    """``day`` at ``at`` in the project's time zone (Europe/Copenhagen)."""
    return datetime.combine(day, at, tzinfo=timezone.get_default_timezone())


def _application_window(today: date) -> dict[str, datetime]:
    return {
        "applications_open_at": _local(
            today - timedelta(days=demo.APPLICATIONS_OPENED_DAYS_BEFORE),
            demo.APPLICATIONS_OPEN_TIME,
        ),
        "applications_close_at": _local(
            today + timedelta(days=demo.APPLICATIONS_CLOSE_DAYS_AFTER),
            demo.APPLICATIONS_CLOSE_TIME,
        ),
    }


def _seed_day(programme: Programme, now: datetime) -> date:
    """The day the applications are dated from: the day the programme's
    window was set (three weeks after it opened), so rows created on a later
    run fit the window of the existing programme."""
    if programme.applications_open_at is None:
        return timezone.localdate(now)
    opened = timezone.localdate(programme.applications_open_at)
    return opened + timedelta(days=demo.APPLICATIONS_OPENED_DAYS_BEFORE)


_DECIDED = {ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED}


@dataclass(frozen=True)
class _Timing:
    """When an application was sent and decided, relative to the seed day."""

    sent_days_before: int
    sent_time: time_of_day
    decided_time: time_of_day

    def dates(self, status: str, seed_day: date) -> tuple[datetime | None, datetime | None]:
        """``(submitted_at, decided_at)`` for an application in ``status``."""
        if status == ApplicationStatus.DRAFT:
            return None, None
        submitted = _local(seed_day - timedelta(days=self.sent_days_before), self.sent_time)
        if status not in _DECIDED:
            return submitted, None
        # The first weekly screening at least SCREENING_LEAD_DAYS after sending.
        sent_day = submitted.date()
        screening = min(
            day
            for day in _screening_days(seed_day)
            if (day - sent_day).days >= demo.SCREENING_LEAD_DAYS
        )
        return submitted, _local(screening, self.decided_time)


def _screening_days(seed_day: date) -> list[date]:
    """The coordinator's weekly screenings; one that would fall on a weekend
    is held on the Friday before."""
    days = []
    for days_before in demo.SCREENING_DAYS_BEFORE:
        day = seed_day - timedelta(days=days_before)
        days.append(day - timedelta(days=max(0, day.weekday() - 4)))
    return days


def _draw_timing(rng: random.Random, status: str) -> _Timing:
    decided = status in _DECIDED
    band = demo.DECIDED_SENT_DAYS_BEFORE if decided else demo.AWAITING_SENT_DAYS_BEFORE
    return _Timing(
        sent_days_before=rng.randint(*band),
        sent_time=time_of_day(rng.randint(*demo.SENT_HOURS), rng.randint(0, 59)),
        decided_time=demo.SCREENING_TIME.replace(minute=rng.randint(0, 59)),
    )


def _ensure_programme(
    *, coordinator: User, now: datetime, reset_dates: bool, result: SeedResult
) -> Programme:
    """Create the programme in its preparation phase with the application
    window around ``now``; on an existing programme only restore the
    coordinator (and move the window with ``reset_dates``)."""
    window = _application_window(timezone.localdate(now))
    programme, created = Programme.objects.get_or_create(
        slug=demo.PROGRAMME_SLUG,
        defaults={
            "name_da": demo.PROGRAMME_NAME_DA,
            "name_en": demo.PROGRAMME_NAME_EN,
            "description_da": demo.PROGRAMME_DESCRIPTION_DA,
            "description_en": demo.PROGRAMME_DESCRIPTION_EN,
            "kind": demo.PROGRAMME_KIND,
            "phase": Phase.PREPARATION,
            "starts_on": demo.PROGRAMME_STARTS_ON,
            "ends_on": demo.PROGRAMME_ENDS_ON,
            "min_meetings": demo.MIN_MEETINGS,
            "min_meeting_minutes": demo.MIN_MEETING_MINUTES,
            "max_meeting_minutes": demo.MAX_MEETING_MINUTES,
            "min_months": demo.MIN_MONTHS,
            "max_months": demo.MAX_MONTHS,
            "default_mentor_capacity": demo.DEFAULT_MENTOR_CAPACITY,
            **window,
        },
    )
    if created:
        result.created["programmes"] += 1
        programme.coordinators.add(coordinator)
        return programme
    if not programme.coordinators.filter(pk=coordinator.pk).exists():
        programme.coordinators.add(coordinator)
        result.repaired["coordinators"] += 1
    if reset_dates:
        changed = [name for name, value in window.items() if getattr(programme, name) != value]
        for name in changed:
            setattr(programme, name, window[name])
        if changed:
            programme.save(update_fields=changed)
            result.repaired["application windows"] += 1
    return programme


def _ensure_participation(
    *,
    programme: Programme,
    user: User,
    role: Role,
    values: dict[str, Any],
    reset_dates: bool,
    result: SeedResult,
) -> None:
    """Create the application with its readiness derived from the rules; on
    an existing one only move its dates with ``reset_dates``, and only while
    it is still in the status the demo gave it."""
    participation = Participation.objects.filter(programme=programme, user=user, role=role).first()
    if participation is None:
        participation = Participation(programme=programme, user=user, role=role, **values)
        apply_readiness(participation)
        participation.save()
        result.created[f"{role.value}s"] += 1
        return
    if reset_dates and participation.status == values["status"]:
        dates = {name: values[name] for name in ("submitted_at", "decided_at")}
        changed = [name for name, value in dates.items() if getattr(participation, name) != value]
        for name in changed:
            setattr(participation, name, dates[name])
        if changed:
            participation.save(update_fields=changed)
            result.repaired["application dates"] += 1


def _application_values(
    applicant: demo.DemoApplicant,
    *,
    years: int,
    timing: _Timing,
    seed_day: date,
    coordinator: User,
) -> dict[str, Any]:
    """The fields mentors and mentees share: profile, practicalities and
    where the application stands."""
    submitted_at, decided_at = timing.dates(applicant.status, seed_day)
    return {
        "status": applicant.status,
        "submitted_at": submitted_at,
        "decided_at": decided_at,
        "decided_by": coordinator if decided_at else None,
        "decision_reason": applicant.decision_reason,
        "organisation": applicant.organisation.name,
        "industry": applicant.organisation.industry,
        "region": applicant.organisation.region,
        "job_title": applicant.job_title,
        "years_of_experience": years,
        "languages": list(applicant.languages),
        "meeting_format": applicant.meeting_format,
        "availability": applicant.availability,
        "motivation": applicant.motivation,
        "commits_to_meetings": applicant.commits_to_meetings,
        "note_to_coordinator": applicant.note_to_coordinator,
    }


def seed_demo(
    *, reset_passwords: bool = False, reset_dates: bool = False, now: datetime | None = None
) -> SeedResult:
    """Create or complete the demo programme, its people and the demo logins.

    ``now`` (default: the current time) places the application window of a
    new programme, or of the existing one with ``reset_dates``.

    Side effects: users, verified e-mail addresses, TOTP authenticators for
    the coordinator and the admin, the programme and its applications
    (participations, with readiness derived); all in one transaction. No mail
    is sent and nothing is audited (demo data).
    """
    now = now or timezone.now()
    result = SeedResult()
    password_hash = _PasswordHash()
    # Draw every random value up front and in a fixed order, so the values
    # do not depend on which rows already exist.
    rng = random.Random(demo.RANDOM_SEED)
    mentor_draws = [
        (rng.randint(*demo.YEARS_OF_EXPERIENCE[m.seniority]), rng.choice(demo.CAPACITY_CHOICES))
        for m in demo.MENTORS
    ]
    mentee_years = [rng.randint(*demo.YEARS_OF_EXPERIENCE[m.seniority]) for m in demo.MENTEES]
    mentor_timings = [_draw_timing(rng, m.status) for m in demo.MENTORS]
    mentee_timings = [_draw_timing(rng, m.status) for m in demo.MENTEES]

    def ensure_user(email: str, full_name: str, language: str, superuser: bool = False) -> User:
        return _ensure_user(
            email=email,
            full_name=full_name,
            language=language,
            superuser=superuser,
            password_hash=password_hash,
            reset_password=reset_passwords,
            result=result,
        )

    with transaction.atomic():
        coordinator = ensure_user(demo.COORDINATOR.email, demo.COORDINATOR.full_name, "da")
        _ensure_totp(user=coordinator, reset=reset_passwords, result=result)
        admin = ensure_user(demo.ADMIN.email, demo.ADMIN.full_name, "da", superuser=True)
        _ensure_totp(user=admin, reset=reset_passwords, result=result)
        programme = _ensure_programme(
            coordinator=coordinator, now=now, reset_dates=reset_dates, result=result
        )
        seed_day = _seed_day(programme, now)

        for mentor, (years, capacity), timing in zip(
            demo.MENTORS, mentor_draws, mentor_timings, strict=True
        ):
            user = ensure_user(mentor.email, mentor.full_name, mentor.language)
            values = _application_values(
                mentor, years=years, timing=timing, seed_day=seed_day, coordinator=coordinator
            )
            _ensure_participation(
                programme=programme,
                user=user,
                role=Role.MENTOR,
                values=values
                | {
                    "expertise": mentor.expertise,
                    "expertise_tags": list(mentor.expertise_tags),
                    "industries": list(mentor.industries),
                    "change_situations_lived": [
                        situation.value for situation in mentor.change_situations_lived
                    ],
                    "role_comfort": demo.scores(demo.ROLE_ORDER, mentor.role_comfort),
                    "capacity": capacity,
                    "commits_to_presence": mentor.commits_to_presence,
                },
                reset_dates=reset_dates,
                result=result,
            )
        for mentee, years, timing in zip(demo.MENTEES, mentee_years, mentee_timings, strict=True):
            user = ensure_user(mentee.email, mentee.full_name, mentee.language)
            values = _application_values(
                mentee, years=years, timing=timing, seed_day=seed_day, coordinator=coordinator
            )
            _ensure_participation(
                programme=programme,
                user=user,
                role=Role.MENTEE,
                values=values
                | {
                    "change_situation": mentee.change_situation,
                    "change_description": mentee.change_description,
                    "goals": list(mentee.goals),
                    "benefit_wishes": demo.scores(demo.AREA_ORDER, mentee.benefit_wishes),
                    "role_wishes": demo.scores(demo.ROLE_ORDER, mentee.role_wishes),
                    "commits_to_homework": mentee.commits_to_homework,
                },
                reset_dates=reset_dates,
                result=result,
            )
    return result


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name} {number}" for name, number in counter.items())


def _status_counts(programme: Programme, role: Role) -> str:
    rows = (
        programme.participations.filter(role=role)
        .values_list("status")
        .annotate(number=Count("id"))
    )
    numbers = dict(rows)
    return ", ".join(
        f"{numbers[status]} {status}" for status in ApplicationStatus.values if status in numbers
    )


def render_summary(result: SeedResult, programme: Programme) -> str:
    """The console block: what changed, where recruitment stands, the demo
    logins and the TOTP secret."""
    mentors = programme.participations.filter(role=Role.MENTOR).count()
    mentees = programme.participations.filter(role=Role.MENTEE).count()
    awaiting = programme.participations.filter(status=ApplicationStatus.SUBMITTED)
    flagged = awaiting.filter(is_ready=False).count()
    code, valid_for = current_totp_code(demo.TOTP_SECRET)
    email_width = max(len(login.email) for login in demo.DEMO_LOGINS) + 2
    role_width = max(len(login.role) for login in demo.DEMO_LOGINS) + 2
    lines = [
        f'Demo programme "{programme.name_da}" ({programme.slug}): '
        f"{mentors} mentors, {mentees} mentees.",
        f"  Mentors: {_status_counts(programme, Role.MENTOR)}.",
        f"  Mentees: {_status_counts(programme, Role.MENTEE)}.",
        f"  Awaiting screening: {awaiting.count()} ({flagged} with readiness flags).",
    ]
    if programme.applications_close_at is not None:
        closes = timezone.localtime(programme.applications_close_at)
        state = "open" if programme.applications_open() else "closed"
        lines.append(
            f"  Phase: {programme.phase}; applications {state}, deadline {closes:%Y-%m-%d %H:%M}."
        )
    if result.created:
        lines.append(f"Created: {_counts(result.created)}.")
    if result.repaired:
        lines.append(f"Restored on existing rows: {_counts(result.repaired)}.")
    if not result.created and not result.repaired:
        lines.append("Everything was already in place; nothing changed.")
    lines += [f"Warning: {warning}" for warning in result.warnings]
    lines += ["", f"Demo logins (password for all: {demo.DEMO_PASSWORD})"]
    for login in demo.DEMO_LOGINS:
        two_factor = "+ authenticator code" if login.two_factor else ""
        lines.append(
            f"  {login.email:<{email_width}}{login.role:<{role_width}}{two_factor}".rstrip()
        )
    lines += [
        f"  All other demo people (e.g. {demo.MENTORS[1].email}) use the same password.",
        "",
        "Two-factor authentication: after the password, the coordinator and the admin must",
        "enter a 6-digit code from an authenticator app. Add this secret to any TOTP app",
        "(Google Authenticator, Microsoft Authenticator, 1Password, Bitwarden, ...):",
        f"  {demo.TOTP_SECRET}",
        f"Current code: {code} (valid for {valid_for} more seconds).",
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        'Create the demo programme "Mentorordning 2027" in recruitment, with the applications '
        "of mentors and mentees, and demo logins. Safe to run again: existing rows are kept "
        "as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help=(
                "Also set the demo password (and the demo TOTP secret for the coordinator and "
                "the admin) on demo users that already exist."
            ),
        )
        parser.add_argument(
            "--reset-dates",
            action="store_true",
            help=(
                "Move the application window of the existing demo programme to around today "
                "(open since three weeks, closing in four), and the dates of the demo "
                "applications with it. The phase is left as it is."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_demo(
            reset_passwords=options["reset_passwords"], reset_dates=options["reset_dates"]
        )
        if options["verbosity"] > 0:
            programme = Programme.objects.get(slug=demo.PROGRAMME_SLUG)
            self.stdout.write(render_summary(result, programme))
