"""Scheduled backups through the worker's periodic tick (interval and
retention count) and the erasure ledger written after each erasure."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from mentoring.common.tasks import periodic_tick
from mentoring.operations import crypto
from mentoring.operations.backups import backup_scheduled, backups_list
from mentoring.operations.ledger import erasure_ledger_ids, erasure_ledger_reapply
from mentoring.privacy.services import erase_person
from tests.factories import UserFactory


@pytest.fixture
def backup_folder(tmp_path: Path):
    folder = tmp_path / "backups"
    with override_settings(
        MENTORING_BACKUP_DIR=str(folder),
        MENTORING_BACKUP_INTERVAL_HOURS=24,
        MENTORING_BACKUP_KEEP=2,
        MENTORING_BACKUP_KEY="",
    ):
        yield folder


def test_the_periodic_tick_writes_a_backup_when_one_is_due(db: None, backup_folder: Path) -> None:
    periodic_tick.call()
    (first,) = backups_list(backup_folder)
    assert first.name.startswith("mentoring-") and first.name.endswith(".tar.gz")
    # The next tick, a minute later: not due.
    periodic_tick.call()
    assert backups_list(backup_folder) == [first]


def test_the_newest_backups_are_kept(db: None, backup_folder: Path) -> None:
    now = timezone.now()
    first = backup_scheduled(now=now)
    assert first is not None
    assert backup_scheduled(now=now + timedelta(hours=23)) is None
    second = backup_scheduled(now=now + timedelta(hours=25))
    third = backup_scheduled(now=now + timedelta(hours=50))
    assert second is not None and third is not None
    assert backups_list(backup_folder) == [second, third]
    assert not first.exists()


def test_scheduled_backups_are_encrypted_when_a_key_is_set(db: None, backup_folder: Path) -> None:
    with override_settings(MENTORING_BACKUP_KEY=crypto.generate_key()):
        path = backup_scheduled()
    assert path is not None and path.name.endswith(".tar.gz.enc")
    assert crypto.is_encrypted(path)


def test_without_a_backup_folder_nothing_is_written(db: None, tmp_path: Path) -> None:
    with override_settings(MENTORING_BACKUP_DIR=""):
        assert backup_scheduled() is None


def test_a_failing_backup_does_not_stop_the_tick(db: None, tmp_path: Path, caplog) -> None:
    (tmp_path / "file").write_text("a file where the folder should be")
    with override_settings(MENTORING_BACKUP_DIR=str(tmp_path / "file" / "backups")):
        periodic_tick.call()  # no exception
    assert "Scheduled backup failed" in caplog.text


def test_each_erasure_is_appended_to_the_ledger_ids_only(
    db: None, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    ledger = tmp_path / "ledger.jsonl"
    person = UserFactory(email="erase.me@example.org", full_name="Erika Eksempel")
    other = UserFactory(email="erase.too@example.org")
    with override_settings(MENTORING_ERASURE_LEDGER=str(ledger)):
        with django_capture_on_commit_callbacks(execute=True):
            erase_person(user=person, by=None)
        with django_capture_on_commit_callbacks(execute=True):
            erase_person(user=other, by=None)
        text = ledger.read_text()
        lines = [json.loads(line) for line in text.splitlines()]
        assert [entry["user_id"] for entry in lines] == [person.pk, other.pk]
        assert set(lines[0]) == {"user_id", "erased_at"}
        assert "erase.me" not in text and "Erika" not in text
        assert erasure_ledger_ids() == [person.pk, other.pk]
        # Re-applying to a database where they are already erased changes nothing.
        result = erasure_ledger_reapply()
        assert result.already == 2 and result.erased == []
        assert len(ledger.read_text().splitlines()) == 2


def test_no_ledger_line_when_the_erasure_is_rolled_back(
    db: None, tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    ledger = tmp_path / "ledger.jsonl"
    person = UserFactory()
    with override_settings(MENTORING_ERASURE_LEDGER=str(ledger)):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            erase_person(user=person, by=None)
        # Only the commit runs the callback that writes the line.
        assert not ledger.exists()
        assert len(callbacks) >= 1
