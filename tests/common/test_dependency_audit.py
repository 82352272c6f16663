"""`make audit` (scripts/audit.py): the pinned requirements against a vulnerability
database, and a clear, failing answer when no database can be reached."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "audit.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_script", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_without_a_reachable_database_the_audit_says_so_and_fails() -> None:
    # A proxy on a closed port: neither OSV nor PyPI answers, whatever the network.
    closed = "http://127.0.0.1:9"
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(HTTPS_PROXY=closed, HTTP_PROXY=closed, https_proxy=closed, http_proxy=closed)

    result = subprocess.run(  # noqa: S603
        [sys.executable, str(SCRIPT), str(ROOT / "requirements" / "base.txt")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 3, result.stdout + result.stderr
    assert "AUDIT NOT DONE: no vulnerability database reachable" in result.stdout
    assert "No known vulnerabilities" not in result.stdout


def test_packages_the_database_did_not_know_are_not_counted_as_safe() -> None:
    audit = load_script()
    everything_skipped = {
        "dependencies": [
            {"name": "django", "skip_reason": "Dependency not found on PyPI: django (6.1.3)"},
            {"name": "weasyprint", "skip_reason": "Dependency not found on PyPI"},
        ]
    }
    partly = {
        "dependencies": [
            {"name": "django", "version": "6.1.3", "vulns": []},
            {"name": "weasyprint", "skip_reason": "Dependency not found on PyPI"},
        ]
    }

    assert audit.summarise(everything_skipped).exit_code == 3
    summary = audit.summarise(partly)
    assert summary.exit_code == 4
    assert summary.checked == ["django 6.1.3"]
    assert summary.unchecked == ["weasyprint: Dependency not found on PyPI"]


def test_a_known_vulnerability_fails_the_audit_and_names_the_fix() -> None:
    audit = load_script()
    report = {
        "dependencies": [
            {"name": "django", "version": "6.1.3", "vulns": []},
            {
                "name": "pillow",
                "version": "1.0",
                "vulns": [{"id": "PYSEC-2099-1", "fix_versions": ["1.1"]}],
            },
        ]
    }

    summary = audit.summarise(report)

    assert summary.exit_code == 1
    assert summary.vulnerable == ["pillow 1.0: PYSEC-2099-1 (fixed in: 1.1)"]
    clean = audit.summarise({"dependencies": [{"name": "django", "version": "6.1.3"}]})
    assert clean.exit_code == 0
