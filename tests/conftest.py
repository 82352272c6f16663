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


@pytest.fixture(scope="session", autouse=True)
def _remove_test_media() -> Iterator[None]:
    """The run's stored files (settings_test: a folder per test process) go
    when the run ends."""
    yield
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    if root.name.startswith("mentoring-test-media-"):
        shutil.rmtree(root, ignore_errors=True)


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
