"""Start the real worker (``manage.py worker``) in a process of its own
against this test's database: the SQLite file of the run, or the PostgreSQL
test database. For tests that kill a worker mid-task."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def worker_env(settings_module: str = "mentoring.settings_test", **extra: str) -> dict[str, str]:
    """The environment of a worker process that sees this test's database
    (skips the test on an in-memory SQLite database), plus ``extra``."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, **extra}
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        if "memory" in str(database["NAME"]):
            pytest.skip("in-memory SQLite test database: another process cannot see it")
        env["SQLITE_PATH"] = str(database["NAME"])
        env.pop("DATABASE_URL", None)
    else:
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        )
    return env


def start_worker(env: dict[str, str]) -> subprocess.Popen[str]:
    """``manage.py worker --batch``: the periodic tick, then every due task."""
    return subprocess.Popen(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "worker", "--batch", "--verbosity", "0"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
