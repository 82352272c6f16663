"""The person's own data as a ZIP (Art. 15): ``data.json`` and a readable
``summary.html``. Rows are found through the register; fields the register
excludes (secrets, other people's text) are left out."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.participants.models import Participation
from mentoring.privacy.registry import Entry, entries


@dataclass
class Section:
    label: str
    model: str
    purpose: str
    columns: list[tuple[str, str]]  # (field name, verbose name)
    rows: list[dict[str, Any]]


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def _columns(entry: Entry) -> list[tuple[str, str]]:
    columns = []
    for field in entry.model_class._meta.concrete_fields:
        if field.name in entry.export_exclude:
            continue
        name = field.attname if field.is_relation else field.name
        columns.append((name, str(field.verbose_name)))
    return columns


def _section(entry: Entry, user: User, pks: list[int]) -> Section:
    condition = entry.query(user=user, participations=pks, user_ids=[user.pk])
    rows = entry.model_class._default_manager.filter(condition)
    if entry.export_filter is not None:
        rows = rows.filter(entry.export_filter(user))
    columns = _columns(entry)
    data = [
        {name: _value(getattr(row, name)) for name, _label in columns}
        for row in rows.distinct().order_by("pk")
    ]
    if entry.export_row is not None:
        data = [entry.export_row(row, pks) for row in data]
    if entry.model == "programmes.Programme":  # the coordinated programmes, not their people
        columns = [c for c in columns if c[0] != "coordinators"]
    return Section(
        label=str(entry.model_class._meta.verbose_name_plural),
        model=entry.model,
        purpose=entry.purpose,
        columns=columns,
        rows=data,
    )


def export_sections(*, user: User) -> list[Section]:
    pks = list(Participation.objects.filter(user=user).values_list("pk", flat=True))
    return [_section(entry, user, pks) for entry in entries() if entry.export]


def export_zip(*, user: User) -> bytes:
    """The ZIP of the person's data. Side effects: audit entry ``privacy.exported``
    (who and when; never content)."""
    sections = export_sections(user=user)
    created = timezone.now()
    document = {
        "generated_at": created.isoformat(),
        "person": {"id": user.pk, "email": user.email, "full_name": user.full_name},
        "data": {
            section.model: {"purpose": section.purpose, "rows": section.rows}
            for section in sections
        },
    }
    summary = render_to_string(
        "privacy/export_summary.html",
        {"person": user, "sections": sections, "created": created},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(document, ensure_ascii=False, indent=2, default=str)
        )
        archive.writestr("summary.html", summary)
    log_action(
        actor=user,
        action="privacy.exported",
        obj=user,
        data={"rows": sum(len(s.rows) for s in sections)},
    )
    return buffer.getvalue()
