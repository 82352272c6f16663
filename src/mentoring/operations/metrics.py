"""Prometheus metrics (``prometheus-client``), served by ``/metrics``.

Per process, aggregated across gunicorn's workers in multiprocess mode
(``PROMETHEUS_MULTIPROC_DIR`` set before start, see deploy/): the request
latency histogram, by view name, method and status class
(``operations.middleware.RequestMetricsMiddleware``).

Read from the database at scrape time, so the same for every node: the task
queue's depth and the age of its oldest due task, e-mails in the outbox by
status, matching runs by status and a histogram of their durations.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from django.db import DatabaseError
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

REQUEST_LATENCY = Histogram(
    "mentoring_http_request_duration_seconds",
    "Time to answer an HTTP request, by view.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

RUN_BUCKETS = (0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0)


class DatabaseCollector(Collector):
    """Gauges read from the database on each scrape. When the database does
    not answer, ``mentoring_database_metrics_up`` is 0 and the rest is left
    out: the process metrics are still served."""

    def collect(self) -> Iterator[Metric]:
        try:
            metrics = list(self._collect())
        except DatabaseError:
            metrics = []
        yield GaugeMetricFamily(
            "mentoring_database_metrics_up",
            "1 when the database figures below could be read.",
            1 if metrics else 0,
        )
        yield from metrics

    def _collect(self) -> Iterator[Metric]:
        from django.tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        from mentoring.common.enums import OutboxStatus
        from mentoring.common.models import OutboxMessage
        from mentoring.matching.enums import RunStatus
        from mentoring.matching.models import MatchingRun

        now = timezone.now()
        ready = DBTaskResult.objects.ready()
        queue = ready.aggregate(depth=Count("id"), oldest=Min("enqueued_at"))
        yield GaugeMetricFamily(
            "mentoring_task_queue_depth", "Tasks due and waiting for a worker.", queue["depth"]
        )
        oldest = queue["oldest"]
        yield GaugeMetricFamily(
            "mentoring_task_queue_oldest_age_seconds",
            "Age of the oldest task due and waiting (0: none).",
            (now - oldest).total_seconds() if oldest else 0.0,
        )
        running = GaugeMetricFamily(
            "mentoring_tasks", "Tasks in the queue's table by status.", labels=["status"]
        )
        counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by())
        for status in TaskResultStatus:
            running.add_metric([str(status.value).lower()], counts.get(status.value, 0))
        yield running

        mail = GaugeMetricFamily(
            "mentoring_outbox_messages",
            "E-mails in the outbox by status (sent and failed ones until retention deletes them).",
            labels=["status"],
        )
        mail_counts = dict(
            OutboxMessage.objects.values_list("status").annotate(n=Count("id")).order_by()
        )
        for mail_status in OutboxStatus.values:
            mail.add_metric([mail_status], mail_counts.get(mail_status, 0))
        yield mail

        runs = GaugeMetricFamily(
            "mentoring_matching_runs", "Matching runs by status.", labels=["status"]
        )
        run_counts = dict(
            MatchingRun.objects.values_list("status").annotate(n=Count("id")).order_by()
        )
        for run_status in RunStatus.values:
            runs.add_metric([run_status], run_counts.get(run_status, 0))
        yield runs

        seconds = [
            float(s or 0.0)
            for s in MatchingRun.objects.filter(seconds__isnull=False).values_list(
                "seconds", flat=True
            )
        ]
        buckets = [(str(b), sum(1 for s in seconds if s <= b)) for b in RUN_BUCKETS]
        buckets.append(("+Inf", len(seconds)))
        yield HistogramMetricFamily(
            "mentoring_matching_run_duration_seconds",
            "Durations of the finished matching runs in the database.",
            buckets=buckets,
            sum_value=sum(seconds),
        )


def render() -> bytes:
    """The metrics in Prometheus' text format."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        process_part = generate_latest(registry)
    else:
        process_part = generate_latest(REGISTRY)
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector())
    return process_part + generate_latest(database)
