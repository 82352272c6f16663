"""Database expressions the results need that Django has no portable form for,
written for SQLite and PostgreSQL (the two databases the project supports),
so that ``metrics.py`` aggregates JSON values and dates in the database
instead of reading every row into Python.

- ``JsonInteger(field, key)``: the value of ``key`` in a JSON object when it is
  a whole number (not a boolean, not a decimal), else NULL: a mentee's rating
  of a benefit area in ``Participation.benefit_wishes``.
- ``JsonListHas(field, value)``: whether a JSON list of strings holds ``value``
  (``Meeting.roles_used``). SQLite has no containment operator (Django's
  ``contains`` lookup is not supported there) and its JSON functions parse the
  text again for each call, so it looks for the quoted string in the stored
  text, which Django writes with ``json.dumps``: for a list of strings,
  ``"coach"`` occurs in the text exactly when ``coach`` is an element (a quote
  inside a string is escaped as ``\\"``). PostgreSQL uses ``@>`` on ``jsonb``.
- ``DaysBetween(end, start)``: whole days from one date to another.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import BooleanField, Expression, Func, IntegerField
from django.db.models.expressions import Combinable


class JsonInteger(Func):
    output_field = IntegerField()

    def __init__(self, field: str | Combinable, key: str, **extra: Any) -> None:
        self.key = key
        super().__init__(field, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        field, params = compiler.compile(self.source_expressions[0])
        path = f'$."{self.key}"'
        sql = (
            f"CASE WHEN json_type({field}, %s) = 'integer' "
            f"THEN json_extract({field}, %s) ELSE NULL END"
        )
        return sql, [*params, path, *params, path]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        field, params = compiler.compile(self.source_expressions[0])
        # A JSON integer's text is digits only: 2.0 (a decimal in Python) is not counted.
        sql = (
            f"CASE WHEN jsonb_typeof(({field}) -> %s) = 'number' "
            f"AND (({field}) ->> %s) ~ '^-?[0-9]+$' "
            f"THEN (({field}) ->> %s)::numeric ELSE NULL END"
        )
        return sql, [*params, self.key, *params, self.key, *params, self.key]


class JsonListHas(Func):
    output_field = BooleanField()

    def __init__(self, field: str | Combinable, value: str, **extra: Any) -> None:
        self.value = value
        super().__init__(field, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        field, params = compiler.compile(self.source_expressions[0])
        return f"(instr({field}, %s) > 0)", [*params, json.dumps(self.value)]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        field, params = compiler.compile(self.source_expressions[0])
        return f"(({field}) @> %s::jsonb)", [*params, json.dumps([self.value])]


class DaysBetween(Func):
    output_field = IntegerField()

    def __init__(self, end: str | Expression, start: str | Expression, **extra: Any) -> None:
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return (
            f"CAST(julianday({end}) - julianday({start}) AS INTEGER)",
            [*end_params, *start_params],
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return f"(({end}) - ({start}))", [*end_params, *start_params]
