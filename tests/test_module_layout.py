"""The house's size and naming rules, checked on the source tree (issue 13).

- No source module is over ``MAX_LINES`` lines (migrations and demo data
  excepted): split it into a package whose modules say what they hold.
- A package whose ``__init__`` docstring has a ``Modules:`` list names every
  one of its modules and subpackages there (as ``name``), so the list stays a
  true map of the package.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "mentoring"
MAX_LINES = 600
#: Demo data is long by nature (the demo's people and texts).
EXEMPT_NAMES = {"demo_data.py", "seed_demo.py"}
#: Modules another part of issue 13 splits; absent ones are ignored, so an
#: entry can go once its module is a package.
PENDING = {"privacy/services.py"}


def source_modules() -> list[Path]:
    return sorted(
        path
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts
        and path.name not in EXEMPT_NAMES
        and "demo" not in path.relative_to(SRC).parts
    )


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_source_module_is_over_the_limit() -> None:
    too_long = {
        str(path.relative_to(SRC)): line_count(path)
        for path in source_modules()
        if line_count(path) > MAX_LINES and str(path.relative_to(SRC)) not in PENDING
    }
    assert too_long == {}


def docstring(package: Path) -> str:
    return ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""


def documented_packages() -> list[Path]:
    return sorted(
        init.parent
        for init in SRC.rglob("__init__.py")
        if "migrations" not in init.parts and "\nModules:\n" in docstring(init.parent)
    )


@pytest.mark.parametrize(
    "package", documented_packages(), ids=lambda p: str(p.relative_to(SRC)) or "mentoring"
)
def test_package_modules_list_names_every_module(package: Path) -> None:
    modules_list = docstring(package).split("\nModules:\n", 1)[1]
    named = set(re.findall(r"``(\w+)``", modules_list))
    members = {
        path.stem
        for path in package.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists() and path.name != "migrations")
    }
    assert sorted(members - named) == []
