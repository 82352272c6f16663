"""The register's entry types live on the ground floor (``common.privacy_register``):
an app declares its personal data without importing the ``privacy`` app."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from mentoring.privacy.registry import APP_MODULES


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_apps_privacy_module_imports_the_privacy_app() -> None:
    offenders = {}
    for app in APP_MODULES:
        if app == "mentoring.privacy":
            continue
        module = importlib.import_module(f"{app}.privacy")
        imported = _imported_modules(Path(str(module.__file__)))
        wrong = sorted(
            n for n in imported if n == "mentoring.privacy" or n.startswith("mentoring.privacy.")
        )
        if wrong:
            offenders[app] = wrong
    assert offenders == {}
