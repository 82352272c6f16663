"""Template filters of the journal: ``{% load journal %}``.

``{{ note.body|markdown_safe }}`` renders a note's Markdown as sanitised HTML
(``mentoring.meetings.markdown``); whatever HTML or script the text holds is
shown inert.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from mentoring.meetings.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown_safe")
def markdown_safe(value: str | None) -> SafeString:
    """Markdown ``value`` as sanitised HTML, safe to output as it is."""
    return render_markdown(value)


#: Characters of a note's text shown in the journal's list.
EXCERPT_LENGTH = 400


@register.filter(name="markdown_excerpt")
def markdown_excerpt(value: str | None, length: int = EXCERPT_LENGTH) -> SafeString:
    """The beginning of Markdown ``value`` (about ``length`` characters, cut
    at a word) as sanitised HTML, for lists of notes."""
    text = str(value or "")
    if len(text) > length:
        cut = text[:length].rsplit(None, 1)[0] if " " in text[:length] else text[:length]
        text = cut.rstrip() + " …"
    return render_markdown(text)
