"""The worker killed mid-batch (issue 6, point 8): "enqueue many, kill the
worker process with SIGKILL mid-batch, restart: every reminder sent, and a
second copy only of the one whose sending was cut off, recognisable by its
stable Message-ID".

The real worker (``manage.py worker --batch``) runs in its own process
against this test's file database, with test-only hooks
(``tests.meetings.crash_hooks`` through ``tests.meetings.crash_settings``):
a mail backend that logs every Message-ID it sends to a file and can stop
for good after the N-th, and an outbox hook that can stop for good inside a
reminder's transaction. The test waits for the stop, kills the process with
SIGKILL, restarts the worker and counts.

Each test takes a few seconds (four worker start-ups in all); set
``MENTORING_SKIP_SLOW_TESTS=1`` to leave them out.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentoring.common.enums import OutboxStatus
from mentoring.common.mail import stale_claim_after
from mentoring.common.models import OutboxMessage
from mentoring.meetings.models import Reminder
from mentoring.meetings.services.reminders import meeting_reminders_schedule
from mentoring.programmes.models import Programme
from tests import workers
from tests.meetings.calendar_helpers import meeting, pair

PAIRS = (
    ("Anna Andersen", "Mads Madsen"),
    ("Bo Bech", "Nina Nielsen"),
    ("Carla Christensen", "Ole Olsen"),
    ("Dora Dahl", "Palle Poulsen"),
    ("Eva Eriksen", "Rasmus Rask"),
)
#: Reminders per pair: two meeting reminders and the mentee's agenda reminder.
TOTAL = 3 * len(PAIRS)
WAIT = 90  # seconds, at most, for a worker to reach its stop

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        bool(os.environ.get("MENTORING_SKIP_SLOW_TESTS")),
        reason="slow: starts the worker process four times",
    ),
]


def reminder_mail() -> list[OutboxMessage]:
    return [
        message
        for message in OutboxMessage.objects.order_by("pk")
        if message.key.startswith(("meeting:", "agenda:"))
    ]


def many_due_reminders(programme: Programme) -> list[Reminder]:
    """``TOTAL`` reminders, all due now; nothing else waits in the queue."""
    for mentee_name, mentor_name in PAIRS:
        item = meeting(pair(programme, mentee_name=mentee_name, mentor_name=mentor_name), days=10)
        meeting_reminders_schedule(meeting=item)
    Reminder.objects.update(due_at=timezone.now() - timedelta(minutes=1))
    # The mails of accepting the matches are not part of this test.
    OutboxMessage.objects.update(status=OutboxStatus.SENT, sent_at=timezone.now())
    DBTaskResult.objects.all().delete()
    reminders = list(Reminder.objects.order_by("pk"))
    assert len(reminders) == TOTAL
    return reminders


def worker_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = workers.worker_env(
        "tests.meetings.crash_settings",
        MENTORING_TEST_MAIL_LOG=str(tmp_path / "sent.log"),
        **extra,
    )
    env.pop("MENTORING_TEST_MAIL_DIR", None)
    return env


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def kill_when(path: Path, count: int, worker: subprocess.Popen[str]) -> None:
    """Wait until ``path`` has ``count`` lines (the worker has reached its
    stop), then SIGKILL the worker."""
    deadline = time.monotonic() + WAIT
    try:
        while len(lines(path)) < count:
            if worker.poll() is not None:
                _, stderr = worker.communicate()
                pytest.fail(f"the worker ended before its stop: {worker.returncode}\n{stderr}")
            if time.monotonic() > deadline:
                pytest.fail(f"the worker did not reach line {count} of {path.name}")
            time.sleep(0.02)
    finally:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
        worker.communicate(timeout=30)
    assert worker.returncode == -signal.SIGKILL


def run_worker_to_the_end(env: dict[str, str]) -> None:
    worker = workers.start_worker(env)
    try:
        _, stderr = worker.communicate(timeout=WAIT)
    finally:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
    assert worker.returncode == 0, stderr


def test_killed_while_sending_every_reminder_goes_out_and_only_the_cut_off_one_twice(
    programme: Programme, tmp_path: Path
) -> None:
    reminders = many_due_reminders(programme)
    sent_log = tmp_path / "sent.log"
    cut_off_at = 6

    # 1. The worker turns all reminders into mail, then sends them one by
    #    one; it stops for good right after sending the 6th: killed there.
    env = worker_env(tmp_path, MENTORING_TEST_MAIL_HANG_AFTER=str(cut_off_at))
    kill_when(sent_log, cut_off_at, workers.start_worker(env))

    assert Reminder.objects.count() == TOTAL
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
    outbox = reminder_mail()
    assert sorted(m.key for m in outbox) == sorted(r.key for r in reminders)
    by_status = Counter(m.status for m in outbox)
    assert by_status == {
        OutboxStatus.SENT: cut_off_at - 1,
        OutboxStatus.SENDING: 1,
        OutboxStatus.QUEUED: TOTAL - cut_off_at,
    }
    [cut_off] = [m for m in outbox if m.status == OutboxStatus.SENDING]
    assert lines(sent_log)[-1] == cut_off.message_id  # out, but not marked sent

    # 2. Ten minutes later the claim counts as cut off; the worker starts again.
    OutboxMessage.objects.filter(pk=cut_off.pk).update(
        claimed_at=timezone.now() - stale_claim_after() - timedelta(seconds=1)
    )
    run_worker_to_the_end(worker_env(tmp_path))

    outbox = reminder_mail()
    assert {m.status for m in outbox} == {OutboxStatus.SENT}
    assert len(outbox) == TOTAL  # no reminder lost, none mailed under a second key
    assert Reminder.objects.filter(sent_at__isnull=False).count() == TOTAL
    copies = Counter(lines(sent_log))
    assert set(copies) == {m.message_id for m in outbox}  # every reminder went out
    assert [mid for mid, n in copies.items() if n > 1] == [cut_off.message_id]
    assert copies[cut_off.message_id] == 2
    assert sum(copies.values()) == TOTAL + 1


def test_killed_inside_a_reminders_transaction_nothing_is_lost_or_doubled(
    programme: Programme, tmp_path: Path
) -> None:
    reminders = many_due_reminders(programme)
    outbox_log = tmp_path / "outbox.log"
    sent_log = tmp_path / "sent.log"
    cut_off_at = 6

    # 1. The worker stops for good inside the 6th reminder's transaction,
    #    right after inserting its e-mail into the outbox: killed there.
    env = worker_env(
        tmp_path,
        MENTORING_TEST_OUTBOX_LOG=str(outbox_log),
        MENTORING_TEST_OUTBOX_HANG_AFTER=str(cut_off_at),
    )
    kill_when(outbox_log, cut_off_at, workers.start_worker(env))

    # Five reminders are sent with their mail; the sixth's mail was rolled
    # back with its transaction, so it is still an unsent reminder.
    marked = set(Reminder.objects.filter(sent_at__isnull=False).values_list("key", flat=True))
    outbox = reminder_mail()
    assert len(marked) == cut_off_at - 1
    assert {m.key for m in outbox} == marked
    assert lines(outbox_log)[-1] not in marked
    assert lines(sent_log) == []  # delivery comes after the batch
    assert Reminder.objects.count() == TOTAL

    # 2. The worker starts again and finishes the batch and the deliveries.
    run_worker_to_the_end(worker_env(tmp_path))

    outbox = reminder_mail()
    assert sorted(m.key for m in outbox) == sorted(r.key for r in reminders)
    assert {m.status for m in outbox} == {OutboxStatus.SENT}
    assert Reminder.objects.filter(sent_at__isnull=False).count() == TOTAL
    copies = Counter(lines(sent_log))
    assert set(copies) == {m.message_id for m in outbox}
    assert set(copies.values()) == {1}  # nothing was cut off while sending: no copies
