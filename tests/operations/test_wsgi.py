"""Starting the WSGI application loads every view (no request pays for the
imports) and leaves the start-up objects out of later collections."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wsgi_module_loads_the_views_at_start(tmp_path: Path) -> None:
    script = (
        "import gc, sys\n"
        "import mentoring.wsgi\n"
        "print('mentoring.provisioning.views.scim' in sys.modules, gc.get_freeze_count() > 0)\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT / "src",
        env={
            "PATH": "/usr/bin:/bin",
            "MENTORING_ENV": "test",
            "DJANGO_SETTINGS_MODULE": "mentoring.settings_test",
            "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
            "PYTHONPATH": str(ROOT / "src"),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["True", "True"]
