"""The optional consents of a participation (GDPR Art. 7)."""

from __future__ import annotations

from django.db import transaction

from mentoring.common.audit import log_action
from mentoring.participants.models import Participation


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
