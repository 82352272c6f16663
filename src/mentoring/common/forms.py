"""How forms render: every field through one template, ``common/field.html``
(``{{ field.as_field_group }}``; settings.FORM_RENDERER)."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    field_template_name = "common/field.html"
