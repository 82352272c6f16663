"""Upper limits of the texts people type, in one place.

Every form text field names a ``max_length`` (the browser stops at it and
Django's message says how long the text is); services that take text without
a form check it with ``length_error``. ``tests/common/test_text_limits.py``
fails when a form field or a free-text column has no limit.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

#: A name, a title, a line: what fits in a database CharField of 200.
SHORT_TEXT = 200
#: A reason, a comment, an answer of a few paragraphs.
MEDIUM_TEXT = 2_000
#: A long description, e.g. the programme's public description.
LONG_TEXT = 10_000
#: A list of e-mail addresses typed one per line.
ADDRESS_LIST = 5_000


def length_error(value: str | None, limit: int) -> str:
    """The message for ``value`` when it is longer than ``limit``, else ""."""
    length = len(value or "")
    if length <= limit:
        return ""
    return _("The text can have at most %(limit)s characters; it has %(length)s.") % {
        "limit": number_format(limit, force_grouping=True),
        "length": number_format(length, force_grouping=True),
    }


def list_error(values: list[str] | None, *, max_items: int, max_item_length: int) -> str:
    """The message for a list of short texts (goals, tags) that breaks a limit, else ""."""
    values = list(values or [])
    if len(values) > max_items:
        return _("Give at most %(limit)s items.") % {"limit": max_items}
    if any(len(str(value)) > max_item_length for value in values):
        return _("Each item can have at most %(limit)s characters.") % {
            "limit": number_format(max_item_length, force_grouping=True)
        }
    return ""
