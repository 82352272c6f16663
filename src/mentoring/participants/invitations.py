"""Invitations to join a programme (made by the participant import).

The import never enrols anyone and never tells the coordinator whether an
e-mail address already has an account: every row that would add a person
becomes an :class:`Invitation` with a random token, and the person gets a mail
in their language with a link:

- someone who has no password yet (an account the import created, or one that
  was never activated) chooses a password on the invitation page; that also
  verifies the address (the link came to it) and accepts the invitation;
- someone with a password logs in and accepts or declines.

Only the acceptance creates the participation, from the answers the file held.
Tokens are stored as SHA-256 hashes; a link works until it is used or expires.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.common.errors import ServiceError
from mentoring.common.mail import mail_queue
from mentoring.participants.enums import ApplicationStatus, InvitationStatus
from mentoring.participants.models import Invitation, Participation
from mentoring.participants.readiness import apply_readiness
from mentoring.participants.signals import application_decided
from mentoring.programmes.models import Programme

#: How long an invitation link works.
INVITATION_DAYS = 30
DECIDED = (ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED)


class InvitationError(ServiceError):
    """The invitation cannot be answered (used, expired, someone else's)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return reverse("participants:invitation", kwargs={"token": token})


def answers_to_json(fields: dict[str, Any]) -> dict[str, Any]:
    """Participation fields from an import row as JSON-safe values."""
    encoder = DjangoJSONEncoder()
    return {
        name: encoder.default(value) if isinstance(value, datetime) else value
        for name, value in fields.items()
    }


def invitation_for_token(token: str) -> Invitation | None:
    """The pending, unexpired invitation of this link, or None."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("programme", "user")
        .filter(
            token_hash=token_hash(token),
            status=InvitationStatus.PENDING,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def invitations_create(
    *, programme: Programme, invited_by: User, rows: list[dict[str, Any]]
) -> list[Invitation]:
    """Invite people to ``programme``; each row has ``user``, ``role``, ``email``,
    ``full_name`` and ``answers`` (participation fields).

    Side effects: one Invitation per row (bulk), one invitation mail per row in
    the recipient's language (outbox, sent after commit). No audit entry of its
    own: the import's entry counts them. Must run inside the caller's transaction.
    """
    now = timezone.now()
    made: list[tuple[Invitation, str]] = []
    for row in rows:
        token = secrets.token_urlsafe(32)
        made.append(
            (
                Invitation(
                    programme=programme,
                    user=row["user"],
                    role=row["role"],
                    email=row["email"],
                    full_name=row["full_name"],
                    answers=answers_to_json(row["answers"]),
                    token_hash=token_hash(token),
                    invited_by=invited_by,
                    expires_at=now + timedelta(days=INVITATION_DAYS),
                ),
                token,
            )
        )
    Invitation.objects.bulk_create([invitation for invitation, _token in made], batch_size=500)
    for invitation, token in made:
        mail_queue(
            key=f"invitation:{invitation.token_hash}",
            template="invitation",
            recipient=invitation.user,
            context={
                "programme": programme,
                "role": invitation.role,
                "needs_password": not invitation.user.has_usable_password(),
                "link": invitation_url(token),
                "expires_at": invitation.expires_at,
            },
        )
    return [invitation for invitation, _token in made]


def _locked(invitation: Invitation, user: User) -> Invitation:
    current = (
        Invitation.objects.select_for_update()
        .select_related("programme", "user")
        .filter(pk=invitation.pk)
        .first()
    )
    if (
        current is None
        or current.user_id != user.pk
        or current.status != InvitationStatus.PENDING
        or current.expires_at <= timezone.now()
    ):
        raise InvitationError(
            _("This invitation has already been answered or has expired. Ask the coordinator.")
        )
    return current


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: User, password: str | None = None
) -> Participation:
    """``user`` accepts and joins the programme with the answers from the file.

    With ``password`` (for an account without one): the password is set and the
    invited address is verified, since the link reached it. An account without a
    name takes the name from the file. When the person already takes part with
    this role (they applied meanwhile), that participation stays as it is.
    Side effects: the participation (readiness derived), the invitation marked
    accepted, audit ``participants.invitation_accepted``.
    Raises InvitationError (answered, expired or not this person's) and
    ValidationError (a password the validators refuse).
    """
    current = _locked(invitation, user)
    now = timezone.now()
    if password is not None:
        if user.has_usable_password():
            raise InvitationError(_("This account already has a password. Log in instead."))
        validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        elif not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
    if not user.full_name and current.full_name:
        user.full_name = current.full_name
        user.save(update_fields=["full_name"])

    participation = Participation.objects.filter(
        programme=current.programme, user=user, role=current.role
    ).first()
    if participation is None:
        answers = dict(current.answers)
        submitted = parse_datetime(str(answers.pop("submitted_at", "") or ""))
        participation = Participation(
            programme=current.programme, user=user, role=current.role, **answers
        )
        participation.submitted_at = submitted or now
        if participation.status in DECIDED:
            participation.decided_at = now
            participation.decided_by = current.invited_by
        apply_readiness(participation)
        participation.save()
        if participation.status in DECIDED:
            # The file's decision takes effect now: announced like one made
            # on the decision page (webhooks' participant.accepted).
            application_decided.send(
                sender=Participation,
                participation=participation,
                old=ApplicationStatus.SUBMITTED,
                new=participation.status,
                by=current.invited_by,
            )

    current.status = InvitationStatus.ACCEPTED
    current.responded_at = now
    current.save(update_fields=["status", "responded_at"])
    log_action(
        actor=user,
        action="participants.invitation_accepted",
        obj=current,
        programme=current.programme,
        data={"role": current.role, "password_set": password is not None},
    )
    return participation


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user: User) -> Invitation:
    """``user`` declines: nothing of theirs reaches the programme.

    Side effects: the invitation marked declined, its answers from the file
    emptied; audit ``participants.invitation_declined``.
    """
    current = _locked(invitation, user)
    current.status = InvitationStatus.DECLINED
    current.responded_at = timezone.now()
    current.answers = {}
    current.save(update_fields=["status", "responded_at", "answers"])
    log_action(
        actor=user,
        action="participants.invitation_declined",
        obj=current,
        programme=current.programme,
        data={"role": current.role},
    )
    return current
