"""``/healthz``, ``/readyz`` (with the worker heartbeat the periodic tick
writes) and the protected Prometheus ``/metrics``."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from mentoring.common.models import OutboxMessage
from mentoring.common.tasks import periodic_tick
from mentoring.operations import selectors
from mentoring.operations.jsonlog import JsonFormatter
from mentoring.operations.models import WorkerHeartbeat
from mentoring.operations.services import heartbeat_record

TOKEN = "metrics-token-for-the-tests-0123456789"


def test_healthz_answers_without_the_database(client: Client) -> None:
    # No ``db`` fixture: any database access would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_waits_for_a_worker_heartbeat(db: None, client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True
    assert body["checks"]["worker"] == {"ok": False, "detail": "no heartbeat"}

    # The worker's periodic tick records the heartbeat.
    periodic_tick.call()
    assert WorkerHeartbeat.objects.count() == 1
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@override_settings(MENTORING_READYZ_WORKER_MAX_AGE=120)
def test_readyz_fails_when_the_heartbeat_is_old(db: None, client: Client) -> None:
    heartbeat_record(name="worker-a", now=timezone.now() - timedelta(seconds=121))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False
    heartbeat_record(name="worker-b", now=timezone.now() - timedelta(seconds=30))
    assert client.get("/readyz").status_code == 200


def test_old_heartbeats_are_forgotten(db: None) -> None:
    heartbeat_record(name="gone", now=timezone.now() - timedelta(days=2))
    heartbeat_record(name="alive")
    assert list(WorkerHeartbeat.objects.values_list("name", flat=True)) == ["alive"]


def test_readyz_fails_when_the_cache_is_unreachable(db: None, tmp_path) -> None:
    (tmp_path / "file").write_text("not a folder")
    caches_setting = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # A cache whose folder cannot be created: every write fails.
        "broken": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "file" / "cache"),
        },
    }
    with override_settings(CACHES=caches_setting):
        assert selectors.check_cache("default").ok is True
        broken = selectors.check_cache("broken")
    assert broken.ok is False
    assert broken.detail == "NotADirectoryError"


def test_readyz_reports_unapplied_migrations(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "_migrations_applied", False)
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder(connection).record_unapplied("operations", "0001_worker_heartbeat")
    check = selectors.check_migrations()
    assert check.ok is False
    assert check.detail == "1 unapplied"


def test_metrics_is_off_without_a_token(db: None, client: Client) -> None:
    assert client.get("/metrics").status_code == 404


@override_settings(MENTORING_METRICS_TOKEN=TOKEN)
def test_metrics_needs_the_bearer_token(db: None, client: Client, superuser) -> None:
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    # A signed-in superuser is no substitute for the token.
    client.force_login(superuser)
    assert client.get("/metrics").status_code == 401


@override_settings(MENTORING_METRICS_TOKEN=TOKEN)
def test_metrics_report_requests_queue_mail_and_matching(db: None, client: Client, user) -> None:
    from mentoring.common.tasks import periodic_tick as tick

    client.get(reverse("home"))
    client.get(reverse("home"))
    tick.enqueue()
    tick.enqueue()
    OutboxMessage.objects.create(
        key="m1", to_email="a@example.org", subject="s", body_text="b", status="sent"
    )
    OutboxMessage.objects.create(
        key="m2", to_email="b@example.org", subject="s", body_text="b", status="failed"
    )
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.content.decode()
    lines = dict(
        line.rsplit(" ", 1) for line in text.splitlines() if line and not line.startswith("#")
    )
    count = 'mentoring_http_request_duration_seconds_count{method="GET",status="2xx",view="home"}'
    assert float(lines[count]) >= 2
    assert float(lines["mentoring_database_metrics_up"]) == 1
    assert float(lines["mentoring_task_queue_depth"]) == 2
    assert float(lines["mentoring_task_queue_oldest_age_seconds"]) >= 0
    assert float(lines['mentoring_outbox_messages{status="sent"}']) == 1
    assert float(lines['mentoring_outbox_messages{status="failed"}']) == 1
    assert 'mentoring_matching_run_duration_seconds_bucket{le="+Inf"}' in lines


def test_json_logs_are_one_object_per_line() -> None:
    record = logging.LogRecord(
        "mentoring.x", logging.WARNING, __file__, 1, "hello %s", ("world",), None
    )
    record.status_code = 503
    line = JsonFormatter().format(record)
    data = json.loads(line)
    assert data["message"] == "hello world"
    assert data["level"] == "WARNING"
    assert data["logger"] == "mentoring.x"
    assert data["status_code"] == 503
    assert "\n" not in line
