"""The coordinator's to-do panel at the top of a programme's page.

Each app that has something for the coordinator to do answers the
``coordinator_todo`` signal with a list of ``TodoItem`` (its receiver is one
line calling the app's own selector), so ``programmes`` names no app above
it. An item's count comes from the same selector as the list it links to,
so the panel and the list never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.dispatch import Signal

from mentoring.programmes.models import Programme

#: Sent with ``programme`` and ``user`` (a coordinator of it); receivers
#: return a list of ``TodoItem``.
coordinator_todo = Signal()


@dataclass(frozen=True)
class TodoItem:
    """One line of the panel: how many things wait, what to do, where."""

    #: Most urgent first (lower first).
    order: int
    count: int
    text: str
    url: str
    #: A second figure, e.g. how many of the applications are flagged.
    detail: str = ""


def coordinator_todos(*, programme: Programme, user: Any) -> list[TodoItem]:
    """What waits for the coordinator in ``programme``, most urgent first;
    only items with something to do."""
    items: list[TodoItem] = []
    answers = coordinator_todo.send(sender=Programme, programme=programme, user=user)
    for _receiver, answer in answers:
        if isinstance(answer, list):
            items.extend(answer)
    return sorted((item for item in items if item.count), key=lambda item: item.order)
