"""Settings for a worker process started by ``test_reminder_crash.py``: the
test settings, plus the test-only hooks of ``tests.meetings.crash_hooks``
(a mail backend that logs each Message-ID to ``MENTORING_TEST_MAIL_LOG`` and
can hang after the N-th message, and an outbox hook)."""

import os

from mentoring.settings_test import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.meetings.crash_hooks.CrashHooksConfig"]  # noqa: F405
MAILERS = {
    "default": {
        "BACKEND": "tests.meetings.crash_hooks.MessageIdLogBackend",
        "OPTIONS": {
            "log_path": os.environ["MENTORING_TEST_MAIL_LOG"],
            "hang_after": int(os.environ.get("MENTORING_TEST_MAIL_HANG_AFTER", "0")),
        },
    }
}
