"""The mail outbox: one send path, recipient's language, idempotent keys,
worker delivery with retries and backoff, staff view."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentoring.accounts.models import User
from mentoring.common import mail as outbox
from mentoring.common.enums import OutboxStatus
from mentoring.common.models import OutboxMessage
from mentoring.programmes.models import Programme
from mentoring.programmes.services import programme_add_coordinator
from tests.factories import ProgrammeFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
# A port where nothing listens: the SMTP mailer gets "connection refused".
pytestmark = pytest.mark.django_db

BROKEN_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
    }
}


def run_worker() -> None:
    """Run the real django-tasks-db worker in this process until the queue is
    empty. It closes connections between tasks, so tests that use it run
    outside a wrapping transaction (``transaction=True``)."""
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


@pytest.fixture
def danish_and_english(db: None) -> tuple[User, User]:
    return (
        UserFactory(email="dansk@example.dk", full_name="Dorthe Dansk", language="da"),
        UserFactory(email="english@example.org", full_name="Emma English", language="en"),
    )


def test_mail_is_rendered_in_the_recipients_language(
    danish_and_english: tuple[User, User], django_capture_on_commit_callbacks
) -> None:
    danish, english = danish_and_english
    programme = ProgrammeFactory(name_da="Mentorordning 2027", name_en="Mentoring programme 2027")
    with django_capture_on_commit_callbacks(execute=True):
        programme_add_coordinator(programme=programme, user=danish, by=None)
        programme_add_coordinator(programme=programme, user=english, by=None)
    da = OutboxMessage.objects.get(to_email=danish.email)
    en = OutboxMessage.objects.get(to_email=english.email)
    assert da.language == "da"
    assert da.subject == "[Mentorordning] Du er nu koordinator for Mentorordning 2027"
    assert "to-faktor-godkendelse" in da.body_text
    assert en.language == "en"
    assert en.subject == "[Mentorordning] You are now a coordinator of Mentoring programme 2027"
    assert "two-factor authentication" in en.body_text


@pytest.mark.django_db(transaction=True)
def test_mail_is_stored_and_sent_by_the_worker_with_a_stable_message_id(
    danish_and_english: tuple[User, User], django_capture_on_commit_callbacks
) -> None:
    danish, _ = danish_and_english
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.mail_queue(
            key="coordinator-added:test",
            template="coordinator_added",
            recipient=danish,
            context={"programme_name_da": "Forløb", "programme_name_en": "Course"},
        )
    assert message.status == OutboxStatus.QUEUED
    assert mail.outbox == []  # nothing is sent in the request
    assert DBTaskResult.objects.count() == 1
    run_worker()
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.sent_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [danish.email]
    assert sent.subject == message.subject
    assert sent.extra_headers["Message-ID"] == message.message_id
    assert message.message_id.startswith(f"<outbox-{message.pk}.")


@pytest.mark.django_db(transaction=True)
def test_the_same_key_never_sends_twice(
    danish_and_english: tuple[User, User], django_capture_on_commit_callbacks
) -> None:
    danish, _ = danish_and_english
    context = {"programme_name_da": "A", "programme_name_en": "A"}
    with django_capture_on_commit_callbacks(execute=True):
        first = outbox.mail_queue(
            key="once", template="coordinator_added", recipient=danish, context=context
        )
        second = outbox.mail_queue(
            key="once", template="coordinator_added", recipient=danish, context=context
        )
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    run_worker()
    # A duplicate task for the same row (a task may run twice) sends nothing more.
    assert outbox.mail_deliver(message_id=first.pk) is None
    assert len(mail.outbox) == 1


def test_failed_sending_is_retried_with_backoff_then_marked_failed(
    settings, django_capture_on_commit_callbacks
) -> None:
    settings.MAILERS = BROKEN_SMTP
    settings.OUTBOX_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.mail_store(
            key="retry-me", to_email="x@example.org", subject="S", body_text="B", language="da"
        )
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.mail_deliver(message_id=message.pk) == OutboxStatus.QUEUED
    message.refresh_from_db()
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    assert message.next_attempt_at is not None
    assert message.next_attempt_at >= before + timedelta(minutes=1)
    # Not due yet: a second delivery attempt does nothing.
    assert outbox.mail_deliver(message_id=message.pk) is None
    # The retry task was enqueued to run after the backoff.
    retry_task = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert retry_task is not None and retry_task.run_after is not None
    assert retry_task.run_after == message.next_attempt_at
    for expected_attempts in (2, 3):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            outbox.mail_deliver(message_id=message.pk)
        message.refresh_from_db()
        assert message.attempts == expected_attempts
    assert message.status == OutboxStatus.FAILED
    assert message.next_attempt_at is None
    assert outbox.backoff(1) < outbox.backoff(2) < outbox.backoff(3)


@pytest.mark.django_db(transaction=True)
def test_staff_see_failed_mail_and_can_retry_it(
    settings, superuser: User, django_capture_on_commit_callbacks
) -> None:
    settings.OUTBOX_MAX_ATTEMPTS = 1
    settings.MAILERS = BROKEN_SMTP
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.mail_store(
            key="will-fail",
            to_email="fail@example.org",
            subject="Broken",
            body_text="B",
            language="da",
        )
        outbox.mail_deliver(message_id=message.pk)
        sent = outbox.mail_store(
            key="fine", to_email="ok@example.org", subject="Fine", body_text="B", language="da"
        )
    OutboxMessage.objects.filter(pk=sent.pk).update(status=OutboxStatus.SENT)
    client = Client()
    client.force_login(superuser)
    page = client.get(reverse("common:outbox"), {"status": "failed"}).content.decode()
    assert "fail@example.org" in page
    assert "ConnectionRefusedError" in page
    assert "ok@example.org" not in page
    all_page = client.get(reverse("common:outbox")).content.decode()
    assert "ok@example.org" in all_page and "fail@example.org" in all_page
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("common:outbox_retry", args=[message.pk]), follow=True)
    assert "sendt igen" in response.content.decode()
    run_worker()
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert [m.to for m in mail.outbox] == [["fail@example.org"]]


def test_outbox_list_query_count_does_not_grow_with_rows(
    superuser: User, django_assert_max_num_queries
) -> None:
    client = Client()
    client.force_login(superuser)
    outbox.mail_store(
        key="one", to_email="1@example.org", subject="s", body_text="b", language="da"
    )
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("common:outbox"))
    for n in range(30):
        outbox.mail_store(
            key=f"k{n}",
            to_email=f"{n}@example.org",
            subject="s",
            body_text="b",
            language="da",
            recipient=superuser,
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("common:outbox"))


@pytest.mark.django_db(transaction=True)
def test_a_claim_cut_off_by_a_killed_worker_is_sent_again_with_the_same_message_id(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.mail_store(
            key="cut-off", to_email="c@example.org", subject="S", body_text="B", language="da"
        )
    # A worker claimed the row and died before marking it sent.
    claimed_at = timezone.now() - outbox.stale_claim_after() - timedelta(seconds=1)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING, claimed_at=claimed_at
    )
    assert outbox.mail_deliver(message_id=message.pk) is None  # still claimed
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.mail_requeue_due() == 1
    run_worker()
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message.message_id]


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_sends_queued_mail(tmp_path: Path, programme: Programme) -> None:
    """The real worker command, in its own process, against the test database."""
    message = outbox.mail_store(
        key="subprocess", to_email="w@example.org", subject="Hej", body_text="Tekst", language="da"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentoring.settings_test",
        "MENTORING_TEST_MAIL_DIR": str(tmp_path),
    }
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        env["SQLITE_PATH"] = str(database["NAME"])
        if "memory" in str(database["NAME"]) or database["NAME"] == ":memory:":
            pytest.skip("in-memory SQLite test database: another process cannot see it")
    else:
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        )
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "worker", "--batch"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    assert message.message_id in files[0].read_text()
