"""How forms render: every field through one template, ``common/field.html``
(``{{ field.as_field_group }}``; settings.FORM_RENDERER)."""

from __future__ import annotations

from typing import Any

from django.forms import NumberInput
from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    field_template_name = "common/field.html"


class TidyNumberInput(NumberInput):
    """A number field that shows "3" for 3.0 and "3.5" for 3.5 (the browser
    shows "3,5" in Danish): Django writes a float as "3.0", which reads as a
    decimal the person never typed. Rounded to 4 decimals, so 0.1 + 0.2 is
    not shown as 0.30000000000000004."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, float):
            text = f"{value:.4f}".rstrip("0").rstrip(".")
            return "0" if text in ("", "-0") else text
        return super().format_value(value)
