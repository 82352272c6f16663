"""Reads of the operations app: the readiness checks behind ``/readyz``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.crypto import get_random_string

from mentoring.operations.models import WorkerHeartbeat


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str = ""


#: Once every migration is applied it stays so for the life of the process
#: (a new migration comes with new code, i.e. a restart): checked until true.
_migrations_applied = False


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return Check(False, type(error).__name__)
    return Check(True)


def check_migrations() -> Check:
    global _migrations_applied
    if _migrations_applied:
        return Check(True)
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return Check(False, type(error).__name__)
    if plan:
        return Check(False, f"{len(plan)} unapplied")
    _migrations_applied = True
    return Check(True)


def check_cache(alias: str = "default") -> Check:
    key = f"readyz:{get_random_string(12)}"
    try:
        cache = caches[alias]
        cache.set(key, "1", 10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as error:  # any backend error means "not reachable"
        return Check(False, type(error).__name__)
    return Check(value == "1", "" if value == "1" else "value not read back")


def newest_heartbeat() -> datetime | None:
    return WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()


def check_worker(*, now: datetime | None = None) -> Check:
    limit = settings.MENTORING_READYZ_WORKER_MAX_AGE
    if limit <= 0:
        return Check(True, "not checked")
    try:
        seen = newest_heartbeat()
    except DatabaseError as error:
        return Check(False, type(error).__name__)
    if seen is None:
        return Check(False, "no heartbeat")
    age = ((now or timezone.now()) - seen).total_seconds()
    return Check(age <= limit, f"{age:.0f}s")


def readiness() -> dict[str, Check]:
    database = check_database()
    if not database.ok:
        skipped = Check(False, "database unreachable")
        return {
            "database": database,
            "migrations": skipped,
            "cache": check_cache(),
            "worker": skipped,
        }
    return {
        "database": database,
        "migrations": check_migrations(),
        "cache": check_cache(),
        "worker": check_worker(),
    }
