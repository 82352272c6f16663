"""Run the background worker: django-tasks-db's ``db_worker`` plus a clock
that enqueues the periodic tick every minute (outbox safety net, and later
reminders and retention)."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections


class Command(BaseCommand):
    help = "Run the background worker with its clock."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tick", type=float, default=60.0, help="Seconds between ticks.")
        parser.add_argument("--batch", action="store_true", help="Run due tasks, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        from mentoring.common.tasks import periodic_tick

        stop = threading.Event()

        def clock() -> None:
            while not stop.is_set():
                try:
                    periodic_tick.enqueue()
                finally:
                    close_old_connections()
                stop.wait(options["tick"])

        if options["batch"]:
            periodic_tick.enqueue()
            call_command("db_worker", batch=True, reload=False, startup_delay=False)
            return
        thread = threading.Thread(target=clock, name="mentoring-clock", daemon=True)
        thread.start()
        try:
            call_command("db_worker", reload=False, interval=1)
        finally:
            stop.set()
