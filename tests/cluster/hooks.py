"""A task for the multi-node fault test: it takes a few seconds, so the test
can kill the worker that runs it, and it records its one effect idempotently
(a row per key in the test's result file, written only when the key is new)."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from django.tasks import task


@task()
def slow_mark(key: str, seconds: float = 4.0) -> str:
    """Sleep, then append ``key`` to ``$MENTORING_CLUSTER_MARKS`` unless it is there."""
    time.sleep(seconds)
    path = Path(os.environ["MENTORING_CLUSTER_MARKS"])
    with path.open("a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        if key not in handle.read().split():
            handle.write(key + "\n")
    # Every completed run, duplicates included: the test checks there is one per key.
    with path.with_suffix(".runs").open("a", encoding="utf-8") as runs:
        runs.write(f"{key} {os.getpid()}\n")
    return key
