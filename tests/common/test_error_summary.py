"""Every error summary is read once: the page's script focuses it, so none of
them carries a live role as well (role="alert" and the focus together made some
screen readers read it twice), nor a tabindex in its markup (the script adds
tabindex="-1" to focus it and removes it when the focus leaves)."""

from __future__ import annotations

import re
from pathlib import Path

from django.template.loader import render_to_string

import mentoring
from mentoring.accounts.forms import ProfileForm

SRC = Path(mentoring.__file__).resolve().parent
#: The opening tag of an element whose class list holds ``error-summary``.
SUMMARY_TAG = re.compile(r"<[a-z]+\b[^>]*\bclass=\"[^\"]*\berror-summary\b[^\"]*\"[^>]*>")


def summary_tags() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("templates/**/*.html")):
        tags = SUMMARY_TAG.findall(path.read_text(encoding="utf-8"))
        if tags:
            found[str(path.relative_to(SRC))] = tags
    return found


def test_no_error_summary_has_a_live_role_or_a_tabindex_in_its_markup() -> None:
    found = summary_tags()
    # The shared summary and the apps' own (application, agreement, roles
    # exercise, meetings, notes, homework, goals, trial, ranking, programme
    # settings, webhooks).
    assert "common/templates/common/error_summary.html" in found
    assert len(found) >= 12, sorted(found)
    wrong = {
        name: tag
        for name, tags in found.items()
        for tag in tags
        if re.search(r"\b(role|aria-live|tabindex|aria-labelledby)=", tag)
    }
    assert wrong == {}


def test_the_shared_summary_renders_without_a_live_role() -> None:
    form = ProfileForm(data={})
    assert not form.is_valid()
    html = render_to_string("common/error_summary.html", {"form": form})
    [tag] = SUMMARY_TAG.findall(html)
    assert tag == '<div class="form-errors error-summary">'
    assert "role=" not in html and "aria-live" not in html
    assert 'href="#id_' in html  # a link to each field in error
