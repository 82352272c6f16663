"""The pieces of the phone layout (issue 17.4) that need no browser: the
``{% table_region %}`` wrapper every data table sits in, and the
``percentage`` filter (number and sign joined by a no-break space)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from mentoring.common.numbers import format_percent

SRC = Path(__file__).resolve().parents[2] / "src" / "mentoring"
NBSP = "\u00a0"


def render(source: str, **context: object) -> str:
    return Template("{% load tables numbers %}" + source).render(Context(context))


def test_a_table_region_is_focusable_and_labelled_by_its_caption() -> None:
    html = render(
        '{% table_region labelledby="runs-caption" %}<table><caption id="runs-caption">'
        "Runs</caption></table>{% endtable_region %}"
    )
    assert html == (
        '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="runs-caption">'
        '<table><caption id="runs-caption">Runs</caption></table></div>'
    )


def test_a_table_region_takes_a_label_from_the_context_escaped() -> None:
    html = render(
        "{% table_region label=name %}<table></table>{% endtable_region %}",
        name='Svar & "roller"',
    )
    assert 'aria-label="Svar &amp; &quot;roller&quot;"' in html
    assert 'role="region" tabindex="0"' in html


@pytest.mark.parametrize(
    "tag",
    [
        "{% table_region %}",
        '{% table_region title="x" %}',
        '{% table_region labelledby="a" label="b" %}',
    ],
)
def test_a_table_region_needs_exactly_one_name(tag: str) -> None:
    with pytest.raises(TemplateSyntaxError):
        render(tag + "{% endtable_region %}")


def test_an_empty_name_is_refused_when_rendered() -> None:
    with pytest.raises(TemplateSyntaxError):
        render("{% table_region label=missing %}<table></table>{% endtable_region %}")


#: Files whose tables are not pages of the site: PDFs (printed, no scrolling)
#: and the person's own data export (a standalone file in a ZIP).
NOT_PAGES = {"agreement_pdf.html", "report_pdf.html", "export_summary.html"}


def test_every_table_of_the_site_sits_in_a_table_region() -> None:
    """One pattern everywhere: a new table without the wrapper fails here."""
    unwrapped = []
    for path in SRC.rglob("templates/**/*.html"):
        if path.name in NOT_PAGES or "/mail/" in str(path) or "/email/" in str(path):
            continue
        text = path.read_text()
        depth = 0
        for token in re.finditer(r"\{% (end)?table_region\b|<table\b", text):
            if token.group(0).startswith("<table"):
                if depth == 0:
                    unwrapped.append(str(path.relative_to(SRC)))
            else:
                depth += -1 if token.group(1) else 1
    assert unwrapped == []
    assert 'class="table-wrap"' not in "".join(
        p.read_text() for p in SRC.rglob("templates/**/*.html") if p.name not in NOT_PAGES
    )


@pytest.mark.parametrize(
    ("language", "value", "decimals", "expected"),
    [
        ("da", 72.22, 1, "72,2" + NBSP + "%"),
        ("en", 72.22, 1, "72.2" + NBSP + "%"),
        ("da", 100, 1, "100,0" + NBSP + "%"),
        ("da", 33.5, 0, "34" + NBSP + "%"),
        ("en", 0, 0, "0" + NBSP + "%"),
    ],
)
def test_a_percentage_has_the_locales_decimal_sign_and_a_no_break_space(
    language: str, value: float, decimals: int, expected: str
) -> None:
    with translation.override(language):
        assert format_percent(value, decimals) == expected
        assert render("{{ value|percentage:decimals }}", value=value, decimals=decimals) == expected


def test_the_percentage_filter_shows_nothing_for_no_value() -> None:
    with translation.override("da"):
        assert render("{{ value|percentage }}", value=None) == ""
        assert render("{{ value|percentage }}", value="–") == ""
        assert render("{{ value|percentage }}", value=45) == "45,0" + NBSP + "%"


def test_the_dashboard_cells_use_the_same_percentage() -> None:
    from mentoring.reports.tables import percent_cell

    with translation.override("da"):
        cell = percent_cell(13, 18)
    assert cell.text == "72,2" + NBSP + "%"
    assert cell.value == 72.2
