"""Fixtures shared by the whole suite: one person per role.

Roles (see docs/permissions.md): anonymous, user (signed in, no role),
coordinator (of programme A), other_coordinator (of programme B only),
superuser. The programmes issue adds mentee and mentor.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from mentoring.accounts.models import User
from mentoring.programmes.models import Programme
from tests.factories import ProgrammeFactory, UserFactory, activate_totp

# The suite runs on shared 2-core machines beside other work: a property test's
# examples are judged by their assertions, not by the wall clock (Hypothesis's
# 200 ms deadline and "too slow" data generation failed runs under load).
hypothesis_settings.register_profile(
    "mentoring", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("mentoring")

# Browser tests drive a live server from the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


MEDIA_PREFIX = "mentoring-test-media-"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _remove_orphaned_media(folder: Path) -> None:
    """Media folders of earlier test processes that are gone: a run killed
    before its end (a SIGKILL or SIGTERM skips the session's teardown)."""
    for path in folder.glob(MEDIA_PREFIX + "*"):
        suffix = path.name.removeprefix(MEDIA_PREFIX)
        if suffix.isdigit() and not _process_alive(int(suffix)):
            shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def _remove_test_media() -> Iterator[None]:
    """The run's stored files go when the run ends.

    settings_test gives every process that loads it a folder of its own pid
    (``mentoring-test-media-<pid>``), and that included the processes a test
    starts with the test settings (``manage.py worker``, gunicorn): a worker
    that stored a report made a folder no run removed (and the test could not
    see the file). So the run's folder is taken at the start, not read from
    the settings at the end (whatever a test's override left there), and
    handed to those processes through ``MEDIA_ROOT`` (the erasure ledger
    likewise, ``MENTORING_ERASURE_LEDGER``); the run removes both at the end,
    and the media folders of earlier runs killed before their end when it
    starts (tests/test_test_media.py)."""
    from django.conf import settings

    pid = os.getpid()
    root = Path(settings.MEDIA_ROOT)
    ours = root.name == f"{MEDIA_PREFIX}{pid}"
    ledger = Path(str(getattr(settings, "MENTORING_ERASURE_LEDGER", "")))
    ours_ledger = ledger.name == f"mentoring-test-ledger-{pid}.jsonl"
    exported = {"MEDIA_ROOT": str(root) if ours else None}
    exported["MENTORING_ERASURE_LEDGER"] = str(ledger) if ours_ledger else None
    previous = {name: os.environ.get(name) for name in exported}
    if ours:
        _remove_orphaned_media(root.parent)
    for name, value in exported.items():
        if value is not None:
            os.environ[name] = value
    yield
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if ours:
        shutil.rmtree(root, ignore_errors=True)
    if ours_ledger:
        ledger.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """Rate-limit counters live in the cache: start every test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _reset_language() -> Iterator[None]:
    """A page rendered for an English reader leaves English active in the
    thread; the next test starts in the default language again (a test's
    outcome must not depend on the one before it)."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def user(db: None) -> User:
    return UserFactory(email="user@example.org", full_name="Ulla Bruger")


@pytest.fixture
def coordinator(db: None) -> User:
    person = UserFactory(email="coordinator@example.org", full_name="Karen Koordinator")
    activate_totp(person)
    return person


@pytest.fixture
def other_coordinator(db: None) -> User:
    person = UserFactory(email="other.coordinator@example.org", full_name="Ole Anden")
    activate_totp(person)
    return person


@pytest.fixture
def superuser(db: None) -> User:
    person = UserFactory(email="admin@example.org", full_name="Sara Superbruger")
    person.is_staff = True
    person.is_superuser = True
    person.save(update_fields=["is_staff", "is_superuser"])
    activate_totp(person)
    return person


@pytest.fixture
def programme(coordinator: User) -> Programme:
    return ProgrammeFactory(
        slug="programme-a", name_da="Mentorordning A", coordinators=[coordinator]
    )


@pytest.fixture
def other_programme(other_coordinator: User) -> Programme:
    return ProgrammeFactory(
        slug="programme-b", name_da="Mentorordning B", coordinators=[other_coordinator]
    )


def _accepted(person: User, programme: Programme, role: str) -> User:
    from mentoring.participants.models import Participation

    Participation.objects.create(
        programme=programme,
        user=person,
        role=role,
        status="accepted",
        capacity=2 if role == "mentor" else None,
    )
    return person


@pytest.fixture
def mentee(programme: Programme) -> User:
    """An accepted mentee in programme A."""
    return _accepted(
        UserFactory(email="mentee@example.org", full_name="Mette Mentee"), programme, "mentee"
    )


@pytest.fixture
def mentor(programme: Programme) -> User:
    """An accepted mentor in programme A."""
    return _accepted(
        UserFactory(email="mentor@example.org", full_name="Morten Mentor"), programme, "mentor"
    )


def logged_in_client(person: User) -> Client:
    """A client whose session is fully authenticated (password and, where the
    person has it, MFA), as after a real login."""
    client = Client()
    client.force_login(person)
    return client
