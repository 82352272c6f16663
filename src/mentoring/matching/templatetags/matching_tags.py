"""Number formats of the matching pages, in the reader's locale."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()

MINUS = "\u2212"


@register.filter
def signed(value: Any, digits: int = 2) -> str:
    """A difference with a real minus sign (U+2212) or a plus: "+0,10", "0,00"."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    text = floatformat(abs(number), digits)
    if round(number, int(digits)) == 0:
        return text
    return f"{MINUS if number < 0 else '+'}{text}"


@register.filter
def score(value: Any) -> str:
    """A 0-1 score with two decimals ("0,73")."""
    try:
        return floatformat(float(value), 2)
    except (TypeError, ValueError):
        return ""


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None
