"""``{{ person|display_name }}``: how a person is named wherever they are
listed. ``person`` is a user, or anything with a ``user`` (a participation):
the person's full name, else their e-mail address (an account without a
name yet), else "" (nobody). One rule, so no list shows an address where
the person has a name."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def display_name(person: Any) -> str:
    if person is None or person == "":
        return ""
    user = getattr(person, "user", person)
    name = (getattr(user, "full_name", "") or "").strip()
    return name or str(getattr(user, "email", "") or "")
