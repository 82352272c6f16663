"""The one transition function of a mentorship's status.

Every change of ``Mentorship.status`` goes through ``mentorship_transition``
(a test fails when another module assigns the status): the callers
(``mentorship``, ``trial``, ``closure`` and the privacy erasure) check their
own business rules and lock the mentorship first; this function checks the
move against ``enums.MENTORSHIP_TRANSITIONS``, writes it, audits it and
sends ``signals.mentorship_status_changed`` in the same transaction (the
veto of a declined or early-ended pair is a receiver in ``matching``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from mentoring.common.audit import log_action
from mentoring.relationships.enums import MENTORSHIP_TRANSITIONS, MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.signals import mentorship_status_changed


class StatusTransitionError(ValueError):
    """A move that the state machine does not allow: a programming error
    (callers check their rules first), not a message for the user."""


def check_transition(
    table: Mapping[str, frozenset[str]], *, model: str, old: str, new: str
) -> None:
    """Raise StatusTransitionError unless ``table`` allows ``old`` -> ``new``."""
    if new not in table.get(old, frozenset()):
        allowed = ", ".join(sorted(table.get(old, frozenset()))) or "nothing"
        raise StatusTransitionError(
            f"A {model} cannot move from {old!r} to {new!r} (allowed: {allowed})."
        )


@transaction.atomic
def mentorship_transition(
    *,
    mentorship: Mentorship,
    to: MentorshipStatus | str,
    by: Any,
    side: Side | None,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
) -> Mentorship:
    """Move ``mentorship`` (locked by the caller) to status ``to``, writing
    ``changes`` (other fields of the same move, e.g. ``ended_at``) with it.

    Raises StatusTransitionError when ``enums.MENTORSHIP_TRANSITIONS`` does
    not allow the move. Side effects: ``status`` and ``changes`` saved with
    ``update_fields``; audit entry ``mentorship.<new status>`` with ``side``
    and ``data`` (short codes, no personal data); the signal
    ``mentorship_status_changed`` (``old``, ``new``, ``by``, ``side``,
    ``reason``), whose receivers run in this transaction.
    """
    new = MentorshipStatus(to)
    old = str(mentorship.status)
    check_transition(MENTORSHIP_TRANSITIONS, model="mentorship", old=old, new=new.value)
    mentorship.status = new
    for field, value in (changes or {}).items():
        setattr(mentorship, field, value)
    mentorship.save(update_fields=["status", *(changes or {})])
    log_action(
        actor=by,
        action=f"mentorship.{new.value}",
        obj=mentorship,
        programme=mentorship.programme,
        data={"side": str(side) if side else None, **(data or {})},
    )
    mentorship_status_changed.send(
        sender=Mentorship,
        mentorship=mentorship,
        old=old,
        new=new.value,
        by=by,
        side=side,
        reason=reason,
    )
    return mentorship
