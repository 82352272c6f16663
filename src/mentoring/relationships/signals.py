"""Events of a mentorship that apps built on this one react to.

Apps above ``relationships`` (``matching``, ``meetings``) connect a receiver
in their ``receivers.py`` (one line calling one of their services), so this
app never imports them. Every signal is sent synchronously inside the
transaction of the change: a receiver's writes commit or roll back with it,
and a receiver that raises stops the change.
"""

from __future__ import annotations

from django.dispatch import Signal

#: A mentorship moved from one status to another
#: (``services.transition.mentorship_transition``). Keyword arguments:
#: ``mentorship``, ``old`` and ``new`` (``MentorshipStatus`` values), ``by``
#: (the user or None), ``side`` (``Side`` or None) and ``reason`` (why, a
#: short code such as ``"trial"`` or ``"erasure"``; never personal data).
mentorship_status_changed = Signal()

#: Both sides have accepted a version of the collaboration agreement
#: (``services.agreement.agreement_accept``). Keyword arguments:
#: ``mentorship``, ``version``.
agreement_accepted = Signal()

#: The pair's first meeting was recorded as held at the trial gate
#: (``services.trial.first_meeting_mark_held``). Keyword arguments:
#: ``mentorship``, ``by``, ``held_on``, ``previous`` (the date recorded
#: before, or None) and ``now``. A receiver may refuse the date by raising
#: ``services.trial.TrialError``.
first_meeting_held = Signal()
