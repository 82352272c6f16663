"""The import service: ``participants_import`` validates again and, only when
no row has an error, creates and updates everything in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.participants.invitations import invitations_create
from mentoring.participants.io.columns import DECIDED_STATUSES
from mentoring.participants.io.preview import CREATE, UPDATE, ImportPreview
from mentoring.participants.io.reading import RawTable
from mentoring.participants.io.validation import validate_table
from mentoring.participants.models import Participation
from mentoring.participants.readiness import apply_readiness
from mentoring.participants.signals import application_decided
from mentoring.programmes.models import Programme

# --- The import ---------------------------------------------------------------


class ImportInvalidError(Exception):
    """At least one row has an error; nothing was imported."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__("The import has errors.")
        self.preview = preview


class ImportConflictError(Exception):
    """The data changed while importing (e.g. the same account was just created)."""


@dataclass(frozen=True)
class ImportResult:
    invited: int
    updated: int
    unchanged: int
    skipped: int


def participants_import(*, programme: Programme, actor: User, table: RawTable) -> ImportResult:
    """Invite the new people of ``table`` to ``programme`` and update its
    existing participants, all or nothing.

    Every row is checked again first; when any has an error, ImportInvalidError is
    raised and nothing changes. Side effects: a row naming someone who does not
    take part in the programme with that role becomes an invitation
    (``invitations.invitations_create``: a mail with a link; the participation is
    made only when the person accepts), for an unknown address after creating the
    account (unusable password, unverified allauth address, the file's name and
    language); whether an account existed is never shown or counted. Rows of
    existing participants update them (readiness derived, version raised). One
    audit entry ``participants.imported`` with the counts.
    Raises ImportConflictError when a concurrent change breaks a unique constraint.
    """
    try:
        with transaction.atomic():
            preview = validate_table(programme=programme, table=table, lock=True)
            if not preview.is_valid:
                raise ImportInvalidError(preview)
            result = _apply(programme=programme, actor=actor, preview=preview)
            log_action(
                actor=actor,
                action="participants.imported",
                obj=programme,
                programme=programme,
                data={
                    "format": table.format,
                    "invited": result.invited,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "skipped": result.skipped,
                },
            )
    except IntegrityError as exc:
        raise ImportConflictError from exc
    return result


def _apply(*, programme: Programme, actor: User, preview: ImportPreview) -> ImportResult:
    now = timezone.now()
    new_users: dict[str, User] = {}
    for row in preview.rows:
        if row.action == CREATE and row.user is None and row.email not in new_users:
            person = User(email=row.email, full_name=row.full_name, language=row.language)
            person.set_unusable_password()
            new_users[row.email] = person
    User.objects.bulk_create(list(new_users.values()))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=person, email=person.email, primary=True, verified=False)
            for person in new_users.values()
        ]
    )
    invitations: dict[tuple[int, str], dict[str, Any]] = {}
    for row in preview.rows:
        if row.action != CREATE:
            continue
        person = row.user or new_users[row.email]
        # Two addresses of one account (login and a second address): one invitation.
        invitations.setdefault(
            (person.pk, row.role),
            {
                "user": person,
                "role": row.role,
                "email": row.email,
                "full_name": row.full_name,
                "answers": row.fields,
            },
        )
    invited = invitations_create(
        programme=programme, invited_by=actor, rows=list(invitations.values())
    )

    updated: list[Participation] = []
    decided: list[tuple[Participation, str]] = []
    update_fields = {"version", "updated_at", "is_ready", "readiness_issues"}
    for row in preview.rows:
        if row.action != UPDATE or row.participation is None:
            continue
        participation = row.participation
        previous_status = participation.status
        for name, value in row.fields.items():
            setattr(participation, name, value)
            update_fields.add(name)
        if participation.status != previous_status:
            decided_now = participation.status in DECIDED_STATUSES
            participation.decided_at = now if decided_now else None
            participation.decided_by = actor if decided_now else None
            update_fields.update(("decided_at", "decided_by"))
            if decided_now:
                decided.append((participation, previous_status))
        if participation.submitted_at is None:
            participation.submitted_at = now
            update_fields.add("submitted_at")
        participation.version += 1
        participation.updated_at = now
        apply_readiness(participation)
        updated.append(participation)
    if updated:
        Participation.objects.bulk_update(updated, sorted(update_fields), batch_size=500)
    # A decision made by the file is announced like one made on the decision
    # page (webhooks' participant.accepted), in this transaction.
    for participation, previous_status in decided:
        participation.programme = programme
        application_decided.send(
            sender=Participation,
            participation=participation,
            old=previous_status,
            new=participation.status,
            by=actor,
        )
    return ImportResult(
        invited=len(invited),
        updated=len(updated),
        unchanged=preview.unchanged,
        skipped=len(preview.skipped),
    )
