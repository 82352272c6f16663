"""``manage.py seed_demo``: the demo programme "Mentorordning 2027" in
recruitment, with the applications of about 20 mentors and 30 mentees; the
running programme "Mentorordning 2026" with six pairs at different steps of
the establishment phase (the demo mentee and mentor logins are one of them);
and four demo logins.

The 2026 pairs are written through the services where they exist
(``mentorship_propose``, ``mentorship_respond``, ``first_meeting_mark_held``,
``trial_answer``) and as rows for the roles exercise and the collaboration
agreement, then dated back to their place in the demo's history: their audit
entries carry the demo dates, and the e-mails the services queue are dropped
before the transaction commits (nobody is mailed about demo history). A pair
is created only while its mentee has no mentorship in the programme.

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
``mentoring.demo.data``.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, encrypt
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.api.enums import ALL_SCOPES
from mentoring.api.selectors import token_for_key
from mentoring.api.services import token_create
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.demo import data as demo
from mentoring.evaluations.defaults import questionnaires_ensure
from mentoring.evaluations.enums import QuestionCode, QuestionnaireState, SurveyKind
from mentoring.evaluations.models import Answer, Question, Questionnaire, Response
from mentoring.meetings.enums import MeetingStatus, VenueKind
from mentoring.meetings.models import ActionItem, Meeting
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.participants.readiness import apply_readiness
from mentoring.programmes.enums import Phase
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import AgreementVersion, Mentorship, RolesExerciseAnswer
from mentoring.relationships.services import mentorship_propose, mentorship_respond
from mentoring.relationships.services.trial import first_meeting_mark_held, trial_answer


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
    dates: tuple[datetime | None, datetime | None],
    coordinator: User,
) -> dict[str, Any]:
    """The fields mentors and mentees share: profile, practicalities and
    where the application stands (``dates``: when it was sent and decided)."""
    submitted_at, decided_at = dates
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


# --- The running programme "Mentorordning 2026" -----------------------------------


@contextmanager
def _dated(at: datetime) -> Iterator[None]:
    """Write demo history through the services as if it happened at ``at``:
    audit entries written inside the block are dated ``at``, and the e-mails
    the services queue inside it are dropped (the demo happened in the past;
    nobody should get mail about it now). Runs inside the seed's transaction,
    so nothing of it was ever committed in another form."""
    last_entry = AuditEntry.objects.aggregate(n=Max("pk"))["n"] or 0
    last_mail = OutboxMessage.objects.aggregate(n=Max("pk"))["n"] or 0
    yield
    AuditEntry.objects.filter(pk__gt=last_entry).update(created_at=at)
    OutboxMessage.objects.filter(pk__gt=last_mail).delete()


def _ensure_running_programme(
    *, coordinator: User, now: datetime, result: SeedResult
) -> tuple[Programme, date]:
    """The 2026 programme in its establishment phase, and its seed day (the
    day its dates are counted from: today when it is created, else derived
    from its start)."""
    seed_day = timezone.localdate(now)
    starts_on = seed_day - timedelta(days=demo.PROGRAMME_2026_STARTED_DAYS_BEFORE)
    programme, created = Programme.objects.get_or_create(
        slug=demo.PROGRAMME_2026_SLUG,
        defaults={
            "name_da": demo.PROGRAMME_2026_NAME_DA,
            "name_en": demo.PROGRAMME_2026_NAME_EN,
            "description_da": demo.PROGRAMME_2026_DESCRIPTION_DA,
            "description_en": demo.PROGRAMME_2026_DESCRIPTION_EN,
            "kind": demo.PROGRAMME_KIND,
            "phase": Phase.ESTABLISHING,
            "starts_on": starts_on,
            "ends_on": starts_on + timedelta(days=demo.PROGRAMME_2026_DAYS),
            "applications_open_at": _local(
                seed_day - timedelta(days=demo.PROGRAMME_2026_APPLICATIONS_OPENED_DAYS_BEFORE),
                demo.APPLICATIONS_OPEN_TIME,
            ),
            "applications_close_at": _local(
                seed_day - timedelta(days=demo.PROGRAMME_2026_APPLICATIONS_CLOSED_DAYS_BEFORE),
                demo.APPLICATIONS_CLOSE_TIME,
            ),
            "min_meetings": demo.MIN_MEETINGS,
            "min_meeting_minutes": demo.MIN_MEETING_MINUTES,
            "max_meeting_minutes": demo.MAX_MEETING_MINUTES,
            "min_months": demo.MIN_MONTHS,
            "max_months": demo.MAX_MONTHS,
            "default_mentor_capacity": demo.DEFAULT_MENTOR_CAPACITY,
        },
    )
    if created:
        result.created["programmes"] += 1
        programme.coordinators.add(coordinator)
        return programme, seed_day
    if not programme.coordinators.filter(pk=coordinator.pk).exists():
        programme.coordinators.add(coordinator)
        result.repaired["coordinators"] += 1
    if programme.starts_on is not None:
        seed_day = programme.starts_on + timedelta(days=demo.PROGRAMME_2026_STARTED_DAYS_BEFORE)
    return programme, seed_day


def _ensure_pilot_programme(*, coordinator: User, seed_day: date, result: SeedResult) -> Programme:
    """The pilot round of 2026: a programme of its own in its ending phase,
    with the application window and the period its completed pairs fit in."""

    def day(days_before: int) -> date:
        return seed_day - timedelta(days=days_before)

    programme, created = Programme.objects.get_or_create(
        slug=demo.PILOT_2026_SLUG,
        defaults={
            "name_da": demo.PILOT_2026_NAME_DA,
            "name_en": demo.PILOT_2026_NAME_EN,
            "description_da": demo.PILOT_2026_DESCRIPTION_DA,
            "description_en": demo.PILOT_2026_DESCRIPTION_EN,
            "kind": demo.PROGRAMME_KIND,
            "phase": Phase.ENDING,
            "starts_on": day(demo.PILOT_2026_STARTED_DAYS_BEFORE),
            "ends_on": day(demo.PILOT_2026_ENDED_DAYS_BEFORE),
            "applications_open_at": _local(
                day(demo.PILOT_2026_APPLICATIONS_OPENED_DAYS_BEFORE), demo.APPLICATIONS_OPEN_TIME
            ),
            "applications_close_at": _local(
                day(demo.PILOT_2026_APPLICATIONS_CLOSED_DAYS_BEFORE), demo.APPLICATIONS_CLOSE_TIME
            ),
            "min_meetings": demo.MIN_MEETINGS,
            "min_meeting_minutes": demo.MIN_MEETING_MINUTES,
            "max_meeting_minutes": demo.MAX_MEETING_MINUTES,
            "min_months": demo.MIN_MONTHS,
            "max_months": demo.MAX_MONTHS,
            "default_mentor_capacity": 1,
        },
    )
    if created:
        result.created["programmes"] += 1
    if not programme.coordinators.filter(pk=coordinator.pk).exists():
        programme.coordinators.add(coordinator)
        if not created:
            result.repaired["coordinators"] += 1
    return programme


def _decided_day(seed_day: date) -> date:
    """The screening of the 2026 applications, on a weekday."""
    day = seed_day - timedelta(days=demo.PROGRAMME_2026_DECIDED_DAYS_BEFORE)
    return day - timedelta(days=max(0, day.weekday() - 4))


def _running_participation(
    *,
    programme: Programme,
    applicant: demo.DemoMentee | demo.DemoMentor,
    user: User,
    years: int,
    capacity: int,
    sent: tuple[int, time_of_day],
    seed_day: date,
    coordinator: User,
    result: SeedResult,
    decided_on: date | None = None,
) -> Participation:
    """The accepted application of a person in the 2026 programme (or, with
    ``decided_on``, the pilot round decided that day)."""
    submitted_at = _local(seed_day - timedelta(days=sent[0]), sent[1])
    decided_at = _local(decided_on or _decided_day(seed_day), demo.SCREENING_TIME)
    values = _application_values(
        applicant, years=years, dates=(submitted_at, decided_at), coordinator=coordinator
    )
    if isinstance(applicant, demo.DemoMentor):
        role, values = Role.MENTOR, values | _mentor_values(applicant, capacity=capacity)
    else:
        role, values = Role.MENTEE, values | _mentee_values(applicant)
    _ensure_participation(
        programme=programme, user=user, role=role, values=values, reset_dates=False, result=result
    )
    return Participation.objects.select_related("user").get(
        programme=programme, user=user, role=role
    )


def _ensure_pair(
    *,
    programme: Programme,
    pair: demo.DemoPair,
    mentee: Participation,
    mentor: Participation,
    coordinator: User,
    seed_day: date,
    result: SeedResult,
) -> None:
    """Create the pair's mentorship and walk it through its steps, through
    the services where they exist (proposal, acceptances, first meeting,
    trial answers) and as rows for the roles exercise and the agreement.
    A pair whose mentee already has a mentorship in the programme is left
    as it is."""
    if Mentorship.objects.filter(programme=programme, mentee=mentee).exists():
        return

    def at(days_before: int, hour: int, minute: int = 0) -> datetime:
        return _local(seed_day - timedelta(days=days_before), time_of_day(hour, minute))

    proposed = _local(
        seed_day - timedelta(days=demo.PROGRAMME_2026_PROPOSED_DAYS_BEFORE),
        demo.PROGRAMME_2026_PROPOSED_TIME,
    )
    with _dated(proposed):
        mentorship = mentorship_propose(
            programme=programme, mentee=mentee, mentor=mentor, by=coordinator
        )
    accepted = {
        "mentee_accepted_at": at(pair.mentee_accepted_days_before, 13, 40),
        "mentor_accepted_at": at(pair.mentor_accepted_days_before, 19, 15),
    }
    for field_name, participation in sorted(
        (("mentee_accepted_at", mentee), ("mentor_accepted_at", mentor)),
        key=lambda item: accepted[item[0]],
    ):
        with _dated(accepted[field_name]):
            mentorship_respond(mentorship=mentorship, participation=participation, accept=True)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        created_at=proposed, accepted_at=max(accepted.values()), **accepted
    )
    mentorship.refresh_from_db()

    for side, answer in ((Side.MENTEE, pair.mentee_roles), (Side.MENTOR, pair.mentor_roles)):
        if answer is not None:
            RolesExerciseAnswer.objects.create(
                mentorship=mentorship,
                side=side,
                ratings=demo.scores(demo.ROLE_ORDER, answer.ratings),
                comments=dict(answer.comments),
                submitted_at=at(answer.days_before, 20, 10),
            )
    if pair.roles_agreed_days_before is not None:
        Mentorship.objects.filter(pk=mentorship.pk).update(
            agreed_roles=list(pair.agreed_roles),
            roles_agreed_at=at(pair.roles_agreed_days_before, 16, 30),
        )
    if pair.agreement is not None:
        _create_agreement(
            mentorship=mentorship, agreement=pair.agreement, roles=pair.agreed_roles, at=at
        )
    if pair.first_meeting_days_before is not None:
        marked_days = pair.first_meeting_marked_days_before
        marked = at(pair.first_meeting_days_before if marked_days is None else marked_days, 21)
        marker = mentee if pair.first_meeting_marked_by == Side.MENTEE else mentor
        held_on = seed_day - timedelta(days=pair.first_meeting_days_before)
        with _dated(marked):
            first_meeting_mark_held(
                mentorship=mentorship, by=marker.user, held_on=held_on, now=marked
            )
        _ensure_first_meeting_held(
            mentorship=mentorship,
            held_on=held_on,
            minutes=pair.agreement.meeting_minutes if pair.agreement else demo.MIN_MEETING_MINUTES,
            marked=marked,
            by=marker.user,
            venue=pair.first_meeting_venue,
        )
    for side_name, answer_value, days_before in pair.trial_answers:
        when = at(days_before, 9, 5)
        person = mentee if side_name == Side.MENTEE else mentor
        with _dated(when):
            trial_answer(mentorship=mentorship, by=person.user, answer=answer_value, now=when)
    result.created["mentorships"] += 1


def _ensure_first_meeting_held(
    *,
    mentorship: Mentorship,
    held_on: date,
    minutes: int,
    marked: datetime,
    by: User,
    venue: str,
) -> None:
    """The first meeting the pair recorded at the trial gate is a held meeting
    on that day in the pair's list of meetings (unless one is there already),
    so the pair's pages, the calendar and the results all count it."""
    held = Meeting.objects.filter(mentorship=mentorship, status=MeetingStatus.HELD)
    if any(timezone.localdate(meeting.starts_at) == held_on for meeting in held):
        return
    starts_at = _local(held_on, demo.FIRST_MEETING_TIME)
    Meeting.objects.create(
        mentorship=mentorship,
        status=MeetingStatus.HELD,
        starts_at=starts_at,
        duration_minutes=minutes,
        venue_kind=venue,
        held_at=max(marked, starts_at + timedelta(minutes=minutes)),
        created_by=by,
    )


def _create_agreement(
    *,
    mentorship: Mentorship,
    agreement: demo.DemoAgreement,
    roles: tuple[str, ...],
    at: Callable[..., datetime],
) -> AgreementVersion:
    """Version 1 of the agreement, drafted by the mentee and accepted by both."""
    programme = mentorship.programme
    starts_on = timezone.localdate(at(agreement.starts_days_before, 12))
    ends_on = programme.ends_on or starts_on + timedelta(days=demo.PROGRAMME_2026_DAYS)
    mentee_accepted = at(agreement.mentee_accepted_days_before, 18, 20)
    mentor_accepted = at(agreement.mentor_accepted_days_before, 7, 50)
    version = AgreementVersion.objects.create(
        mentorship=mentorship,
        number=1,
        revision=1,
        meetings_planned=agreement.meetings_planned,
        meeting_minutes=agreement.meeting_minutes,
        starts_on=starts_on,
        ends_on=ends_on,
        midway_review_on=starts_on + (ends_on - starts_on) / 2,
        alternate_hosts=agreement.alternate_hosts,
        virtual_share=agreement.virtual_share,
        places=agreement.places,
        agreed_roles=list(roles),
        goals=list(mentorship.mentee.goals),
        confidentiality=agreement.confidentiality,
        employer_duty_topics=agreement.employer_duty_topics,
        off_limits_topics=agreement.off_limits_topics,
        meeting_lead=agreement.meeting_lead,
        homework=agreement.homework,
        contact_between_meetings=agreement.contact_between_meetings,
        moving_or_cancelling=agreement.moving_or_cancelling,
        withdrawal_right=True,
        ending=agreement.ending,
        updated_by=mentorship.mentee.user,
        mentee_accepted_at=mentee_accepted,
        mentor_accepted_at=mentor_accepted,
        accepted_at=max(mentee_accepted, mentor_accepted),
    )
    drafted = at(agreement.drafted_days_before, 17)
    AgreementVersion.objects.filter(pk=version.pk).update(created_at=drafted, updated_at=drafted)
    return version


def _seed_running_programme(
    *,
    coordinator: User,
    now: datetime,
    ensure_user: Callable[[str, str, str], User],
    login_years: dict[str, int],
    result: SeedResult,
) -> Programme:
    """The running programme "Mentorordning 2026": its people (the demo
    logins among them) and six pairs at different steps of the
    establishment phase (``demo.PAIRS_2026``)."""
    programme, seed_day = _ensure_running_programme(coordinator=coordinator, now=now, result=result)
    # Its own random generator, so the 2027 programme's draws stay as they are.
    rng = random.Random(demo.PROGRAMME_2026_RANDOM_SEED)
    people: list[demo.DemoMentee | demo.DemoMentor] = []
    for pair in demo.PAIRS_2026:
        people += [p for p in (pair.mentee, pair.mentor) if p not in people]
    draws = {
        person.email: (
            rng.randint(*demo.YEARS_OF_EXPERIENCE[person.seniority]),
            rng.randint(*demo.PROGRAMME_2026_SENT_DAYS_BEFORE),
            time_of_day(rng.randint(*demo.SENT_HOURS), rng.randint(0, 59)),
        )
        for person in people
    }
    mentees_of = Counter(pair.mentor.email for pair in demo.PAIRS_2026)
    participations: dict[str, Participation] = {}
    for person in people:
        years, sent_days, sent_time = draws[person.email]
        capacity = mentees_of[person.email]
        if isinstance(person, demo.DemoMentor) and person.capacity is not None:
            capacity = person.capacity
        participations[person.email] = _running_participation(
            programme=programme,
            applicant=person,
            user=ensure_user(person.email, person.full_name, person.language),
            years=login_years.get(person.email, years),
            capacity=capacity,
            sent=(sent_days, sent_time),
            seed_day=seed_day,
            coordinator=coordinator,
            result=result,
        )
    for pair in demo.PAIRS_2026:
        _ensure_pair(
            programme=programme,
            pair=pair,
            mentee=participations[pair.mentee.email],
            mentor=participations[pair.mentor.email],
            coordinator=coordinator,
            seed_day=seed_day,
            result=result,
        )
    _seed_pilot_pairs(
        programme=_ensure_pilot_programme(
            coordinator=coordinator, seed_day=seed_day, result=result
        ),
        seed_day=seed_day,
        coordinator=coordinator,
        ensure_user=ensure_user,
        result=result,
    )
    return programme


# --- The completed pilot pairs of 2026 and their final evaluations ---------------


def _final_questionnaire(programme: Programme, *, opened_at: datetime) -> Questionnaire:
    """The programme's final evaluation with its default questions
    (``evaluations.defaults.questionnaires_ensure``), open since ``opened_at``
    when it was still a draft (answers exist only in an opened survey)."""
    questionnaires_ensure(programme)
    final = Questionnaire.objects.get(programme=programme, kind=SurveyKind.FINAL)
    if final.state == QuestionnaireState.DRAFT:
        Questionnaire.objects.filter(pk=final.pk).update(
            state=QuestionnaireState.OPEN, opened_at=opened_at
        )
        final.refresh_from_db()
    return final


def _pilot_answers(
    *, response: Response, questions: list[Question], evaluation: demo.DemoEvaluation
) -> list[Answer]:
    """Numbers only: benefit per area, the process and satisfaction."""
    benefits = evaluation.benefit_scores()
    process: dict[str, int] = {
        str(code): int(digit)
        for code, digit in zip(
            (QuestionCode.MEETING_FREQUENCY, QuestionCode.PREPARATION, QuestionCode.HOMEWORK),
            evaluation.process,
            strict=True,
        )
    }
    answers = []
    for question in questions:
        if not question.is_for(response.side):
            continue
        number: int | None = None
        if question.code == QuestionCode.BENEFIT:
            number = benefits.get(question.benefit_area)
        elif question.code in process:
            number = process[question.code]
        elif question.code == QuestionCode.SATISFACTION:
            number = evaluation.satisfaction
        if number is not None:
            answers.append(
                Answer(response=response, question=question, number=number, kind=question.kind)
            )
    return answers


def _seed_pilot_pairs(
    *,
    programme: Programme,
    seed_day: date,
    coordinator: User,
    ensure_user: Callable[[str, str, str], User],
    result: SeedResult,
) -> None:
    """The pilot pairs (``demo.PILOT_PAIRS_2026``) in the pilot programme:
    completed, with their agreement, meetings (the first on the day recorded
    at the trial gate, the last the closing conversation), homework and both
    sides' final evaluation, so the results dashboard has figures. Everything
    lies within the pilot's application window and period. A pair is created
    only while its mentee has no mentorship in the programme."""

    def at(days_before: int, hour: int = 10) -> datetime:
        return _local(seed_day - timedelta(days=days_before), time_of_day(hour, 0))

    accepted_at = at(demo.PILOT_2026_ACCEPTED_DAYS_BEFORE)
    completed_at = at(demo.PILOT_2026_COMPLETED_DAYS_BEFORE, 15)
    final = _final_questionnaire(programme, opened_at=completed_at - timedelta(days=3))
    questions = list(final.questions.all())
    sent = (demo.PILOT_2026_SENT_DAYS_BEFORE, time_of_day(20, 15))
    decided_on = seed_day - timedelta(days=demo.PILOT_2026_DECIDED_DAYS_BEFORE)
    for pilot in demo.PILOT_PAIRS_2026:
        people = {}
        for person in (pilot.mentee, pilot.mentor):
            people[person.email] = _running_participation(
                programme=programme,
                applicant=person,
                user=ensure_user(person.email, person.full_name, person.language),
                years=demo.YEARS_OF_EXPERIENCE[person.seniority][0],
                capacity=1,
                sent=sent,
                seed_day=seed_day,
                coordinator=coordinator,
                result=result,
                decided_on=decided_on,
            )
        mentee, mentor = people[pilot.mentee.email], people[pilot.mentor.email]
        if Mentorship.objects.filter(programme=programme, mentee=mentee).exists():
            continue
        mentorship = Mentorship.objects.create(
            programme=programme,
            mentee=mentee,
            mentor=mentor,
            status=MentorshipStatus.COMPLETED,
            mentor_slot=1,
            created_by=coordinator,
            mentee_accepted_at=accepted_at,
            mentor_accepted_at=accepted_at,
            accepted_at=accepted_at,
            first_meeting_held_on=(accepted_at + timedelta(days=14)).date(),
            trial_passed_at=accepted_at + timedelta(days=16),
            ended_at=completed_at,
        )
        Mentorship.objects.filter(pk=mentorship.pk).update(
            created_at=accepted_at - timedelta(days=3)
        )
        starts_on = (accepted_at + timedelta(days=7)).date()
        AgreementVersion.objects.create(
            mentorship=mentorship,
            number=1,
            meetings_planned=pilot.meetings_planned,
            meeting_minutes=pilot.meeting_minutes,
            starts_on=starts_on,
            ends_on=min(
                starts_on + timedelta(days=round(pilot.months * 30.44)),
                programme.ends_on or date.max,
            ),
            updated_by=mentee.user,
            mentee_accepted_at=accepted_at + timedelta(days=8),
            mentor_accepted_at=accepted_at + timedelta(days=9),
            accepted_at=accepted_at + timedelta(days=9),
        )
        span = (completed_at - accepted_at).days - 14
        step = span // max(1, pilot.meetings_held - 1)
        Meeting.objects.bulk_create(
            Meeting(
                mentorship=mentorship,
                status=MeetingStatus.HELD,
                starts_at=accepted_at + timedelta(days=14 + step * index),
                duration_minutes=pilot.meeting_minutes,
                venue_kind=VenueKind.OTHER,
                held_at=accepted_at + timedelta(days=14 + step * index, hours=2),
                is_closing=index == pilot.meetings_held - 1,
                roles_used=list(
                    demo.PILOT_ROLES_USED[
                        (demo.PILOT_PAIRS_2026.index(pilot) + index) % len(demo.PILOT_ROLES_USED)
                    ]
                ),
                created_by=mentee.user,
            )
            for index in range(pilot.meetings_held)
        )
        items, done = pilot.homework
        ActionItem.objects.bulk_create(
            ActionItem(
                mentorship=mentorship,
                title=f"Forberede møde {index + 2}",
                owner=Side.MENTEE,
                due_on=(accepted_at + timedelta(days=30 + 30 * index)).date(),
                done_at=accepted_at + timedelta(days=28 + 30 * index) if index < done else None,
                created_by=mentee.user,
            )
            for index in range(items)
        )
        for side, participation, evaluation in (
            (Side.MENTEE, mentee, pilot.mentee_evaluation),
            (Side.MENTOR, mentor, pilot.mentor_evaluation),
        ):
            response = Response.objects.create(
                questionnaire=final,
                mentorship=mentorship,
                respondent=participation,
                side=side,
                closes_at=completed_at + timedelta(days=final.answer_days),
                submitted_at=completed_at + timedelta(days=2),
                updated_at=completed_at + timedelta(days=2),
                revision=1,
            )
            Answer.objects.bulk_create(
                _pilot_answers(response=response, questions=questions, evaluation=evaluation)
            )
        result.created["mentorships"] += 1


def _mentor_values(mentor: demo.DemoMentor, *, capacity: int) -> dict[str, Any]:
    """What only mentors answer."""
    return {
        "expertise": mentor.expertise,
        "expertise_tags": list(mentor.expertise_tags),
        "industries": list(mentor.industries),
        "change_situations_lived": [
            situation.value for situation in mentor.change_situations_lived
        ],
        "role_comfort": demo.scores(demo.ROLE_ORDER, mentor.role_comfort),
        "capacity": capacity,
        "commits_to_presence": mentor.commits_to_presence,
    }


def _mentee_values(mentee: demo.DemoMentee) -> dict[str, Any]:
    """What only mentees answer."""
    return {
        "change_situation": mentee.change_situation,
        "change_description": mentee.change_description,
        "goals": list(mentee.goals),
        "benefit_wishes": demo.scores(demo.AREA_ORDER, mentee.benefit_wishes),
        "role_wishes": demo.scores(demo.ROLE_ORDER, mentee.role_wishes),
        "commits_to_homework": mentee.commits_to_homework,
    }


def _ensure_api_token(*, user: User, result: SeedResult) -> None:
    """The coordinator's demo API token with the published demo key."""
    if token_for_key(demo.API_TOKEN_KEY) is not None:
        return
    token_create(
        user=user, name=demo.API_TOKEN_NAME, scopes=list(ALL_SCOPES), key=demo.API_TOKEN_KEY
    )
    result.created["API tokens"] += 1


def seed_demo(
    *, reset_passwords: bool = False, reset_dates: bool = False, now: datetime | None = None
) -> SeedResult:
    """Create or complete the demo programme, its people and the demo logins.

    ``now`` (default: the current time) places the application window of a
    new programme, or of the existing one with ``reset_dates``, and the
    history of the running programme when it is created.

    Side effects: users, verified e-mail addresses, TOTP authenticators for
    the coordinator and the admin, the three programmes (recruiting, running,
    the ended pilot round) and their applications
    (participations, with readiness derived), the 2026 programme's
    mentorships with their roles answers, agreements and trial answers, and
    the audit entries of those mentorships (dated in the demo's past); all in
    one transaction. No mail is sent (demo data).
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
        _ensure_api_token(user=coordinator, result=result)
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
                mentor,
                years=years,
                dates=timing.dates(mentor.status, seed_day),
                coordinator=coordinator,
            )
            _ensure_participation(
                programme=programme,
                user=user,
                role=Role.MENTOR,
                values=values | _mentor_values(mentor, capacity=capacity),
                reset_dates=reset_dates,
                result=result,
            )
        for mentee, years, timing in zip(demo.MENTEES, mentee_years, mentee_timings, strict=True):
            user = ensure_user(mentee.email, mentee.full_name, mentee.language)
            values = _application_values(
                mentee,
                years=years,
                dates=timing.dates(mentee.status, seed_day),
                coordinator=coordinator,
            )
            _ensure_participation(
                programme=programme,
                user=user,
                role=Role.MENTEE,
                values=values | _mentee_values(mentee),
                reset_dates=reset_dates,
                result=result,
            )

        _seed_running_programme(
            coordinator=coordinator,
            now=now,
            ensure_user=ensure_user,
            login_years={
                demo.MENTORS[0].email: mentor_draws[0][0],
                demo.MENTEES[0].email: mentee_years[0],
            },
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


def _running_lines(running: Programme) -> list[str]:
    """Where the pairs of the running programme stand, and the demo logins' pair."""
    everything = list(
        Mentorship.objects.filter(programme=running).select_related("mentee__user", "mentor__user")
    )
    completed = sum(m.status == MentorshipStatus.COMPLETED for m in everything)
    mentorships = [m for m in everything if m.status != MentorshipStatus.COMPLETED]
    ended = sum(m.status == MentorshipStatus.ENDED_EARLY for m in mentorships)
    passed = sum(m.trial_passed_at is not None for m in mentorships)
    lines = [
        f'Running programme "{running.name_da}" ({running.slug}): {len(mentorships)} pairs, '
        f"{len(mentorships) - passed - ended} establishing, {passed} past the trial gate, "
        f"{ended} ended early.",
    ]
    if completed:
        lines.append(
            f"  {completed} completed pairs with final evaluations: "
            f"/coordinate/{running.slug}/results/"
        )
    logins = {demo.MENTEE_LOGIN.email, demo.MENTOR_LOGIN.email}
    for m in mentorships:
        if {m.mentee.user.email, m.mentor.user.email} == logins:
            lines.append(
                f"  {demo.MENTEE_LOGIN.email} and {demo.MENTOR_LOGIN.email} are a pair there: "
                f"/me/mentorships/{m.pk}/"
            )
    pilot = Programme.objects.filter(slug=demo.PILOT_2026_SLUG).first()
    if pilot is not None:
        pilot_completed = Mentorship.objects.filter(
            programme=pilot, status=MentorshipStatus.COMPLETED
        ).count()
        lines.append(
            f'Pilot round "{pilot.name_da}" ({pilot.slug}), {pilot.starts_on} to '
            f"{pilot.ends_on}: {pilot_completed} completed pilot pairs with final evaluations: "
            f"/coordinate/{pilot.slug}/results/ (compare it with the main round there)"
        )
    return lines


def render_summary(
    result: SeedResult, programme: Programme, running: Programme | None = None
) -> str:
    """The console block: what changed, where recruitment stands, the running
    programme's pairs, the demo logins and the TOTP secret."""
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
    if running is not None:
        lines += _running_lines(running)
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
        "",
        f"REST API (docs/api.md): the coordinator's demo token, every scope: {demo.API_TOKEN_KEY}",
        f'  curl -H "Authorization: Bearer {demo.API_TOKEN_KEY}" '
        f"{settings.SITE_URL}/api/v1/programmes/",
        f"  Reference: {settings.SITE_URL}/api/v1/docs/  Tokens: "
        f"{settings.SITE_URL}/coordinate/api-tokens/",
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        'Create the demo programme "Mentorordning 2027" in recruitment, with the applications '
        'of mentors and mentees, the running programme "Mentorordning 2026" with six pairs in '
        "the establishment phase, its ended pilot round with four completed pairs, and demo "
        "logins. Safe to run again: existing rows are kept as they are."
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
                "applications with it. The phase is left as it is, and so is the running "
                "programme Mentorordning 2026."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_demo(
            reset_passwords=options["reset_passwords"], reset_dates=options["reset_dates"]
        )
        if options["verbosity"] > 0:
            programme = Programme.objects.get(slug=demo.PROGRAMME_SLUG)
            running = Programme.objects.get(slug=demo.PROGRAMME_2026_SLUG)
            self.stdout.write(render_summary(result, programme, running))
