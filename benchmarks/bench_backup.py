"""Backup and restore benchmark (``make bench``; issue 19).

Times ``backup`` (plain and encrypted) and ``restore`` (into a new, empty
database, verified against the manifest) of two data sets:

- the demo (``seed_demo``),
- a generated programme of 5,000 participants (the one of
  ``bench_dashboard.py``: pairs, agreements, meetings, homework, evaluations),

on the engine of the environment: SQLite (temporary files) without
``DATABASE_URL``, PostgreSQL with it (``make bench`` runs it a second time under
``scripts/with-postgres.sh``: a throw-away cluster). Everything runs in this
process through the same functions as ``manage.py backup`` and ``restore``;
Django's start-up is not counted.

    python benchmarks/bench_backup.py                       # SQLite
    scripts/with-postgres.sh python benchmarks/bench_backup.py   # PostgreSQL
    python benchmarks/bench_backup.py --participants 1000 --runs 3
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

WORK = Path(tempfile.mkdtemp(prefix="mentoring-bench-backup-"))
PG_URL = os.environ.get("DATABASE_URL", "")
ON_PG = PG_URL.startswith(("postgres://", "postgresql://"))


def setup_django() -> None:
    os.environ["MENTORING_ENV"] = "test"
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentoring.settings"
    os.environ["MENTORING_VAR_DIR"] = str(WORK / "var")
    os.environ["MEDIA_ROOT"] = str(WORK / "media")
    os.environ["MENTORING_ERASURE_LEDGER"] = str(WORK / "ledger.jsonl")
    os.environ.pop("MENTORING_BACKUP_KEY", None)
    if not ON_PG:
        os.environ["SQLITE_PATH"] = str(WORK / "first.sqlite3")
    import django

    django.setup()


def new_database(label: str) -> None:
    """Point Django's default connection at a new, empty database."""
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    if ON_PG:
        import psycopg

        name = f"bench_{label}_{uuid.uuid4().hex[:8]}"
        admin_url = urlunsplit(urlsplit(PG_URL)._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        settings.DATABASES["default"]["NAME"] = name
    else:
        settings.DATABASES["default"]["NAME"] = str(
            WORK / f"{label}-{uuid.uuid4().hex[:8]}.sqlite3"
        )
    connections["default"].settings_dict["NAME"] = settings.DATABASES["default"]["NAME"]


def populate_demo() -> None:
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)


def populate_programme(participants: int, seed: int) -> Callable[[], None]:
    def populate() -> None:
        import bench_dashboard

        bench_dashboard.build(participants, seed)

    return populate


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def scenario(name: str, populate: Callable[[], None], runs: int) -> dict[str, object]:
    from django.core.management import call_command
    from django.test import override_settings

    from mentoring.operations import crypto
    from mentoring.operations.backups import backup_create, backup_restore
    from mentoring.operations.database import live_stats

    new_database(f"src_{name}")
    call_command("migrate", verbosity=0)
    populate()
    stats = live_stats()
    rows = sum(s.rows for s in stats.values())
    key = crypto.generate_key()
    plain_times, sealed_times, restore_times, sealed_restore_times = [], [], [], []
    plain = sealed = WORK / "none"
    for run in range(runs):
        plain = WORK / f"{name}-{run}.tar.gz"
        seconds, _ = timed(functools.partial(backup_create, output=plain))
        plain_times.append(seconds)
        sealed = WORK / f"{name}-{run}.tar.gz.enc"
        with override_settings(MENTORING_BACKUP_KEY=key):
            seconds, _ = timed(functools.partial(backup_create, output=sealed, encrypt=True))
        sealed_times.append(seconds)
    for run in range(runs):
        new_database(f"dst_{name}_{run}")
        seconds, _ = timed(functools.partial(backup_restore, path=plain))
        restore_times.append(seconds)
        new_database(f"dste_{name}_{run}")
        with override_settings(MENTORING_BACKUP_KEY=key):
            seconds, _ = timed(functools.partial(backup_restore, path=sealed))
        sealed_restore_times.append(seconds)
    return {
        "name": name,
        "tables": len(stats),
        "rows": rows,
        "size": plain.stat().st_size,
        "backup": statistics.median(plain_times),
        "backup_enc": statistics.median(sealed_times),
        "restore": statistics.median(restore_times),
        "restore_enc": statistics.median(sealed_restore_times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    setup_django()
    engine = "PostgreSQL" if ON_PG else "SQLite"
    print(f"Backup and restore on {engine} (median of {args.runs} run(s); in-process, no start-up)")
    results = [
        scenario("demo", populate_demo, args.runs),
        scenario(
            f"programme-{args.participants}",
            populate_programme(args.participants, args.seed),
            args.runs,
        ),
    ]
    print(
        f"{'data set':<18} {'tables':>6} {'rows':>8} {'archive':>10} "
        f"{'backup':>8} {'+enc':>8} {'restore':>8} {'+enc':>8}"
    )
    for r in results:
        print(
            f"{r['name']:<18} {r['tables']:>6} {r['rows']:>8} {r['size'] / 1e6:>8.2f}MB "
            f"{r['backup']:>7.2f}s {r['backup_enc']:>7.2f}s {r['restore']:>7.2f}s "
            f"{r['restore_enc']:>7.2f}s"
        )
    print("restore = load + check every table's rows and checksum against the manifest + ledger")


if __name__ == "__main__":
    main()
