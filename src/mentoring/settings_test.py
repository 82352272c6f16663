"""Test settings: the real settings with fast password hashing and in-memory mail."""

import os

os.environ.setdefault("MENTORING_ENV", "test")

from mentoring.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks run in the real database backend; tests drive the worker explicitly.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
