"""``manage.py seed_demo``: the demo programme "Mentorordning 2027" with about
20 mentors, 30 mentees and four demo logins.

Idempotent: rows are looked up by e-mail, slug and (programme, person, role)
and created only when missing, so running it again changes nothing. Existing
rows keep what people changed in them (profile, participation, programme
texts); only what a demo login needs is restored (active user, verified
primary e-mail, coordinator membership, admin flags, a TOTP authenticator).
Passwords and TOTP secrets of existing users are replaced only with
``--reset-passwords``. The data live in ``mentoring.common.demo_data``.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, encrypt
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from mentoring.accounts.models import User
from mentoring.common import demo_data as demo
from mentoring.participants.enums import Role
from mentoring.participants.models import Participation
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


def _ensure_programme(*, coordinator: User, result: SeedResult) -> Programme:
    programme, created = Programme.objects.get_or_create(
        slug=demo.PROGRAMME_SLUG,
        defaults={
            "name_da": demo.PROGRAMME_NAME_DA,
            "name_en": demo.PROGRAMME_NAME_EN,
            "description_da": demo.PROGRAMME_DESCRIPTION_DA,
            "description_en": demo.PROGRAMME_DESCRIPTION_EN,
        },
    )
    if created:
        result.created["programmes"] += 1
        programme.coordinators.add(coordinator)
    elif not programme.coordinators.filter(pk=coordinator.pk).exists():
        programme.coordinators.add(coordinator)
        result.repaired["coordinators"] += 1
    return programme


def _ensure_participation(
    *, programme: Programme, user: User, role: Role, values: dict[str, Any], result: SeedResult
) -> None:
    _, created = Participation.objects.get_or_create(
        programme=programme, user=user, role=role, defaults=values
    )
    if created:
        result.created[f"{role.value}s"] += 1


def seed_demo(*, reset_passwords: bool = False) -> SeedResult:
    """Create or complete the demo programme, its people and the demo logins.

    Side effects: users, verified e-mail addresses, TOTP authenticators for
    the coordinator and the admin, the programme and its participations; all
    in one transaction. No mail is sent and nothing is audited (demo data).
    """
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
        programme = _ensure_programme(coordinator=coordinator, result=result)

        for mentor, (years, capacity) in zip(demo.MENTORS, mentor_draws, strict=True):
            user = ensure_user(mentor.email, mentor.full_name, mentor.language)
            _ensure_participation(
                programme=programme,
                user=user,
                role=Role.MENTOR,
                values={
                    "organisation": mentor.organisation.name,
                    "industry": mentor.organisation.industry,
                    "region": str(mentor.organisation.region),
                    "job_title": mentor.job_title,
                    "years_of_experience": years,
                    "expertise": mentor.expertise,
                    "capacity": capacity,
                },
                result=result,
            )
        for mentee, years in zip(demo.MENTEES, mentee_years, strict=True):
            user = ensure_user(mentee.email, mentee.full_name, mentee.language)
            _ensure_participation(
                programme=programme,
                user=user,
                role=Role.MENTEE,
                values={
                    "organisation": mentee.organisation.name,
                    "industry": mentee.organisation.industry,
                    "region": str(mentee.organisation.region),
                    "job_title": mentee.job_title,
                    "years_of_experience": years,
                    "change_situation": mentee.change_situation,
                    "change_description": mentee.change_description,
                    "goals": list(mentee.goals),
                },
                result=result,
            )
    return result


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name} {number}" for name, number in counter.items())


def render_summary(result: SeedResult, programme: Programme) -> str:
    """The console block: what changed, the demo logins and the TOTP secret."""
    mentors = programme.participations.filter(role=Role.MENTOR).count()
    mentees = programme.participations.filter(role=Role.MENTEE).count()
    code, valid_for = current_totp_code(demo.TOTP_SECRET)
    email_width = max(len(login.email) for login in demo.DEMO_LOGINS) + 2
    role_width = max(len(login.role) for login in demo.DEMO_LOGINS) + 2
    lines = [
        f'Demo programme "{programme.name_da}" ({programme.slug}): '
        f"{mentors} mentors, {mentees} mentees.",
    ]
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
        'Create the demo programme "Mentorordning 2027" with mentors, mentees and demo logins. '
        "Safe to run again: existing rows are kept as they are."
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

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_demo(reset_passwords=options["reset_passwords"])
        if options["verbosity"] > 0:
            programme = Programme.objects.get(slug=demo.PROGRAMME_SLUG)
            self.stdout.write(render_summary(result, programme))
