"""A per-process cache of the engine's solved sessions, so that a what-if
re-run that changes only pins and vetoes re-solves on the kept candidate
graph and scores (``engine.Session.resolve``) instead of scoring and solving
from scratch: at 10,000 participants 0.12 s instead of about 2 s (see
docs/matching.md).

An entry is keyed by the programme and by the fingerprint of everything but
the pins and vetoes (profiles, weights, minimum score, kind): any other
change misses and solves afresh. At most ``MAX_SESSIONS`` programmes per
process, the least recently used leaves first. A session is not thread-safe,
so callers hold ``LOCK`` while they use one. The cache is an optimisation
only: a re-solved solution is proven optimal like a fresh one, and a process
without the entry (another worker, a restart) simply solves afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from mentoring.matching.engine.scoring import ProfileScores
from mentoring.matching.engine.solver import Session

MAX_SESSIONS = 4
LOCK = threading.Lock()


@dataclass
class Cached:
    key: str
    session: Session
    scores: ProfileScores


_entries: OrderedDict[int, Cached] = OrderedDict()


def session_get(programme_id: int, key: str) -> Cached | None:
    """The cached session of the programme when its key matches (call with
    ``LOCK`` held)."""
    entry = _entries.get(programme_id)
    if entry is None or entry.key != key:
        return None
    _entries.move_to_end(programme_id)
    return entry


def session_put(programme_id: int, entry: Cached) -> None:
    """Keep ``entry`` as the programme's session (call with ``LOCK`` held)."""
    _entries[programme_id] = entry
    _entries.move_to_end(programme_id)
    while len(_entries) > MAX_SESSIONS:
        _entries.popitem(last=False)


def sessions_clear() -> None:
    """Forget every cached session (tests, and after a programme's data changed
    in a way the key does not see: none known)."""
    with LOCK:
        _entries.clear()
