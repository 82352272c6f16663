"""Regenerate the documentation the tests check against the code:
the permission table in docs/permissions.md (from tests/permission_matrix.py)
and docs/privacy.md (from the privacy register). ``make docs`` runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def permissions() -> None:
    table = subprocess.run(
        [sys.executable, "-m", "tests.permission_matrix"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.rstrip("\n")
    path = ROOT / "docs" / "permissions.md"
    lines = path.read_text().split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("| URL name | method"))
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    lines[start:end] = table.split("\n")
    path.write_text("\n".join(lines))


def privacy() -> None:
    subprocess.run([sys.executable, "-m", "mentoring.privacy.registry"], cwd=ROOT, check=True)


if __name__ == "__main__":
    permissions()
    privacy()
    print("Updated docs/permissions.md and docs/privacy.md")
