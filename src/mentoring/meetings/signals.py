"""Events of a meeting that other apps may react to (in their
``receivers.py``, one line calling one of their services). Sent
synchronously inside the transaction of the change."""

from __future__ import annotations

from django.dispatch import Signal

#: A meeting moved from one status to another
#: (``services.transition.meeting_transition``). Keyword arguments:
#: ``meeting``, ``old`` and ``new`` (``MeetingStatus`` values), ``by`` (the
#: user or None), ``side`` (``Side`` or None).
meeting_status_changed = Signal()
