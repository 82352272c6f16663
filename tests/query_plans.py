"""The database's plan for a queryset, for tests that a read uses its indexes.

SQLite: ``EXPLAIN QUERY PLAN`` (a full scan shows as ``SCAN <table>``).
PostgreSQL: ``EXPLAIN`` with sequential scans discouraged, so the plan shows
an index when one can serve (``Seq Scan on <table>`` when none can)."""

from __future__ import annotations

from typing import Any

from django.db import connection


def query_plan(queryset: Any) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return " | ".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN {sql}", params)
            return " | ".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("SET enable_seqscan = on")
