"""One Danish translation per message across the apps' catalogues (issue 17, point 6).

Django merges the catalogues of all installed apps into one: when two apps
translate the same msgid (and msgctxt) differently, the app listed first in
``INSTALLED_APPS`` wins on every page, so the other app's pages silently show
a word nobody chose for them (a homework item "Færdig" because the matching
run's status said so). This test loads every app's Danish ``.po`` and fails
when one msgid (+ msgctxt, + plural) has different translations in different
catalogues. Where one English word truly needs two Danish words, the code
uses ``pgettext`` with a context, which makes them two messages.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import polib
from django.conf import settings

SRC = Path(__file__).resolve().parents[2] / "src" / "mentoring"
PO = Path("locale/da/LC_MESSAGES/django.po")

Key = tuple[str | None, str, str]


def our_catalogues() -> list[tuple[str, Path]]:
    """The project's apps with a Danish catalogue, in ``INSTALLED_APPS`` order."""
    found = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("mentoring."):
            continue
        path = SRC / app.removeprefix("mentoring.") / PO
        if path.exists():
            found.append((app, path))
    return found


def translations(path: Path) -> dict[Key, tuple[str, ...]]:
    result = {}
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.translated():
            continue
        if entry.msgid_plural:
            value = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
        else:
            value = (entry.msgstr,)
        result[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = value
    return result


def collisions(catalogues: list[tuple[str, Path]]) -> dict[Key, dict[str, tuple[str, ...]]]:
    seen: dict[Key, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for app, path in catalogues:
        for key, value in translations(path).items():
            seen[key][app] = value
    return {key: by_app for key, by_app in seen.items() if len(set(by_app.values())) > 1}


def test_every_app_with_texts_is_checked() -> None:
    apps = [app for app, _path in our_catalogues()]
    assert len(apps) >= 15, apps
    assert "mentoring.meetings" in apps and "mentoring.reports" in apps


def test_one_msgid_has_one_danish_translation_in_every_catalogue() -> None:
    found = collisions(our_catalogues())
    report = [
        f"{(ctx + ' | ') if ctx else ''}{msgid!r}: "
        + "; ".join(
            f"{app.removeprefix('mentoring.')}={'/'.join(v)!r}" for app, v in by_app.items()
        )
        for (ctx, msgid, _plural), by_app in sorted(found.items(), key=str)
    ]
    assert not report, "One msgid, several Danish translations:\n" + "\n".join(report)


def test_the_check_would_catch_two_translations(tmp_path: Path) -> None:
    def catalogue(name: str, msgstr: str, msgctxt: str | None = None) -> Path:
        po = polib.POFile()
        po.append(polib.POEntry(msgid="Done", msgstr=msgstr, msgctxt=msgctxt))
        path = tmp_path / f"{name}.po"
        po.save(str(path))
        return path

    two = [("a", catalogue("a", "Færdig")), ("b", catalogue("b", "Udført"))]
    assert list(collisions(two)) == [(None, "Done", "")]
    with_context = [("a", catalogue("c", "Færdig", "run status")), two[1]]
    assert collisions(with_context) == {}
