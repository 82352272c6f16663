"""``{{ value|percentage }}`` and ``{{ value|percentage:0 }}``: a value in
per cent (72.2, not 0.722) as "72,2 %" in Danish and "72.2 %" in English,
the number and the sign joined by a no-break space. Empty for no value."""

from __future__ import annotations

from typing import Any

from django import template

from mentoring.common.numbers import format_percent

register = template.Library()


@register.filter
def percentage(value: Any, decimals: Any = 1) -> str:
    if value is None or value == "":
        return ""
    try:
        return format_percent(float(value), int(decimals))
    except (TypeError, ValueError):
        return ""
