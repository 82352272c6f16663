"""The database side of a backup: a consistent copy, its statistics (row
count and a checksum of the rows of every table) and putting a copy back.

SQLite: the online backup API (``sqlite3.Connection.backup``), never a file
copy of a live database; ``PRAGMA integrity_check`` on the copy. PostgreSQL:
``pg_dump -Fc`` inside an exported snapshot, so that the statistics describe
exactly the rows of the dump; ``pg_restore`` in one transaction.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

#: Tables that ``migrate`` fills by itself: rows there do not make a database
#: "not empty" for a restore.
MIGRATE_FILLED = frozenset({"django_migrations", "django_content_type", "auth_permission"})
DUMP_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class DatabaseError(Exception):
    """A copy or restore of the database failed; the message says why."""


@dataclass(frozen=True)
class TableStats:
    rows: int
    checksum: str


def vendor() -> str:
    return str(connections["default"].vendor)


# --- Statistics ------------------------------------------------------------


def _normalise(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _checksum(rows: Iterable[tuple[Any, ...]]) -> TableStats:
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update(repr(tuple(_normalise(v) for v in row)).encode("utf-8"))
        digest.update(b"\n")
        count += 1
    return TableStats(rows=count, checksum=digest.hexdigest())


def _fetch(cursor: Any, sql: str) -> Iterable[tuple[Any, ...]]:
    cursor.execute(sql)
    while batch := cursor.fetchmany(2000):
        yield from batch


def _qi(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_stats(path: Path) -> dict[str, TableStats]:
    """Row count and checksum of every table of the SQLite file ``path``."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
        ]
        stats = {}
        for table in tables:
            columns = db.execute(f"PRAGMA table_info({_qi(table)})").fetchall()
            keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]]
            order = ", ".join(_qi(k) for k in keys) or ", ".join(
                str(i + 1) for i in range(len(columns))
            )
            stats[table] = _checksum(
                _fetch(db.cursor(), f"SELECT * FROM {_qi(table)} ORDER BY {order}")  # noqa: S608
            )
        return stats
    finally:
        db.close()


def _pg_stats(conn: Any) -> dict[str, TableStats]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
    stats: dict[str, TableStats] = {}
    for table in tables:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
                [_qi(table)],
            )
            keys = [row[0] for row in cursor.fetchall()]
        order = ", ".join(_qi(k) for k in keys) or "1"
        # A server-side cursor: a large table is read in batches.
        with conn.cursor(name=f"stats_{len(stats)}") as cursor:
            stats[table] = _checksum(
                _fetch(cursor, f"SELECT * FROM {_qi(table)} ORDER BY {order}")  # noqa: S608
            )
    return stats


def _pg_params() -> dict[str, Any]:
    db = settings.DATABASES["default"]
    params = {
        "dbname": db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": str(db["PORT"]) if db.get("PORT") else None,
    }
    return {k: v for k, v in params.items() if v is not None}


def _pg_connect() -> Any:
    import psycopg

    conn = psycopg.connect(**_pg_params())
    conn.execute("SET TIME ZONE 'UTC'")
    conn.commit()
    return conn


def live_stats() -> dict[str, TableStats]:
    """Statistics of the configured database as it is now."""
    if vendor() == "sqlite":
        connections["default"].close()
        return sqlite_stats(Path(settings.DATABASES["default"]["NAME"]))
    conn = _pg_connect()
    try:
        return _pg_stats(conn)
    finally:
        conn.close()


# --- PostgreSQL programs -----------------------------------------------------


def pg_program(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: from ``MENTORING_PG_BIN_DIR``, else the
    newest Debian PostgreSQL, else the PATH (the same lookup as
    ``scripts/with-postgres.sh``)."""
    configured = getattr(settings, "MENTORING_PG_BIN_DIR", "")
    candidates = [Path(configured) / name] if configured else []
    candidates += sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
        reverse=True,
    )
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise DatabaseError(
            f"{name} was not found. Install PostgreSQL's client programs "
            "(Debian: postgresql-client) or set MENTORING_PG_BIN_DIR."
        )
    return found


def _pg_env() -> dict[str, str]:
    env = dict(os.environ)
    params = _pg_params()
    if "password" in params:
        env["PGPASSWORD"] = params["password"]
    return env


def _pg_args() -> list[str]:
    params = _pg_params()
    args = []
    for option, key in (("-h", "host"), ("-p", "port"), ("-U", "user")):
        if key in params:
            args += [option, params[key]]
    return [*args, "-d", params["dbname"]]


def _run(command: list[str]) -> None:
    result = subprocess.run(  # noqa: S603
        command, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise DatabaseError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


# --- Copy --------------------------------------------------------------------


def _latest(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in rows:
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def dump(target: Path) -> tuple[dict[str, TableStats], dict[str, str]]:
    """Write a consistent copy of the database to ``target``; return the
    statistics of exactly that copy and its schema (the latest applied
    migration per app)."""
    if vendor() == "sqlite":
        source_path = settings.DATABASES["default"]["NAME"]
        source = sqlite3.connect(source_path, timeout=30)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        check = sqlite3.connect(target)
        try:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise DatabaseError(f"The copy failed its integrity check: {result}")
            schema = _latest(check.execute("SELECT app, name FROM django_migrations"))
        finally:
            check.close()
        return sqlite_stats(target), schema
    import psycopg

    conn = psycopg.connect(**_pg_params())
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        conn.execute("SET TIME ZONE 'UTC'")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        command = [pg_program("pg_dump"), "-Fc", f"--snapshot={snapshot}", "-f", str(target)]
        _run([*command, *_pg_args()])
        stats = _pg_stats(conn)
        with conn.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            schema = _latest(cursor.fetchall())
        conn.rollback()
        return stats, schema
    finally:
        conn.close()


def non_empty_tables() -> list[str]:
    """Tables of the configured database that hold rows ``migrate`` did not write."""
    connection = connections["default"]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        found = []
        for table in tables:
            if table in MIGRATE_FILLED:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                found.append(table)
    return found


def load(source: Path) -> None:
    """Put the copy ``source`` into the configured (empty) database."""
    connections.close_all()
    if vendor() == "sqlite":
        target_path = settings.DATABASES["default"]["NAME"]
        Path(target_path).parent.mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(target_path, timeout=30)
        try:
            copy.backup(target)
        finally:
            target.close()
            copy.close()
        return
    _run(
        [
            pg_program("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            *_pg_args(),
            str(source),
        ]
    )
