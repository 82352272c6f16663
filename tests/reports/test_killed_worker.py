"""A report job whose worker is killed mid-render (SIGKILL, power loss).

The real worker (``manage.py worker --batch``) renders the job in its own
process against this test's database. The test holds the lock the worker's
next progress write waits for (SQLite: the database's write lock; PostgreSQL:
the job's row) while the job is being laid out, and kills the worker there.
A second worker's periodic tick reclaims the task (its reclaim limit is one
second here instead of 15 minutes), and the task's second attempt renders the
job again from the start: the page shows the progress reset and says why, the
job is finished once, with one file, and the coordinator downloads that PDF.

Starts worker processes (a few seconds each); ``MENTORING_SKIP_SLOW_TESTS=1``
leaves it out.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.programmes.models import Programme
from mentoring.reports.enums import ReportJobStatus, ReportStep
from mentoring.reports.jobs import STALE_MINUTES, report_jobs_fail_stale
from mentoring.reports.models import ReportJob
from tests.conftest import logged_in_client
from tests.reports.helpers import answer_final, pair, questionnaires
from tests.workers import start_worker, worker_env

WAIT = 120  # seconds, at most, for a worker (the first render imports WeasyPrint)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        bool(os.environ.get("MENTORING_SKIP_SLOW_TESTS")),
        reason="slow: starts worker processes",
    ),
]

Row = tuple[str, str, int, int]  # status, step, progress, attempt


@contextlib.contextmanager
def progress_held(job_id: int) -> Iterator[Row]:
    """Hold what the worker's next write of the job's progress waits for,
    from a connection of the test's own: on SQLite the database's write lock
    (``BEGIN IMMEDIATE``; the worker waits within its busy timeout), on
    PostgreSQL the job's row (``FOR UPDATE``). Yields the job's row as read
    inside the lock: the worker cannot move it on until the block ends."""
    query = f"SELECT status, step, progress, attempt FROM {ReportJob._meta.db_table} WHERE id = "  # noqa: S608
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        lite = sqlite3.connect(str(database["NAME"]), timeout=30, isolation_level=None)
        try:
            lite.execute("BEGIN IMMEDIATE")
            yield lite.execute(query + "?", [job_id]).fetchone()
        finally:
            lite.execute("ROLLBACK")
            lite.close()
        return
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )
    with psycopg.connect(url) as pg:
        try:
            row = pg.execute(query + "%s FOR UPDATE", [job_id]).fetchone()
            assert row is not None
            yield (str(row[0]), str(row[1]), int(row[2]), int(row[3]))
        finally:
            pg.rollback()


def wait_for(check: Callable[[], bool], worker: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        if worker.poll() is not None:
            _, stderr = worker.communicate()
            pytest.fail(f"the worker ended before {what}: {worker.returncode}\n{stderr}")
        if time.monotonic() > deadline:
            pytest.fail(f"waited {WAIT} s for {what}")
        time.sleep(0.01)


def at(job_id: int, **state: Any) -> Callable[[], bool]:
    return lambda: ReportJob.objects.filter(pk=job_id, **state).exists()


def stop(worker: subprocess.Popen[str]) -> None:
    if worker.poll() is None:
        os.kill(worker.pid, signal.SIGKILL)
    worker.communicate(timeout=30)


def test_a_job_whose_worker_was_killed_mid_render_is_made_again_and_downloaded_once(
    programme: Programme, coordinator: User, settings: Any, tmp_path: Path
) -> None:
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media  # the workers store here too (MEDIA_ROOT below)
    surveys = questionnaires(programme)
    for _index in range(3):
        answer_final(surveys, pair(programme), "mentee")
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    client = logged_in_client(coordinator)
    asked = client.post(reverse("reports:report_new", args=[programme.slug]), {"language": "en"})
    job = ReportJob.objects.get()
    assert asked["Location"] == reverse("reports:report_job", args=[programme.slug, job.pk])
    status_url = reverse("reports:report_status", args=[programme.slug, job.pk])
    env = worker_env(MEDIA_ROOT=str(media))

    # 1. The first worker lays the report out; held there, it is killed.
    first = start_worker(env)
    try:
        wait_for(at(job.pk, step=ReportStep.LAYOUT), first, "the layout step")
        with progress_held(job.pk) as row:
            assert row == (ReportJobStatus.RUNNING, ReportStep.LAYOUT, 45, 1)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=30)
    finally:
        stop(first)
    assert first.returncode == -signal.SIGKILL
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == "RUNNING" and len(task.worker_ids) == 1
    assert f":{first.pid}:" in task.worker_ids[0]
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempt, job.file.name) == ("running", 45, 1, "")
    # Its task is still there (the tick will give it back to the queue): the
    # "stopped" path leaves the job alone, however long it waits.
    later = timezone.now() + timedelta(minutes=STALE_MINUTES + 1)
    assert report_jobs_fail_stale(now=later) == 0

    # 2. A second worker: its tick reclaims the task, whose second attempt
    #    starts the job again from the start. Held once more, the page shows it.
    time.sleep(1.1)  # the task has run longer than this test's reclaim limit
    second = start_worker({**env, "TASK_RECLAIM_AFTER_SECONDS": "1"})
    try:
        wait_for(at(job.pk, attempt=2), second, "the second attempt")
        with progress_held(job.pk) as row:
            status, step, progress, attempt = row
            assert (status, attempt) == (ReportJobStatus.RUNNING, 2)
            assert progress < 45 and step in (ReportStep.FIGURES, ReportStep.CHARTS)
            partial = client.get(status_url).content.decode()
        assert f'value="{progress}"' in partial
        assert "being made again from the start" in partial
        assert 'hx-trigger="every 1s"' in partial
        _, stderr = second.communicate(timeout=WAIT)
    finally:
        stop(second)
    assert second.returncode == 0, stderr

    # 3. Finished once, by the second attempt, with one file.
    task.refresh_from_db()
    assert (task.status, task.return_value, len(task.worker_ids)) == ("SUCCESSFUL", "done", 2)
    assert f":{first.pid}:" not in task.worker_ids[1]
    job.refresh_from_db()
    assert (job.status, job.step, job.progress, job.attempt) == ("done", "done", 100, 2)
    folder = media / "report-jobs" / str(programme.pk)
    assert [p.name for p in folder.iterdir()] == [Path(job.file.name).name]
    made = AuditEntry.objects.filter(action="reports.report_made", object_id=str(job.pk))
    assert made.count() == 1
    restarted = AuditEntry.objects.get(action="reports.report_restarted")
    assert restarted.data == {"job": job.pk, "attempt": 2}

    # 4. The coordinator sees the report ready and downloads the one PDF.
    page = client.get(asked["Location"]).content.decode()
    assert "being made again" not in page and "hx-trigger" not in page
    download = client.get(reverse("reports:report_download", args=[programme.slug, job.pk]))
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF") and content == (media / job.file.name).read_bytes()
    assert len(content) == job.size
