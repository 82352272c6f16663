"""``{% table_region %}``: the one wrapper around every data table on a page.

A table wider than the screen (on a phone most are) scrolls sideways inside
this region instead of making the whole page scroll. The region can be
focused (so keyboard users can scroll it with the arrow keys) and is named
(so screen readers announce what it holds)::

    {% load tables %}
    {% table_region labelledby="runs-caption" %}
      <table><caption id="runs-caption">...</caption>...</table>
    {% endtable_region %}

``labelledby`` is the id of the table's caption or heading; ``label`` is a
text instead, when there is neither. Exactly one of the two is required.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.template.context import Context
from django.utils.html import format_html

register = template.Library()

ARGUMENTS = ("labelledby", "label")


class TableRegionNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str, value: FilterExpression) -> None:
        self.nodelist = nodelist
        self.name = name
        self.value = value

    def render(self, context: Context) -> str:
        value: Any = self.value.resolve(context)
        if not value:
            raise template.TemplateSyntaxError(f"table_region: {self.name} is empty")
        attribute = "aria-labelledby" if self.name == "labelledby" else "aria-label"
        return format_html(
            '<div class="table-wrap" role="region" tabindex="0" {}="{}">{}</div>',
            attribute,
            value,
            self.nodelist.render(context),
        )


@register.tag("table_region")
def table_region(parser: Parser, token: Token) -> TableRegionNode:
    bits = token.split_contents()
    arguments = template.base.token_kwargs(bits[1:], parser)
    if len(bits) != 2 or len(arguments) != 1 or next(iter(arguments)) not in ARGUMENTS:
        raise template.TemplateSyntaxError(
            'table_region takes one argument: labelledby="caption-id" or label="text"'
        )
    [(name, value)] = arguments.items()
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode(nodelist, name, value)
