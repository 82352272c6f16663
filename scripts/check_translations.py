"""Fail when a Danish translation is missing, fuzzy or stale.

For every app with a ``locale/da`` catalogue, extract the messages of the
current source into a temporary copy (``makemessages``) and compare with the
committed catalogue: every message must be present and translated, and none
fuzzy. Also fails when an app has translatable strings but no catalogue, and
on a string split the way no gettext tool writes it (a non-empty first line
followed by continuation lines: what a line-based merge of two catalogues
leaves behind, gluing one entry's text to another's).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

#: A msgid/msgstr whose first line holds text and which continues on the next
#: line. makemessages and polib start a wrapped string with an empty "" line.
SPLICED = re.compile(r'^(msgid|msgstr|msgctxt) "[^"\n]+"\n"', re.MULTILINE)

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "mentoring"
PO = Path("locale/da/LC_MESSAGES/django.po")


def extract(app_dir: Path) -> polib.POFile | None:
    """Run makemessages on a copy of the app; return the fresh catalogue."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / app_dir.name
        shutil.copytree(
            app_dir, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static")
        )
        (copy / "locale").mkdir(exist_ok=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "mentoring.settings",
            "PYTHONPATH": str(SRC.parent),
        }
        # django-admin, not `python -m django`: the app folder holds modules
        # (selectors.py) that would shadow the standard library on sys.path.
        subprocess.run(
            [
                str(Path(sys.executable).parent / "django-admin"),
                "makemessages",
                "-l",
                "da",
                "--no-location",
                "-v",
                "0",
            ],
            cwd=copy,
            env=env,
            check=True,
        )
        fresh = copy / PO
        return polib.pofile(str(fresh)) if fresh.exists() else None


def main() -> int:
    problems: list[str] = []
    for app_dir in sorted(p for p in SRC.iterdir() if p.is_dir() and (p / "apps.py").exists()):
        fresh = extract(app_dir)
        fresh_ids = {(e.msgctxt, e.msgid) for e in fresh} if fresh else set()
        committed_path = app_dir / PO
        if not committed_path.exists():
            if fresh_ids:
                problems.append(f"{app_dir.name}: no Danish catalogue ({PO}); run `make messages`")
            continue
        text = committed_path.read_text(encoding="utf-8")
        for match in SPLICED.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            problems.append(f"{app_dir.name}: spliced entry at {PO}:{line} (a merge artefact)")
        committed = polib.pofile(str(committed_path))
        entries = {(e.msgctxt, e.msgid): e for e in committed if not e.obsolete}
        for key in sorted(fresh_ids - entries.keys(), key=str):
            problems.append(f"{app_dir.name}: missing from catalogue: {key[1]!r}")
        for key in sorted(fresh_ids & entries.keys(), key=str):
            entry = entries[key]
            if "fuzzy" in entry.flags:
                problems.append(f"{app_dir.name}: fuzzy translation: {entry.msgid!r}")
            elif not entry.translated():
                problems.append(f"{app_dir.name}: untranslated: {entry.msgid!r}")
    if problems:
        print("Danish translations are incomplete:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        print(
            "Run `make messages`, translate in src/mentoring/<app>/locale/da/, and retry.",
            file=sys.stderr,
        )
        return 1
    print("Danish translations: complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
