"""Markdown for the journal, rendered safely.

A note is written in Markdown and shown as HTML. Two layers keep whatever a
person types inert:

1. **Markdown without raw HTML.** Python-Markdown passes raw HTML through by
   default; here its raw-HTML block and inline processors are switched off,
   so ``<script>`` or ``<iframe>`` typed in a note is shown as text. Images
   are switched off too (``![alt](url)`` becomes a plain link to ``url``): a
   note never loads anything from elsewhere. Headings are moved two levels down
   (``#`` → ``<h3>``), below the page's own ``<h1>`` and ``<h2>``.
2. **nh3 (ammonia) sanitising to an allow-list** of tags
   (``ALLOWED_TAGS``) with ``href`` on links as the only attribute, and only
   ``http``, ``https`` and ``mailto`` links (relative and ``javascript:``
   links lose their ``href``). Every link gets
   ``rel="noopener noreferrer nofollow"``.

The second layer alone would be safe; the first makes what people typed
visible instead of silently dropped.

Python-Markdown is slow on some inputs: each ``[`` scans ahead for its
closing ``]`` (and a link's ``(`` for its ``)``), so thousands of unclosed
brackets in a long note take seconds, and thousands of nested list markers
exhaust Python's recursion limit. ``render_markdown`` estimates that scanning
work first (``link_scan_cost``) and shows such a text as plain paragraphs
instead, as it does after a ``RecursionError``: the note stays readable and
the page stays fast. Use ``render_markdown`` in Python and
``{% load journal %}{{ note.body|markdown_safe }}`` in templates.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.inlinepatterns import IMAGE_LINK_RE, LinkInlineProcessor
from markdown.treeprocessors import Treeprocessor

#: The HTML a rendered note may contain.
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
    }
)
#: Attributes per tag (``rel`` is set by the sanitiser itself); "*" (none)
#: replaces ammonia's default of ``lang`` and ``title`` on every tag.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "*": set()}
#: The only link schemes kept; relative links are dropped as well.
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
#: Headings start here: the page around a note has its own h1 and h2.
HEADING_SHIFT = 2

#: Most characters the link parser may scan (about 0.1 s); above it a note
#: is shown as plain text (see the module's docstring).
MAX_LINK_SCAN = 300_000

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
# Python-Markdown's processors that pass raw HTML through or build images.
_RAW_HTML_PREPROCESSORS = ("html_block",)
_RAW_HTML_INLINE = ("html", "image_link", "image_reference", "short_image_ref")
# Where Python-Markdown registers its inline image processor.
_IMAGE_LINK_PRIORITY = 150


class _ShiftHeadings(Treeprocessor):
    """``#`` becomes ``<h3>``, ``##`` ``<h4>`` ... (at most ``<h6>``)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            level = _HEADINGS.get(element.tag)
            if level is not None:
                element.tag = f"h{min(level + HEADING_SHIFT, 6)}"


class _ImageAsLink(LinkInlineProcessor):
    """``![alt](url)`` becomes a link to ``url`` with the text ``alt``: a note
    never loads an image (no tracking pixels, nothing from elsewhere)."""


class _NoRawHtml(Extension):
    """Switch off raw HTML, turn images into links, shift headings."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        for name in _RAW_HTML_PREPROCESSORS:
            if name in md.preprocessors:
                md.preprocessors.deregister(name)
        for name in _RAW_HTML_INLINE:
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        md.inlinePatterns.register(
            _ImageAsLink(IMAGE_LINK_RE, md), "journal_image_link", _IMAGE_LINK_PRIORITY
        )
        md.treeprocessors.register(_ShiftHeadings(md), "journal_headings", 5)


def _markdown() -> markdown.Markdown:
    # A new instance per call: Markdown objects keep state between
    # conversions and are not safe to share between threads.
    return markdown.Markdown(
        extensions=[_NoRawHtml(), "sane_lists", "nl2br", "fenced_code"],
        output_format="html",
    )


def _scan_lengths(chunk: str, opening: str, closing: str, *, after: str = "") -> int:
    """Characters Python-Markdown scans from each ``opening`` (preceded by
    ``after``, when given) to its balancing ``closing``, or to the end of
    ``chunk`` when it has none: its parser counts nested brackets."""
    match: dict[int, int] = {}
    stack: list[int] = []
    for i, char in enumerate(chunk):
        if char == opening:
            stack.append(i)
        elif char == closing and stack:
            match[stack.pop()] = i
    total = 0
    for i, char in enumerate(chunk):
        if char == opening and (not after or (i > 0 and chunk[i - 1] == after)):
            total += match.get(i, len(chunk)) - i
    return total


def link_scan_cost(text: str) -> int:
    """An estimate of the characters Python-Markdown's link parser scans in
    ``text``: per paragraph, from every ``[`` to its balancing ``]`` and
    from every ``](`` to its balancing ``)`` (or the paragraph's end)."""
    total = 0
    for chunk in _BLANK_LINE.split(text):
        if "[" in chunk:
            total += _scan_lengths(chunk, "[", "]") + _scan_lengths(chunk, "(", ")", after="]")
    return total


def _plain(text: str) -> str:
    """``text`` as escaped paragraphs and line breaks, without Markdown."""
    return linebreaks(text, autoescape=True)


def sanitise_html(html: str) -> str:
    """Keep only the allow-listed tags, attributes and link schemes."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text: str | None) -> SafeString:
    """The note text ``text`` (Markdown) as sanitised HTML, safe to put in a
    page as it is."""
    if not text:
        return mark_safe("")
    text = str(text)
    if link_scan_cost(text) > MAX_LINK_SCAN:
        html = _plain(text)
    else:
        try:
            html = _markdown().convert(text)
        except RecursionError:
            html = _plain(text)
    return mark_safe(sanitise_html(html))  # noqa: S308 - sanitised by nh3 just above
