"""Retention (GDPR Art. 5(1)(e)): rows past their period are deleted
(``retention_expire``), deactivated accounts are erased after their period
(``retention_erase_deactivated``), and a programme's participants are anonymised after
its retention period (``retention_run``, the periodic job)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.privacy.models import ProgrammeRetention
from mentoring.privacy.registry import entries
from mentoring.privacy.selectors import RETENTION_ACTIONS, anonymise_on, in_later_programme
from mentoring.privacy.services.erasure import (
    ErasureError,
    anonymise_participations,
    erase_person,
    relabel_audit_rows,
)
from mentoring.programmes.models import Programme

#: Days before the anonymisation that the coordinators are warned.
WARNING_DAYS = 30


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


def retention_erase_deactivated(*, now: datetime | None = None) -> int:
    """Erase (``erase_person``) every account deactivated more than
    ``MENTORING_DEACTIVATED_RETENTION_DAYS`` ago (the person left the
    organisation, ``accounts.services.user_deactivate``). Before that day
    nothing of theirs is deleted. An account that is still the only
    coordinator of a running programme is skipped (and tried again on the
    next run). Returns the number of accounts erased.
    Side effects: those of ``erase_person`` (audit ``privacy.erased``), and an
    audit entry ``privacy.retention_deactivated_erased`` with the count."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MENTORING_DEACTIVATED_RETENTION_DAYS)
    due = User.objects.filter(
        is_active=False, deactivated_at__isnull=False, deactivated_at__lt=cutoff
    ).order_by("pk")
    erased = 0
    for user in due:
        try:
            with transaction.atomic():
                erase_person(user=user, by=None)
        except ErasureError:
            continue
        erased += 1
    if erased:
        log_action(
            actor=None, action="privacy.retention_deactivated_erased", data={"accounts": erased}
        )
    return erased


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
    retention_erase_deactivated(now=now)
    queued = 0
    done = ProgrammeRetention.objects.filter(anonymised_at__isnull=False).values("programme")
    programmes = Programme.objects.exclude(pk__in=done).annotate(
        last_audit=Max(
            "audit_entries__created_at",
            filter=~Q(audit_entries__action__startswith=RETENTION_ACTIONS),
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
                staying = in_later_programme(programme).values("pk")
                leaving = programme.participations.exclude(pk__in=staying)
                pks = list(leaving.values_list("pk", flat=True))
                user_ids = list(leaving.values_list("user_id", flat=True))
                relabel_audit_rows(user=None, participation_pks=pks, user_ids=user_ids)
                anonymise_participations(
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
