"""Numbers as a reader of the active language expects them."""

from __future__ import annotations

from django.utils import formats

#: Between a number and its unit: the two never break apart ("72,2 %").
NO_BREAK_SPACE = "\u00a0"


def format_percent(value: float | int, decimals: int = 1) -> str:
    """``value`` per cent with the active language's decimal sign and a
    no-break space before the sign: "72,2 %" in Danish, "72.2 %" in English
    (one rule for both languages, so a figure never wraps between its number
    and its sign on a narrow screen)."""
    return formats.number_format(round(float(value), decimals), decimals) + NO_BREAK_SPACE + "%"
