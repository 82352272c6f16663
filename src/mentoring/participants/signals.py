"""Events of an application that apps built on this one may react to (in
their ``receivers.py``, one line calling one of their services), so this app
never imports them. Sent synchronously inside the transaction of the change:
a receiver's writes commit or roll back with it."""

from __future__ import annotations

from django.dispatch import Signal

#: The coordinator decided an application (``services.application_decide``):
#: accepted, wait-listed or declined; or a decision came from the import (an
#: existing participant's status changed by the file, or an invitation from
#: the import accepted: the file's status, by the inviting coordinator).
#: Keyword arguments: ``participation``, ``old`` and ``new``
#: (``ApplicationStatus`` values) and ``by`` (the user).
application_decided = Signal()
