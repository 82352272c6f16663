"""Test-only hooks for the worker crash tests (``test_reminder_crash.py``),
loaded by ``tests.meetings.crash_settings`` in a worker process started by a
test; never by the project.

- ``MessageIdLogBackend``: a mail backend that appends one line per message
  (its Message-ID) to a file, and with ``hang_after=N`` stops for good after
  writing the N-th line: the message is out, but the worker has not marked
  it sent when the test kills it.
- ``CrashHooksConfig``: with ``MENTORING_TEST_OUTBOX_LOG`` set, notes each new
  reminder e-mail in the outbox (its key) in that file; with
  ``MENTORING_TEST_OUTBOX_HANG_AFTER=N`` it stops for good right after the
  N-th one was inserted, inside the reminder's transaction (before the
  reminder is marked sent).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models.signals import post_save

#: "For good": longer than any test waits.
HANG_SECONDS = 600
REMINDER_PREFIXES = ("meeting:", "agenda:", "no-meeting:", "inactive:")


def _append(path: str, line: str) -> int:
    """Append a line and return how many lines the file has now."""
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return len(Path(path).read_text(encoding="utf-8").splitlines())


class MessageIdLogBackend(BaseEmailBackend):
    def __init__(self, *, log_path: str, hang_after: int = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.log_path = log_path
        self.hang_after = hang_after

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            lines = _append(self.log_path, str(message.extra_headers["Message-ID"]))
            if self.hang_after and lines == self.hang_after:
                time.sleep(HANG_SECONDS)
        return len(email_messages)


class CrashHooksConfig(AppConfig):
    name = "tests.meetings"
    label = "meetings_crash_hooks"
    verbose_name = "Crash test hooks"

    def ready(self) -> None:
        log_path = os.environ.get("MENTORING_TEST_OUTBOX_LOG")
        if not log_path:
            return
        hang_after = int(os.environ.get("MENTORING_TEST_OUTBOX_HANG_AFTER", "0"))
        from mentoring.common.models import OutboxMessage

        def noted(sender: Any, instance: OutboxMessage, created: bool, **kwargs: Any) -> None:
            if not created or not instance.key.startswith(REMINDER_PREFIXES):
                return
            lines = _append(log_path, instance.key)
            if hang_after and lines == hang_after:
                time.sleep(HANG_SECONDS)

        post_save.connect(noted, sender=OutboxMessage, weak=False)
