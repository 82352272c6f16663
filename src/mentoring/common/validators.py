"""Text that cannot be stored: one rule for every form and service.

PostgreSQL refuses NUL characters in text, and neither database driver can
encode a lone UTF-16 surrogate (U+D800–U+DFFF), so such a value that reached
the database would be a crash (or, on SQLite, a NUL quietly stored). Browsers
send a lone surrogate as U+FFFD, the replacement character, and Django decodes
bytes that are not UTF-8 to U+FFFD as well: it means the text was damaged on
its way in, so it is refused too, with a message saying what to do.

Django's ``forms.CharField`` already refuses NUL; ``CommonConfig.ready`` adds
:class:`ProhibitUnreadableCharactersValidator` to every ``forms.CharField``
(and so to every text field of every form, including the fields forms build at
run time). Services that take text call :func:`validate_storable_text`.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

UNREADABLE = re.compile("[\ud800-\udfff\ufffd]")


@deconstructible
class ProhibitUnreadableCharactersValidator:
    """Refuses lone surrogates and the replacement character U+FFFD."""

    message = _(
        "The text contains a character that cannot be read or stored (shown as �). "
        "Please remove it and try again."
    )
    code = "unreadable_character"

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and UNREADABLE.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProhibitUnreadableCharactersValidator)

    def __hash__(self) -> int:
        return hash(type(self))


prohibit_unreadable_characters = ProhibitUnreadableCharactersValidator()
prohibit_null_characters = ProhibitNullCharactersValidator()


def validate_storable_text(*values: str) -> None:
    """Raise ValidationError (with the same message a form shows) when one of
    ``values`` contains a NUL, a lone surrogate or U+FFFD."""
    for value in values:
        prohibit_null_characters(value)
        prohibit_unreadable_characters(value)
