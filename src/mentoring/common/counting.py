"""Several counts in one query.

``count_together({"a": qs_a, "b": qs_b})`` is ``{"a": qs_a.count(), "b":
qs_b.count()}`` read with one ``SELECT (SELECT COUNT(*) FROM (…)), (…)``: each
queryset is compiled as it is (its filters, joins, ``distinct``, annotations
used in a filter) and its rows are counted, so a count is exactly what the
list built on the same queryset shows. For panels that put figures from
several lists side by side (the coordinator's to-do panel)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import connections
from django.db.models import QuerySet


def count_together(querysets: Mapping[str, QuerySet[Any]]) -> dict[str, int]:
    """Name -> number of rows of each queryset, in one query (none for no
    querysets). All querysets must use the same database."""
    if not querysets:
        return {}
    aliases = {queryset.db for queryset in querysets.values()}
    if len(aliases) != 1:
        raise ValueError("count_together needs querysets of one database")
    alias = aliases.pop()
    parts: list[str] = []
    params: list[Any] = []
    for index, queryset in enumerate(querysets.values()):
        rows = queryset.order_by().values("pk")
        sql, row_params = rows.query.get_compiler(using=alias).as_sql()
        # The ORM's own SQL of the queryset; every value stays a parameter.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})")  # noqa: S608
        params.extend(row_params)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(value or 0) for name, value in zip(querysets, row, strict=True)}
