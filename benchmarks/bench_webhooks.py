"""Webhooks benchmark (``make bench``; issue 15, points 5 and 6).

In a throw-away SQLite database (a temporary file, migrated from scratch):

1. **Emit cost**: what an event adds to the business transaction that causes
   it: ``event_emit`` in its own transaction (deliveries written, one task
   queued per delivery on commit), with 0, 1 and 5 subscribed endpoints;
   microseconds per event (median of several rounds).
2. **Deliveries per second** to a real receiver on loopback (``http.server``
   in a thread, answering 204 at once): first ``delivery_attempt`` called in
   this process (claim, sign, POST, record), then the real worker
   (``manage.py worker --batch``) as a separate process, timed from its start
   to the last delivery (Django's start-up included).

    python benchmarks/bench_webhooks.py                  # 500 events, 3 rounds
    python benchmarks/bench_webhooks.py --events 300 --rounds 2
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))


def setup_django(database: Path) -> None:
    os.environ["MENTORING_ENV"] = "test"
    os.environ["SQLITE_PATH"] = str(database)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentoring.settings"
    os.environ["WEBHOOKS_ALLOW_LOOPBACK"] = "true"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class Handler(BaseHTTPRequestHandler):
    received = 0
    lock = threading.Lock()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with Handler.lock:
            Handler.received += 1
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def emit_cost(programme: object, events: int, rounds: int, endpoints: int) -> float:
    """Median microseconds per event with ``endpoints`` subscribed endpoints."""
    from django.db import transaction

    from mentoring.webhooks.enums import EventType
    from mentoring.webhooks.models import Endpoint
    from mentoring.webhooks.services import event_emit

    Endpoint.objects.filter(programme=programme).update(enabled=False)
    chosen = list(Endpoint.objects.filter(programme=programme).order_by("pk")[:endpoints])
    Endpoint.objects.filter(pk__in=[e.pk for e in chosen]).update(enabled=True)
    timings = []
    for _round in range(rounds):
        start = time.perf_counter()
        for number in range(events):
            with transaction.atomic():
                event_emit(
                    programme=programme,  # type: ignore[arg-type]
                    event_type=EventType.MEETING_HELD,
                    data={"mentorship_id": 1, "meeting_id": number},
                )
        timings.append((time.perf_counter() - start) / events * 1e6)
    return statistics.median(timings)


def empty_transaction(count: int) -> float:
    """Microseconds of a transaction that writes nothing: the baseline."""
    from django.db import transaction

    start = time.perf_counter()
    for _number in range(count):
        with transaction.atomic():
            pass
    return (time.perf_counter() - start) / count * 1e6


def clear_queue() -> None:
    from django_tasks_db.models import DBTaskResult

    from mentoring.webhooks.models import Delivery

    Delivery.objects.all().delete()
    DBTaskResult.objects.all().delete()


def check(ok: bool, delivered: int, received: int) -> None:
    """A measurement counts only if every event arrived once."""
    if not ok:
        raise SystemExit(f"not every event was delivered: {delivered} marked, {received} received")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench-webhooks.sqlite3"
        setup_django(database)
        from django.db import transaction

        from mentoring.programmes.models import Programme
        from mentoring.webhooks.enums import DeliveryStatus, EventType
        from mentoring.webhooks.models import Delivery, Endpoint
        from mentoring.webhooks.services import delivery_attempt, endpoint_create, event_emit

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}/hook"

        programme = Programme.objects.create(slug="bench-webhooks", name_da="Benchmark")
        for _number in range(5):
            endpoint_create(
                programme=programme, url=url, description="", events=list(EventType.values), by=None
            )

        print(f"Webhooks benchmark: SQLite, {args.events} events per round, {args.rounds} rounds")
        print(f"   load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("1. Emit cost (event_emit in its own transaction, tasks queued on commit)")
        print(f"   an empty transaction:        {empty_transaction(args.events):8.0f} µs")
        for count in (0, 1, 5):
            cost = emit_cost(programme, args.events, args.rounds, count)
            print(f"   {count} subscribed endpoint(s):  {cost:8.0f} µs per event")
            clear_queue()

        Endpoint.objects.filter(programme=programme).update(enabled=False)
        only = Endpoint.objects.filter(programme=programme).order_by("pk").first()
        if only is None:
            raise SystemExit("no endpoint")
        Endpoint.objects.filter(pk=only.pk).update(enabled=True)

        print("2. Deliveries per second to a receiver on loopback (answers 204)")
        for number in range(args.events):
            with transaction.atomic():
                event_emit(
                    programme=programme,
                    event_type=EventType.MEETING_HELD,
                    data={"mentorship_id": 1, "meeting_id": number},
                )
        ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
        Handler.received = 0
        start = time.perf_counter()
        for pk in ids:
            delivery_attempt(delivery_id=pk)
        elapsed = time.perf_counter() - start
        delivered = Delivery.objects.filter(status=DeliveryStatus.DELIVERED).count()
        check(delivered == len(ids) == Handler.received, delivered, Handler.received)
        print(f"   in this process:  {len(ids) / elapsed:8.0f} deliveries/s ({elapsed:.2f} s)")

        clear_queue()
        for number in range(args.events):
            with transaction.atomic():
                event_emit(
                    programme=programme,
                    event_type=EventType.MEETING_HELD,
                    data={"mentorship_id": 1, "meeting_id": number},
                )
        Handler.received = 0
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "mentoring.settings",
            "SQLITE_PATH": str(database),
        }
        start = time.perf_counter()
        subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), "worker", "--batch", "--verbosity", "0"],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        elapsed = time.perf_counter() - start
        delivered = Delivery.objects.filter(status=DeliveryStatus.DELIVERED).count()
        check(delivered == args.events == Handler.received, delivered, Handler.received)
        print(
            f"   worker process:   {args.events / elapsed:8.0f} deliveries/s ({elapsed:.2f} s,"
            " start-up included)"
        )
        server.shutdown()


if __name__ == "__main__":
    main()
