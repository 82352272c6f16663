"""Events of the surveys that apps built on this one may react to (in their
``receivers.py``, one line calling one of their services). Sent
synchronously inside the transaction of the change."""

from __future__ import annotations

from django.dispatch import Signal

#: A questionnaire was closed (``services.questionnaires.questionnaire_close``):
#: no more answers. Keyword arguments: ``questionnaire`` and ``by``.
questionnaire_closed = Signal()
