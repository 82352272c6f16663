"""The coordinator's to-do panel at the top of a programme's page.

Each app that has something for the coordinator to do answers the
``coordinator_todo`` signal with a list of ``TodoItem`` (its receiver is one
line calling the app's own selector), so ``programmes`` names no app above
it. An item's count comes from the same selector as the list it links to,
so the panel and the list never disagree.

An app whose figures are counts of its lists' querysets answers with
``TodoCounts``: the querysets and how to word the lines from their counts.
The panel counts every app's querysets in one query (``common.counting``),
so its cost does not grow with the number of apps that answer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.dispatch import Signal

from mentoring.common.counting import count_together
from mentoring.programmes.models import Programme

#: Sent with ``programme`` and ``user`` (a coordinator of it); receivers
#: return a list of ``TodoItem`` and ``TodoCounts``.
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


@dataclass(frozen=True)
class TodoCounts:
    """Lines whose figures are the numbers of rows of ``counts`` (name ->
    the queryset of the list the line links to); ``build`` words the lines
    from the numbers (name -> count)."""

    counts: Mapping[str, QuerySet[Any]]
    build: Callable[[Mapping[str, int]], list[TodoItem]]


def coordinator_todos(*, programme: Programme, user: Any) -> list[TodoItem]:
    """What waits for the coordinator in ``programme``, most urgent first;
    only items with something to do. Every ``TodoCounts`` answer is counted
    in one query together."""
    items: list[TodoItem] = []
    pending: list[TodoCounts] = []
    answers = coordinator_todo.send(sender=Programme, programme=programme, user=user)
    for _receiver, answer in answers:
        if not isinstance(answer, list):
            continue
        for entry in answer:
            if isinstance(entry, TodoCounts):
                pending.append(entry)
            else:
                items.append(entry)
    counted = count_together(
        {
            f"{index}:{name}": queryset
            for index, entry in enumerate(pending)
            for name, queryset in entry.counts.items()
        }
    )
    for index, entry in enumerate(pending):
        items.extend(entry.build({name: counted[f"{index}:{name}"] for name in entry.counts}))
    return sorted((item for item in items if item.count), key=lambda item: item.order)
