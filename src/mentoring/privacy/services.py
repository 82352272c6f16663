"""Writes of the privacy app: erasure (Art. 17), retention (Art. 5(1)(e))
and the optional consents (Art. 7). Exports are in ``exporting.py``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Max, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.accounts.models import User
from mentoring.common.audit import ERASED_LABEL, log_action
from mentoring.common.mail import mail_queue
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.common.validators import validate_storable_text
from mentoring.participants.enums import ApplicationStatus
from mentoring.participants.models import Participation
from mentoring.privacy.enums import ErasureStatus
from mentoring.privacy.models import ErasureRequest, ProgrammeRetention
from mentoring.privacy.registry import Entry, Erasure, entries
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import CLOSED_STATUSES, MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.transition import mentorship_transition

#: What replaces a person's name, e-mail and the like in other people's mail.
SCRUBBED = "[…]"
#: A declined mentorship must keep a reason (database constraint).
ERASED_REASON = "–"
#: Days before the anonymisation that the coordinators are warned.
WARNING_DAYS = 30
#: Statuses in which a participation still takes part (or may).
OPEN_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
)


class ErasureError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Running programmes -----------------------------------------------------


def running_programmes(*, today: date | None = None) -> QuerySet[Programme]:
    """Programmes that have not ended (no end date, or it is not past)."""
    today = today or timezone.localdate()
    return Programme.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def programmes_of_person(*, user: User, today: date | None = None) -> QuerySet[Programme]:
    """Running programmes the person takes part in (an open application or more)."""
    return (
        running_programmes(today=today)
        .filter(participations__user=user, participations__status__in=OPEN_STATUSES)
        .distinct()
    )


def needs_coordinator(*, user: User) -> bool:
    """True when a coordinator must confirm the person's erasure."""
    return programmes_of_person(user=user).exists()


def last_coordinator_of(*, user: User) -> list[Programme]:
    """Running programmes of which the person is the only coordinator."""
    return [
        programme
        for programme in running_programmes().filter(coordinators=user)
        if programme.coordinators.count() == 1
    ]


def _refuse_if_last_coordinator(user: User) -> None:
    programmes = last_coordinator_of(user=user)
    if programmes:
        raise ErasureError(
            _(
                "You are the only coordinator of %(programmes)s, which is still running. "
                "Ask another person to become coordinator first."
            )
            % {"programmes": ", ".join(p.name for p in programmes)}
        )


# --- Requests ---------------------------------------------------------------


@dataclass
class RequestResult:
    request: ErasureRequest
    created: bool


@transaction.atomic
def erasure_request(*, user: User) -> RequestResult:
    """The person asks for erasure. Idempotent: a second request returns the
    pending one. Refused for the last coordinator of a running programme.

    Side effects: an ErasureRequest row, audit entry ``privacy.erasure_requested``,
    an e-mail to each coordinator of the person's running programmes."""
    if not user.is_active:
        raise ErasureError(_("This account has already been erased."))
    _refuse_if_last_coordinator(user)
    existing = ErasureRequest.objects.filter(user=user, status=ErasureStatus.PENDING).first()
    if existing is not None:
        return RequestResult(existing, created=False)
    request = ErasureRequest.objects.create(user=user)
    log_action(actor=user, action="privacy.erasure_requested", obj=request)
    for programme in programmes_of_person(user=user):
        for coordinator in programme.coordinators.all():
            mail_queue(
                key=f"privacy-erasure-requested:{request.pk}:{coordinator.pk}",
                template="privacy_erasure_requested",
                recipient=coordinator,
                context={"programme": programme, "recipient": coordinator},
            )
    return RequestResult(request, created=True)


def requests_for_coordinator(*, user: User) -> QuerySet[ErasureRequest]:
    """Pending requests a coordinator may confirm: people in their running
    programmes (superusers: all pending requests)."""
    pending = ErasureRequest.objects.filter(status=ErasureStatus.PENDING).select_related("user")
    if user.is_superuser:
        return pending
    people = Participation.objects.filter(
        programme__in=running_programmes().filter(coordinators=user),
        status__in=OPEN_STATUSES,
    ).values("user")
    return pending.filter(user__in=people)


@transaction.atomic
def erasure_confirm(*, request: ErasureRequest, by: User) -> ErasureRequest:
    """Confirm a pending request and erase. ``by`` is a coordinator who may
    (see ``requests_for_coordinator``) or the person, where no programme of
    theirs is running. Raises ErasureError otherwise."""
    locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ErasureStatus.PENDING:
        raise ErasureError(_("This request has already been carried out."))
    person = locked.user
    if by.pk == person.pk:
        if needs_coordinator(user=person):
            raise ErasureError(
                _("A coordinator of your programme confirms the erasure while it runs.")
            )
    elif not requests_for_coordinator(user=by).filter(pk=locked.pk).exists():
        raise ErasureError(_("You cannot confirm this request."))
    erase_person(user=person, by=by)
    locked.status = ErasureStatus.DONE
    locked.done_at = timezone.now()
    locked.confirmed_by = None if by.pk == person.pk else by
    locked.save(update_fields=["status", "done_at", "confirmed_by"])
    return locked


#: Longest reason a coordinator gives for declining an erasure request.
DECLINE_REASON_MAX = 1000


@transaction.atomic
def erasure_decline(*, request: ErasureRequest, by: User, reason: str) -> ErasureRequest:
    """A coordinator who may confirm the request (``requests_for_coordinator``)
    declines it with a reason (GDPR Art. 12(4): the person is told why and
    may complain to the data protection authority). The person may ask again
    later.

    Raises ErasureError when the request is no longer pending, ``by`` may not
    decide it, or the reason is empty, too long or holds characters that cannot
    be stored (NUL, lone surrogates, U+FFFD). Side effects: status
    ``declined`` with the reason; audit entry ``privacy.erasure_declined``
    (never the reason); an e-mail with the reason to the person."""
    locked = ErasureRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    if locked.status != ErasureStatus.PENDING:
        raise ErasureError(_("This request has already been decided."))
    if not requests_for_coordinator(user=by).filter(pk=locked.pk).exists():
        raise ErasureError(_("You cannot decide this request."))
    reason = (reason or "").strip()
    if not reason:
        raise ErasureError(_("Please give the person a reason."))
    try:
        validate_storable_text(reason)
    except ValidationError as error:
        raise ErasureError(error.messages[0]) from error
    if len(reason) > DECLINE_REASON_MAX:
        raise ErasureError(
            _("The reason can be at most %(max)d characters.") % {"max": DECLINE_REASON_MAX}
        )
    locked.status = ErasureStatus.DECLINED
    locked.declined_at = timezone.now()
    locked.declined_reason = reason
    locked.confirmed_by = by
    locked.save(update_fields=["status", "declined_at", "declined_reason", "confirmed_by"])
    log_action(actor=by, action="privacy.erasure_declined", obj=locked)
    mail_queue(
        key=f"privacy-erasure-declined:{locked.pk}",
        template="privacy_erasure_declined",
        recipient=locked.user,
        context={"recipient": locked.user, "reason": reason},
    )
    return locked


# --- Erasure ----------------------------------------------------------------


def _scrub_terms(user: User, participations: QuerySet[Participation]) -> list[str]:
    terms = {user.email, user.full_name}
    for organisation, job_title in participations.values_list("organisation", "job_title"):
        terms.update({organisation, job_title})
    # Earlier names and addresses: the audit log labelled the account as it
    # was at the time (``str(user)``: the name, else the e-mail).
    terms.update(
        AuditEntry.objects.filter(
            object_type=user._meta.label_lower, object_id=str(user.pk)
        ).values_list("object_repr", flat=True)
    )
    terms.discard(ERASED_LABEL)
    # The private comment when ending at the trial gate is in the
    # coordinators' mail too.
    from mentoring.relationships.models import TrialResponse

    terms.update(
        TrialResponse.objects.filter(
            Q(mentorship__mentee__in=participations, side="mentee")
            | Q(mentorship__mentor__in=participations, side="mentor")
        ).values_list("comment", flat=True)
    )
    return sorted((t for t in terms if t and len(t.strip()) >= 3), key=len, reverse=True)


def _scrub(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(SCRUBBED, text)


def _scrub_json(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return _scrub(value, pattern)
    if isinstance(value, list):
        return [_scrub_json(v, pattern) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, pattern) for k, v in value.items()}
    return value


def _scrub_mentions(terms: list[str]) -> None:
    """Replace the terms in other people's mail and in audit labels."""
    if not terms:
        return
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    condition = Q()
    for term in terms:
        condition |= (
            Q(subject__icontains=term) | Q(body_text__icontains=term) | Q(body_html__icontains=term)
        )
    for message in OutboxMessage.objects.filter(condition):
        message.subject = _scrub(message.subject, pattern)
        message.body_text = _scrub(message.body_text, pattern)
        message.body_html = _scrub(message.body_html, pattern)
        message.save(update_fields=["subject", "body_text", "body_html"])
    condition = Q()
    for term in terms:
        condition |= Q(object_repr__icontains=term) | Q(data__icontains=term)
    for entry in AuditEntry.objects.filter(condition):
        entry.object_repr = _scrub(entry.object_repr, pattern)
        entry.data = _scrub_json(entry.data, pattern)
        entry.save(update_fields=["object_repr", "data"])


#: Register entries whose rows are not the person's own: a programme they
#: coordinate keeps its audit labels; the audit log is what is rewritten.
_NOT_RELABELLED = ("programmes.Programme", "common.AuditEntry")


def _relabel_audit_rows(
    *, user: User | None, participation_pks: list[int], user_ids: list[int]
) -> int:
    """Rewrite the label of every audit row whose object is one of these
    people's rows (their account, participations, mentorships, meetings ...:
    whatever the register finds for them), whatever the label says. The label
    was ``str(obj)`` at the time, so it may hold a name the person has since
    changed. The row itself stays (who did what, when, on which id).
    Must run before the rows are deleted. Returns the number of rows changed."""
    changed = 0
    for entry in entries():
        if entry.model in _NOT_RELABELLED:
            continue
        condition = entry.query(user=user, participations=participation_pks, user_ids=user_ids)
        model = entry.model_class
        ids = (
            model._default_manager.filter(condition)
            .annotate(audit_object_id=Cast("pk", output_field=CharField()))
            .values("audit_object_id")
        )
        changed += (
            AuditEntry.objects.filter(object_type=model._meta.label_lower, object_id__in=ids)
            .exclude(object_repr=ERASED_LABEL)
            .update(object_repr=ERASED_LABEL)
        )
    return changed


def _end_sessions(user: User) -> None:
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


def _leave_runs(participation_pks: list[int]) -> None:
    """Take the people out of matching runs not yet published (finished or
    still open): their proposals and unmatched rows go. A queued run builds
    its pool without them, because their participations are withdrawn."""
    from mentoring.matching.models import Proposal, UnmatchedMentee

    unpublished = Q(run__published_at__isnull=True)
    Proposal.objects.filter(
        unpublished & (Q(mentee__in=participation_pks) | Q(mentor__in=participation_pks))
    ).delete()
    UnmatchedMentee.objects.filter(unpublished & Q(mentee__in=participation_pks)).delete()


def _end_mentorships(participation_pks: list[int], now: datetime, by: User | None) -> None:
    active = Mentorship.objects.filter(
        Q(mentee__in=participation_pks) | Q(mentor__in=participation_pks)
    ).exclude(status__in=CLOSED_STATUSES)
    for mentorship in active.select_related("programme"):
        side = Side.MENTEE if mentorship.mentee_id in participation_pks else Side.MENTOR
        # Through the one transition function: audited (side and reason
        # only, no personal data) and announced like any other end.
        if mentorship.status == MentorshipStatus.PROPOSED:
            mentorship_transition(
                mentorship=mentorship,
                to=MentorshipStatus.DECLINED,
                by=by,
                side=side,
                reason="erasure",
                changes={"declined_at": now, "declined_by": side, "decline_reason": ERASED_REASON},
                data={"reason": "erasure"},
            )
        else:
            mentorship_transition(
                mentorship=mentorship,
                to=MentorshipStatus.ENDED_EARLY,
                by=by,
                side=side,
                reason="erasure",
                changes={"ended_at": now, "ended_by": side},
                data={"reason": "erasure"},
            )
    from mentoring.meetings.models import Reminder

    Reminder.objects.filter(
        Q(mentorship__mentee__in=participation_pks) | Q(mentorship__mentor__in=participation_pks),
        sent_at__isnull=True,
        cancelled_at__isnull=True,
    ).update(cancelled_at=now)


def _apply_entry(entry: Entry, condition: Q) -> int:
    rows = entry.model_class._default_manager.filter(condition)
    if entry.erasure == Erasure.DELETE:
        return rows.delete()[0]
    if entry.erasure == Erasure.ANONYMISE and entry.anonymise:
        return rows.update(**entry.anonymise)
    return 0


def _anonymise_participations(
    *, user: User | None, participation_pks: list[int], user_ids: list[int], retention: bool
) -> None:
    for entry in entries():
        if entry.erasure not in (Erasure.DELETE, Erasure.ANONYMISE):
            continue
        if retention and not entry.retention:
            continue
        condition = entry.query(user=user, participations=participation_pks, user_ids=user_ids)
        _apply_entry(entry, condition)
    # A declined mentorship keeps a (neutral) reason: a database constraint.
    Mentorship.objects.filter(status=MentorshipStatus.DECLINED, decline_reason="").update(
        decline_reason=ERASED_REASON
    )


@transaction.atomic
def erase_person(*, user: User, by: User | None) -> None:
    """Remove or anonymise every row about ``user`` (the register says how),
    end their sessions and mentorships, take them out of open matching runs,
    delete mail to them, replace the label of every audit row about their
    rows (whatever its text, so earlier names go too) and scrub their
    current and earlier names, e-mail, organisation, job title and trial-gate
    comment from other mail and audit details. The account stays as an
    anonymous, inactive row, so that counts and survey numbers keep working.

    Raises ErasureError for the last coordinator of a running programme.
    Side effects: audit entry ``privacy.erased`` (no personal data)."""
    _refuse_if_last_coordinator(user)
    now = timezone.now()
    participations = Participation.objects.filter(user=user)
    pks = list(participations.values_list("pk", flat=True))
    terms = _scrub_terms(user, participations)
    # Leave what is still open, so nothing waits for an erased person.
    participations.filter(status__in=OPEN_STATUSES, programme__in=running_programmes()).update(
        status=ApplicationStatus.WITHDRAWN
    )
    participations.filter(status__in=(ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)).update(
        status=ApplicationStatus.WITHDRAWN
    )
    _leave_runs(pks)
    _end_mentorships(pks, now, by if by is not None and by.pk != user.pk else None)
    _relabel_audit_rows(user=user, participation_pks=pks, user_ids=[user.pk])
    _anonymise_participations(user=user, participation_pks=pks, user_ids=[user.pk], retention=False)
    OutboxMessage.objects.filter(Q(recipient=user) | Q(to_email__iexact=user.email)).delete()
    for programme in Programme.objects.filter(coordinators=user):
        programme.coordinators.remove(user)
    _end_sessions(user)
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    _scrub_mentions(terms)
    log_action(
        actor=by if by is not None and by.pk != user.pk else None,
        action="privacy.erased",
        data={"user_id": user.pk, "participations": len(pks), "by_self": by == user},
    )


# --- Consents ----------------------------------------------------------------


@transaction.atomic
def consent_set(*, participation: Participation, contact_after: bool) -> Participation:
    """Give or revoke the optional consent to be contacted after the programme.
    Side effects: audit entry ``privacy.consent`` (which and the new value)."""
    participation.consent_contact_after = contact_after
    participation.save(update_fields=["consent_contact_after", "updated_at"])
    log_action(
        actor=participation.user,
        action="privacy.consent",
        obj=participation,
        programme=participation.programme,
        data={"consent": "contact_after", "value": contact_after},
    )
    return participation


# --- Retention ---------------------------------------------------------------


@dataclass(frozen=True)
class RetentionPeriods:
    """The deployment's retention periods, as the privacy page states them."""

    inactive_months: int
    audit_days: int
    mail_days: int


def retention_periods() -> RetentionPeriods:
    return RetentionPeriods(
        inactive_months=settings.MENTORING_RETENTION_INACTIVE_MONTHS,
        audit_days=settings.MENTORING_AUDIT_RETENTION_DAYS,
        mail_days=settings.MENTORING_OUTBOX_RETENTION_DAYS,
    )


#: Audit actions of the retention job itself: not activity of the programme.
_RETENTION_ACTIONS = "privacy.retention"


def last_activity(programme: Programme) -> datetime:
    """When something last happened in the programme: its newest audit entry
    (every meaningful change is audited), else its creation."""
    latest = (
        programme.audit_entries.exclude(action__startswith=_RETENTION_ACTIONS)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return max(latest, programme.created_at) if latest else programme.created_at


def anonymise_on(programme: Programme, *, last_active: datetime | None = None) -> date | None:
    """The day the programme's participants are anonymised: ``retention_months``
    after its end; without an end date, ``MENTORING_RETENTION_INACTIVE_MONTHS``
    after its last activity."""
    if programme.ends_on is not None:
        return programme.ends_on + relativedelta(months=programme.retention_months)
    active = last_active or last_activity(programme)
    months = settings.MENTORING_RETENTION_INACTIVE_MONTHS
    return timezone.localdate(active) + relativedelta(months=months)


def _in_later_programme(programme: Programme) -> QuerySet[Participation]:
    """Participations of people who are also in a later programme (one that
    ends after this one, or has no end yet)."""
    if programme.ends_on is None:  # inactive, no end: people in a running one stay
        later = Participation.objects.filter(
            Q(programme__ends_on__isnull=True) | Q(programme__ends_on__gte=timezone.localdate())
        ).exclude(programme=programme)
        return programme.participations.filter(user__in=later.values("user"))
    later = Participation.objects.filter(
        Q(programme__ends_on__isnull=True) | Q(programme__ends_on__gt=programme.ends_on)
    ).exclude(programme=programme)
    return programme.participations.filter(user__in=later.values("user"))


def retention_expire(*, now: datetime | None = None) -> dict[str, int]:
    """Delete the rows past the retention period the register gives them
    (audit entries, sent and failed mail). Returns {model: rows deleted}.
    Side effects: audit entry ``privacy.retention_expired`` with the counts
    (only when something was deleted)."""
    now = now or timezone.now()
    deleted: dict[str, int] = {}
    with transaction.atomic():
        for entry in entries():
            condition = entry.expired(now)
            if condition is None:
                continue
            count = entry.model_class._default_manager.filter(condition).delete()[0]
            if count:
                deleted[entry.model] = count
        if deleted:
            log_action(actor=None, action="privacy.retention_expired", data=deleted)
    return deleted


def retention_run(*, now: datetime | None = None) -> int:
    """The periodic retention job. Deletes rows past their own period
    (``retention_expire``). Warns the coordinators 30 days before a
    programme's participants are anonymised (once per period: a unique mail
    key) and anonymises the participants not in a later programme when the
    day has come. A programme without an end date counts from its last
    activity (``anonymise_on``); activity after the warning starts a new
    period, and it is never anonymised sooner than 30 days after a warning.
    Returns the number of e-mails queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    retention_expire(now=now)
    queued = 0
    done = ProgrammeRetention.objects.filter(anonymised_at__isnull=False).values("programme")
    programmes = Programme.objects.exclude(pk__in=done).annotate(
        last_audit=Max(
            "audit_entries__created_at",
            filter=~Q(audit_entries__action__startswith=_RETENTION_ACTIONS),
        )
    )
    for programme in programmes:
        last_active = None
        if programme.ends_on is None:
            last_active = max(programme.last_audit or programme.created_at, programme.created_at)
        day = anonymise_on(programme, last_active=last_active)
        if day is None or today < day - timedelta(days=WARNING_DAYS):
            continue
        with transaction.atomic():
            state, _created = ProgrammeRetention.objects.select_for_update().get_or_create(
                programme=programme
            )
            if last_active is not None and state.warned_at and last_active > state.warned_at:
                state.warned_at = None  # activity after the warning: a new period
                state.save(update_fields=["warned_at"])
                continue
            if state.warned_at is None:
                for coordinator in programme.coordinators.all():
                    mail_queue(
                        key=f"privacy-retention-warning:{programme.pk}:{coordinator.pk}:{day}",
                        template="privacy_retention_warning",
                        recipient=coordinator,
                        context={
                            "programme": programme,
                            "recipient": coordinator,
                            "day": day,
                            "last_active": last_active,
                        },
                    )
                    queued += 1
                state.warned_at = now
                state.save(update_fields=["warned_at"])
            grace_over = last_active is None or state.warned_at <= now - timedelta(
                days=WARNING_DAYS
            )
            if today >= day and grace_over and state.anonymised_at is None:
                staying = _in_later_programme(programme).values("pk")
                leaving = programme.participations.exclude(pk__in=staying)
                pks = list(leaving.values_list("pk", flat=True))
                user_ids = list(leaving.values_list("user_id", flat=True))
                _relabel_audit_rows(user=None, participation_pks=pks, user_ids=user_ids)
                _anonymise_participations(
                    user=None, participation_pks=pks, user_ids=user_ids, retention=True
                )
                state.anonymised_at = now
                state.save(update_fields=["anonymised_at"])
                log_action(
                    actor=None,
                    action="privacy.retention_anonymised",
                    obj=programme,
                    programme=programme,
                    data={"participations": len(pks)},
                )
    return queued
