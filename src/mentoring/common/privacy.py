"""Personal data of the common app: the audit log and the mail outbox."""

from __future__ import annotations

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure

ENTRIES = [
    Entry(
        model="common.AuditEntry",
        purpose="Who did what, when, on which object (security, Art. 32). Never content.",
        personal=("actor", "object_repr", "data"),
        erasure=Erasure.SPECIAL,
        note="kept (points to the anonymised account); the label of every row about the "
        "person's rows is replaced, whatever it says (earlier names too), and their name, "
        "e-mail, organisation and job title are scrubbed from details; a failed login "
        "stores a keyed hash of the address typed, never the address",
        of_user=lambda user: Q(actor=user) | Q(object_type="accounts.user", object_id=str(user.pk)),
        of_participations=lambda pks, user_ids: Q(
            object_type="participants.participation", object_id__in=[str(pk) for pk in pks]
        ),
        retention=False,
        expire_setting="MENTORING_AUDIT_RETENTION_DAYS",
        expire_note="deleted 1095 days (3 years, the general limitation period) after "
        "they were written",
    ),
    Entry(
        model="common.OutboxMessage",
        purpose="E-mails sent by the platform.",
        personal=("to_email", "subject", "body_text", "body_html", "calendar", "recipient"),
        confidential=("body_text", "body_html", "calendar"),
        erasure=Erasure.SPECIAL,
        note="mail to the person is deleted; their name, e-mail, organisation and job "
        "title are scrubbed from other people's mail, and a calendar invitation that "
        "goes with such a mail is dropped",
        of_user=lambda user: Q(recipient=user) | Q(to_email__iexact=user.email),
        export_exclude=("body_html", "calendar", "key", "last_error", "claimed_at", "attempts"),
        retention=False,
        expire_setting="MENTORING_OUTBOX_RETENTION_DAYS",
        expire_only=Q(status__in=("sent", "failed")),
        expire_note="sent and failed mail is deleted 90 days after it was written",
    ),
]
