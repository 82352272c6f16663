"""Signals of the common app, for the feature apps built on it to listen to.

``periodic_task``: sent by the worker's periodic tick
(``common.tasks.periodic_tick``, every minute), in the manner of pretix. An
app with periodic work connects a receiver in its own ``tasks.py`` (imported
by its ``AppConfig.ready``) whose body is one line calling its own job; a new
job touches only its own app. Receivers take ``sender`` and ``**kwargs`` and
return the number of e-mails they queued (or None when they queue none). The
jobs do not depend on each other's order. An exception in a receiver
propagates: the tick fails and the remaining receivers do not run that
minute (the next tick runs them all again).
"""

from __future__ import annotations

from django.dispatch import Signal

periodic_task = Signal()
