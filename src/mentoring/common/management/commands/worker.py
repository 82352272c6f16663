"""Run the background worker: django-tasks-db's ``db_worker`` plus a clock
that enqueues the periodic tick (outbox safety net, reminders, retention,
clean-ups) every ``--tick`` seconds.

Several workers, on one machine or several, share the queue in the database
(each claims a task with ``SELECT ... FOR UPDATE SKIP LOCKED`` on
PostgreSQL). Their clocks all wake up, but only the one that wins the
``periodic-tick`` lease (``common.leases``) enqueues the tick, so the periodic
jobs run once per tick cluster-wide.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections


def worker_id() -> str:
    """host:pid:random: unique across machines and restarts (fits db_worker's 64)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Command(BaseCommand):
    help = "Run the background worker with its clock."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tick", type=float, default=60.0, help="Seconds between ticks.")
        parser.add_argument("--batch", action="store_true", help="Run due tasks, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        from mentoring.common.leases import PERIODIC_TICK, lease_claim
        from mentoring.common.tasks import periodic_tick

        stop = threading.Event()
        me = worker_id()
        tick = float(options["tick"])

        def clock() -> None:
            while not stop.is_set():
                try:
                    # Held a little less than a tick, so that the next tick (of any
                    # worker's clock) finds it free again.
                    if lease_claim(name=PERIODIC_TICK, holder=me, seconds=tick * 0.9):
                        periodic_tick.enqueue()
                except Exception:  # a database hiccup must not stop the clock
                    self.stderr.write("The worker's clock could not enqueue the tick.")
                finally:
                    close_old_connections()
                stop.wait(tick)

        if options["batch"]:
            periodic_tick.enqueue()
            call_command("db_worker", batch=True, reload=False, startup_delay=False, worker_id=me)
            return
        thread = threading.Thread(target=clock, name="mentoring-clock", daemon=True)
        thread.start()
        try:
            call_command("db_worker", reload=False, interval=1, worker_id=me)
        finally:
            stop.set()
