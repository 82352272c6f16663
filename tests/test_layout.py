"""Rules of the layout that the import contracts (``lint-imports``, see
``[tool.importlinter]`` in pyproject.toml) do not check, or that deserve a plain
message in the test suite too:

* no source module outside migrations and demo data passes ``MAX_LINES`` lines
  (split a module into a package long before that: the house rule is ~400 lines);
* no app imports another app's views (``mentoring/urls.py``, which puts the apps'
  URL confs together, is the one exception);
* a package whose ``__init__`` docstring has a ``Modules:`` list names every one of
  its modules and subpackages there (as ``name``), so the list stays a true map.

Today's exceptions are listed below with the part of the architecture step (issue 13)
that removes them. An entry that is no longer needed fails too, so the lists only
shrink: delete the entry when its module is split or its import is gone."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import mentoring

SRC = Path(mentoring.__file__).resolve().parent

MAX_LINES = 600

#: Modules over MAX_LINES today (path under src/mentoring/).
TOO_LONG_TODAY: set[str] = set()

#: Imports of another app's views today: (importing module's path, imported module).
OTHER_APPS_VIEWS_TODAY: set[tuple[str, str]] = set()

#: The project's URL conf includes every app's URLs; it may import views.
PROJECT_URLCONF = "urls.py"


def _is_demo_data(relative: Path) -> bool:
    return relative.parts[0] == "demo" or relative.as_posix() in {
        "common/demo_data.py",
        "common/management/commands/seed_demo.py",
    }


def _source_modules() -> list[Path]:
    """Every Python module of the project, migrations excluded (relative to SRC)."""
    return sorted(
        path.relative_to(SRC) for path in SRC.rglob("*.py") if "migrations" not in path.parts
    )


def _module_name(relative: Path) -> str:
    parts = ["mentoring", *relative.with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(relative: Path) -> set[str]:
    """Every module the file imports, absolute, including ``from package import
    module`` (which imports ``package.module`` when that is a module)."""
    tree = ast.parse((SRC / relative).read_text(encoding="utf-8"), filename=str(relative))
    package = _module_name(relative)
    if relative.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(
                f"{module}.{alias.name}"
                for alias in node.names
                if _is_project_module(f"{module}.{alias.name}")
            )
    return found


def _is_project_module(dotted: str) -> bool:
    parts = dotted.split(".")
    if parts[0] != "mentoring":
        return False
    path = SRC.joinpath(*parts[1:])
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _views_app(module: str) -> str | None:
    """The app whose views ``module`` is (or is inside), else None."""
    parts = module.split(".")
    if len(parts) < 3 or parts[0] != "mentoring":
        return None
    if any(part == "views" or part.endswith("_views") for part in parts[2:]):
        return parts[1]
    return None


def test_no_source_module_passes_the_line_limit():
    too_long = set()
    for relative in _source_modules():
        if _is_demo_data(relative):
            continue
        lines = len((SRC / relative).read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long.add(relative.as_posix())
    new = sorted(too_long - TOO_LONG_TODAY)
    assert not new, (
        f"These modules pass {MAX_LINES} lines; split each into a package with one module "
        f"per part (docs/architecture.md): {new}"
    )
    done = sorted(TOO_LONG_TODAY - too_long)
    assert not done, (
        f"No longer over {MAX_LINES} lines (or gone): remove from TOO_LONG_TODAY: {done}"
    )


def test_no_app_imports_another_apps_views():
    found = set()
    for relative in _source_modules():
        if relative.as_posix() == PROJECT_URLCONF or len(relative.parts) < 2:
            continue
        app = relative.parts[0]
        for module in _imported_modules(relative):
            views_app = _views_app(module)
            if views_app is not None and views_app != app:
                found.add((relative.as_posix(), module))
    new = sorted(found - OTHER_APPS_VIEWS_TODAY)
    assert not new, (
        "An app imports another app's views; move what it needs to that app's selectors "
        f"or services (docs/architecture.md): {new}"
    )
    done = sorted(OTHER_APPS_VIEWS_TODAY - found)
    assert not done, f"Import gone: remove from OTHER_APPS_VIEWS_TODAY: {done}"


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
