"""Writes for programmes. Keyword-only, typed, atomic; side effects listed."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.programmes.models import Programme


@transaction.atomic
def programme_add_coordinator(*, programme: Programme, user: User, by: Any) -> bool:
    """Make ``user`` a coordinator of ``programme``.

    Side effects: audit entry ``programme.coordinator_added``; an e-mail to
    the new coordinator in their language (once per programme and person),
    telling them that two-factor authentication is required. Returns False
    when the user already was a coordinator.
    """
    if programme.coordinators.filter(pk=user.pk).exists():
        return False
    programme.coordinators.add(user)
    log_action(
        actor=by,
        action="programme.coordinator_added",
        obj=user,
        programme=programme,
        data={"user_id": user.pk},
    )
    mail_queue(
        key=f"coordinator-added:{programme.pk}:{user.pk}",
        template="coordinator_added",
        recipient=user,
        context={"programme_name_da": programme.name_da, "programme_name_en": programme.name_en},
    )
    return True
