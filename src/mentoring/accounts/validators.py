"""Password validators beyond Django's (see AUTH_PASSWORD_VALIDATORS in the
settings): words that are easy to guess on this site."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _fold(text: str) -> str:
    """Lower case, letters and digits only: "Mentor-Ordning 2027" → "mentorordning2027"."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in text if char.isalnum())


class ProductWordsValidator:
    """Refuses a password that contains, ignoring case, spaces and punctuation:

    - one of ``words`` (by default the product's name, "Mentorordning");
    - the name of a programme on this site, in either language;
    - the person's e-mail address or the part of it before the @.

    Names shorter than ``min_length`` letters and digits are not checked, so a
    programme called "A" does not forbid the letter a.
    """

    def __init__(self, words: list[str] | None = None, min_length: int = 4) -> None:
        self.words = words if words is not None else ["Mentorordning"]
        self.min_length = min_length

    def _names(self) -> list[str]:
        names = list(self.words)
        if apps.is_installed("mentoring.programmes"):
            programme = apps.get_model("programmes", "Programme")
            for name_da, name_en in programme.objects.values_list("name_da", "name_en"):
                names += [name_da, name_en]
        return names

    def validate(self, password: str, user: Any = None) -> None:
        folded = _fold(password)
        for name in self._names():
            word = _fold(name)
            if len(word) >= self.min_length and word in folded:
                raise ValidationError(
                    _("The password must not contain “%(word)s”: it is easy to guess here."),
                    code="password_contains_product_word",
                    params={"word": name},
                )
        email = str(getattr(user, "email", "") or "")
        local_part = email.partition("@")[0]
        for part in (email, local_part):
            word = _fold(part)
            if len(word) >= self.min_length and word in folded:
                raise ValidationError(
                    _(
                        "The password must not contain your e-mail address or the part "
                        "before the @."
                    ),
                    code="password_contains_email",
                )

    def get_help_text(self) -> str:
        return _(
            "Your password must not contain the name of this service or of a programme, "
            "nor your e-mail address."
        )
