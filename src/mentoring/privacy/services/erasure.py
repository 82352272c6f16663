"""Erasure of a person (GDPR Art. 17): ``erase_person`` and the steps it
shares with the retention job (``relabel_audit_rows``,
``anonymise_participations``)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.accounts.models import User
from mentoring.accounts.services import user_sessions_end
from mentoring.common.audit import ERASED_LABEL, log_action
from mentoring.common.errors import ServiceError
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.participants.enums import ApplicationStatus
from mentoring.participants.models import Participation
from mentoring.participants.services import participations_withdraw
from mentoring.privacy.registry import Entry, Erasure, entries
from mentoring.privacy.selectors import OPEN_STATUSES, last_coordinator_of, running_programmes
from mentoring.privacy.signals import erasure_completed
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import CLOSED_STATUSES, MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.transition import mentorship_transition

#: What replaces a person's name, e-mail and the like in other people's mail.
SCRUBBED = "[…]"


#: A declined mentorship must keep a reason (database constraint).
ERASED_REASON = "–"


class ErasureError(ServiceError):
    """A business rule stopped the change; ``message`` is for the user."""


def refuse_if_last_coordinator(user: User) -> None:
    programmes = last_coordinator_of(user=user)
    if programmes:
        raise ErasureError(
            _(
                "You are the only coordinator of %(programmes)s, which is still running. "
                "Ask another person to become coordinator first."
            )
            % {"programmes": ", ".join(p.name for p in programmes)}
        )


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
            Q(subject__icontains=term)
            | Q(body_text__icontains=term)
            | Q(body_html__icontains=term)
            | Q(calendar__icontains=term)
        )
    for message in OutboxMessage.objects.filter(condition):
        message.subject = _scrub(message.subject, pattern)
        message.body_text = _scrub(message.body_text, pattern)
        message.body_html = _scrub(message.body_html, pattern)
        # A calendar object folds long lines, so a name may be split: an
        # invitation that names the person (or goes with a mail that does)
        # is dropped rather than edited.
        message.calendar = ""
        message.save(update_fields=["subject", "body_text", "body_html", "calendar"])
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


def relabel_audit_rows(
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


def anonymise_participations(
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
    Side effects: audit entry ``privacy.erased`` (no personal data); after
    commit, the signal ``erasure_completed`` (the erasure ledger)."""
    refuse_if_last_coordinator(user)
    now = timezone.now()
    participations = Participation.objects.filter(user=user)
    pks = list(participations.values_list("pk", flat=True))
    terms = _scrub_terms(user, participations)
    # Leave what is still open, so nothing waits for an erased person.
    participations_withdraw(
        participations=participations.filter(
            status__in=OPEN_STATUSES, programme__in=running_programmes()
        )
    )
    participations_withdraw(
        participations=participations.filter(
            status__in=(ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
        )
    )
    _leave_runs(pks)
    _end_mentorships(pks, now, by if by is not None and by.pk != user.pk else None)
    relabel_audit_rows(user=user, participation_pks=pks, user_ids=[user.pk])
    anonymise_participations(user=user, participation_pks=pks, user_ids=[user.pk], retention=False)
    OutboxMessage.objects.filter(Q(recipient=user) | Q(to_email__iexact=user.email)).delete()
    for programme in Programme.objects.filter(coordinators=user):
        programme.coordinators.remove(user)
    user_sessions_end(user=user)
    user.deactivated_at = None
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = ""
    user.organisation = ""
    user.presentation = ""
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
    user_id = user.pk
    transaction.on_commit(lambda: erasure_completed.send(sender=User, user_id=user_id))
