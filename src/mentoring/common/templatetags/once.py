"""``{% once_field %}``: the hidden field that makes a form's POST count once
(``common.once``)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from mentoring.common.once import FIELD, once_value

register = template.Library()


@register.simple_tag
def once_field() -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, once_value())
