"""Test settings: the real settings with fast password hashing and in-memory mail."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("MENTORING_ENV", "test")

from mentoring.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
if os.environ.get("MENTORING_TEST_MAIL_DIR"):
    # A worker started as a separate process by a test writes its mail here.
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": os.environ["MENTORING_TEST_MAIL_DIR"]},
        }
    }
# Webhook receivers in the tests listen on loopback.
WEBHOOKS_ALLOW_LOOPBACK = True
WEBHOOKS_TIMEOUT = float(os.environ.get("WEBHOOKS_TIMEOUT", "5"))
# Tasks run in the real database backend; tests drive the worker explicitly.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not memory, so that a worker process started by a test sees it.
    # One file per test run, so that parallel runs never share a database.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"mentoring-test-{os.getpid()}.sqlite3")
    }

# Files the tests store (reports made by the worker) never land in var/media:
# one folder per test run (a site started by a test sets its own MEDIA_ROOT).
if not os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = Path(tempfile.gettempdir()) / f"mentoring-test-media-{os.getpid()}"

# Erasures in tests never reach the development erasure ledger in var/ (a later
# restore there would erase whoever has those ids): one file per test run.
if not os.environ.get("MENTORING_ERASURE_LEDGER"):
    MENTORING_ERASURE_LEDGER = os.path.join(
        tempfile.gettempdir(), f"mentoring-test-ledger-{os.getpid()}.jsonl"
    )
