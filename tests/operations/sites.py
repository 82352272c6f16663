"""Throw-away installations for the backup tests: each a database (a SQLite
file, or a database on the PostgreSQL server of ``DATABASE_URL`` when the
suite runs on PostgreSQL), a data folder, a media folder, driven through
``manage.py`` in a separate process like an operator would."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _pg_admin() -> Any:
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    return psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True)


@dataclass
class Site:
    name: str
    root: Path
    ledger: Path
    database_url: str = ""
    sqlite_path: Path | None = None
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, name: str, root: Path, ledger: Path) -> Site:
        site = cls(name=name, root=root / name, ledger=ledger)
        site.root.mkdir(parents=True)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "SQLITE_PATH", "MENTORING_BACKUP_KEY"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="mentoring.settings_test",
            MENTORING_ENV="test",
            MENTORING_VAR_DIR=str(site.root / "var"),
            MEDIA_ROOT=str(site.root / "media"),
            MENTORING_ERASURE_LEDGER=str(ledger),
        )
        if on_postgresql():
            database = f"ops_{name}_{uuid.uuid4().hex[:8]}"
            with _pg_admin() as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
            url = urlsplit(os.environ["DATABASE_URL"])
            site.database_url = urlunsplit(url._replace(path=f"/{database}"))
            env["DATABASE_URL"] = site.database_url
        else:
            site.sqlite_path = site.root / "mentoring.sqlite3"
            env["SQLITE_PATH"] = str(site.sqlite_path)
        site.env = env
        return site

    def drop(self) -> None:
        if self.database_url:
            database = urlsplit(self.database_url).path.lstrip("/")
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    def manage(
        self, *args: str, extra_env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env={**self.env, **(extra_env or {})},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def shell(self, code: str) -> subprocess.CompletedProcess[str]:
        result = self.manage("shell", "-c", code)
        assert result.returncode == 0, result.stderr
        return result

    # --- What is in the database, read independently of the app --------------

    def _connect(self) -> Any:
        if self.sqlite_path is not None:
            return sqlite3.connect(self.sqlite_path)
        import psycopg

        conn = psycopg.connect(self.database_url)
        conn.execute("SET TIME ZONE 'UTC'")
        return conn

    def _tables(self, conn: Any) -> list[str]:
        if self.sqlite_path is not None:
            sql = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        return sorted(row[0] for row in conn.execute(sql).fetchall())

    def rows(self, where: dict[str, str] | None = None) -> dict[str, tuple[int, str]]:
        """Every table's row count and a SHA-256 of its rows (sorted, so
        independent of order); ``where`` adds a condition per table."""
        conn = self._connect()
        try:
            result = {}
            for table in self._tables(conn):
                condition = (where or {}).get(table, "")
                sql = f'SELECT * FROM "{table}"' + (f" WHERE {condition}" if condition else "")  # noqa: S608
                lines = sorted(
                    repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                    for row in conn.execute(sql).fetchall()
                )
                digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
                result[table] = (len(lines), digest)
            return result
        finally:
            conn.close()

    def text(self) -> str:
        """Every value of every row as text (to look for a person's traces)."""
        conn = self._connect()
        try:
            parts = []
            for table in self._tables(conn):
                for row in conn.execute(f'SELECT * FROM "{table}"').fetchall():  # noqa: S608
                    parts.append(repr(row))
            return "\n".join(parts)
        finally:
            conn.close()
