"""Events of matching that apps built on this one may react to (in their
``receivers.py``, one line calling one of their services). Sent
synchronously inside the transaction of the change."""

from __future__ import annotations

from django.dispatch import Signal

#: A matching run was published (``services.publish.matching_publish``).
#: Keyword arguments: ``run`` and ``mentorships`` (the proposed mentorships
#: it created).
run_published = Signal()
