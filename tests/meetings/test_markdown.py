"""Notes are Markdown, rendered safely (``mentoring.meetings.markdown``):
formatting works, and HTML or script typed in a note is shown inert."""

from __future__ import annotations

import re
import time

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from mentoring.meetings.markdown import (
    ALLOWED_TAGS,
    MAX_LINK_SCAN,
    link_scan_cost,
    render_markdown,
)


def tags_in(html: str) -> set[str]:
    return {name.lower() for name in re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", html)}


def attributes_in(html: str) -> set[str]:
    """Every attribute name inside a tag."""
    names: set[str] = set()
    for tag in re.findall(r"<[a-zA-Z][^>]*>", html):
        names.update(name.lower() for name in re.findall(r"\s([a-zA-Z-]+)=", tag))
    return names


def test_formatting_is_rendered() -> None:
    html = render_markdown(
        "# Overskrift\n\nNoget **vigtigt** og *betonet*\nny linje\n\n"
        "- et punkt\n- et til\n\n1. først\n2. så\n\n> et citat\n\n`kode`\n\n"
        "```\nblok\n```\n\n[Artiklen](https://example.org/artikel) og <https://example.org>\n\n"
        "[Skriv](mailto:mette@example.org)"
    )
    assert "<h3>Overskrift</h3>" in html  # headings start below the page's own
    assert "<strong>vigtigt</strong>" in html
    assert "<em>betonet</em>" in html
    assert "<br>" in html  # a single line break is kept
    assert "<ul>\n<li>et punkt</li>" in html
    assert "<ol>\n<li>først</li>" in html
    assert "<blockquote>" in html
    assert "<code>kode</code>" in html
    assert "<pre><code>blok" in html
    assert (
        '<a href="https://example.org/artikel" rel="noopener noreferrer nofollow">Artiklen</a>'
        in html
    )
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">' in html
    assert '<a href="mailto:mette@example.org" rel="noopener noreferrer nofollow">' in html
    assert tags_in(html) <= ALLOWED_TAGS
    assert isinstance(html, SafeString)


def test_headings_never_reach_h1_or_h2() -> None:
    html = render_markdown("# Et\n\n## To\n\n### Tre\n\n###### Seks")
    assert tags_in(html) == {"h3", "h4", "h5", "h6"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert('xss')</script>", "&lt;script&gt;alert('xss')&lt;/script&gt;"),
        ('<img src="x" onerror="alert(1)">', '&lt;img src="x" onerror="alert(1)"&gt;'),
        ("<iframe src='https://evil.example'></iframe>", "&lt;iframe"),
        ('<a href="javascript:alert(1)">klik</a>', "&lt;a href="),
        ("<svg onload=alert(1)>", "&lt;svg onload=alert(1)&gt;"),
        ("<style>body { display: none }</style>", "&lt;style&gt;"),
        ("<div onclick='alert(1)'>hej</div>", "&lt;div onclick="),
    ],
)
def test_raw_html_is_shown_as_text(text: str, shown: str) -> None:
    html = render_markdown(text)
    assert shown in html  # what the person typed is visible, as text
    assert tags_in(html) == {"p"}
    assert not attributes_in(html)


@pytest.mark.parametrize(
    "text",
    [
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        "[klik]( javascript:alert(1) )",
        "[klik](&#106;avascript:alert(1))",
        "[klik](vbscript:msgbox(1))",
        "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[klik][ref]\n\n[ref]: javascript:alert(1)",
        "[klik](/relative/path)",
        "![billede](javascript:alert(1))",
        '[klik](https://example.org "titel" onclick=alert(1))',
    ],
)
def test_dangerous_links_lose_their_target(text: str) -> None:
    html = render_markdown(text)
    assert "klik" in html or "billede" in html  # the text stays
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(href.startswith(("https://", "http://", "mailto:")) for href in hrefs), html
    assert "javascript" not in "".join(hrefs).lower()
    assert "onclick" not in attributes_in(html)
    assert tags_in(html) <= ALLOWED_TAGS


def test_images_become_links_and_never_load() -> None:
    html = render_markdown("![Et diagram](https://tracker.example/pixel.gif)")
    assert "<img" not in html
    assert (
        '<a href="https://tracker.example/pixel.gif" rel="noopener noreferrer nofollow">'
        "Et diagram</a>" in html
    )


def test_every_link_gets_rel_and_no_other_attribute() -> None:
    html = render_markdown(
        "[a](https://a.example) [b](http://b.example 'titel') <https://c.example>"
    )
    assert html.count('rel="noopener noreferrer nofollow"') == 3
    assert attributes_in(html) == {"href", "rel"}


def test_code_shows_html_as_text() -> None:
    html = render_markdown("```\n<script>alert(1)</script>\n```\n\nog `<b>fed</b>`")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<code>&lt;b&gt;fed&lt;/b&gt;</code>" in html
    assert "script" not in tags_in(html)


def test_empty_text() -> None:
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_the_template_filter_renders_and_escapes() -> None:
    template = Template("{% load journal %}<div>{{ body|markdown_safe }}</div>")
    html = template.render(Context({"body": "**fed** <script>alert(1)</script>"}))
    assert html == ("<div><p><strong>fed</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p></div>")


def test_the_excerpt_filter_cuts_long_notes() -> None:
    template = Template("{% load journal %}{{ body|markdown_excerpt:40 }}")
    html = template.render(Context({"body": "Første ord " + "og så videre " * 20}))
    assert html.startswith("<p>Første ord")
    assert html.endswith("…</p>")
    assert len(html) < 60


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000,  # unclosed brackets: each scans to the end
        "![" * 5000,
        "[a](" * 5000,
        ("[" + "[]" * 50) * 200,  # unbalanced nesting
        "[" * 200 + "ord " * 4900,
    ],
)
def test_pathological_brackets_render_fast_as_plain_text(text: str) -> None:
    assert link_scan_cost(text) > MAX_LINK_SCAN
    started = time.perf_counter()
    html = render_markdown(text)
    assert time.perf_counter() - started < 0.5
    assert html.startswith("<p>")
    assert tags_in(html) <= {"p", "br"}


def test_deeply_nested_lists_do_not_crash() -> None:
    html = render_markdown("1. " * 3000 + "dybt")
    assert "dybt" in html
    assert tags_in(html) <= ALLOWED_TAGS


def test_ordinary_notes_with_links_are_markdown() -> None:
    text = "Se [artiklen](https://example.org/a) om (ledelse) :-( " * 300
    assert link_scan_cost(text) < MAX_LINK_SCAN
    html = render_markdown(text)
    assert html.count("<a href=") == 300
