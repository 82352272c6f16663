"""Signals of the privacy app.

``erasure_completed``: sent after a person's erasure has been committed
(``privacy.services.erasure.erase_person``), with ``user_id``. Apps above
privacy listen to it (the operations app writes the erasure ledger that a
restore of an older backup re-applies). Receivers are one line calling a
service of their own app.
"""

from __future__ import annotations

from django.dispatch import Signal

erasure_completed = Signal()
