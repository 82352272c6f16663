"""What ``restore`` refuses, and why, before it touches the database: a
damaged or altered file, a wrong or missing key, a backup of a newer schema
or of another engine, a database that is not empty."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from mentoring.common.models import AuditEntry
from mentoring.operations import crypto
from mentoring.operations.backups import BackupError, backup_create, backup_restore
from tests.factories import UserFactory

KEY = crypto.generate_key()
OTHER_KEY = crypto.generate_key()


@pytest.fixture(autouse=True)
def _own_media_root(settings: Any, tmp_path: Path) -> None:
    """The backup holds the stored files too: an empty folder of this test's
    own, not the run's shared one (where other tests leave their files)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def backup(db: None, tmp_path: Path) -> Path:
    UserFactory(email="someone@example.org")
    return backup_create(output=tmp_path / "plain.tar.gz")


@pytest.fixture
def encrypted(db: None, tmp_path: Path) -> Path:
    UserFactory(email="someone@example.org")
    with override_settings(MENTORING_BACKUP_KEY=KEY):
        return backup_create(output=tmp_path / "sealed.tar.gz.enc", encrypt=True)


def _rewrite(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """Copy the archive, replacing (or, with None, dropping) some members."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            if member.name in change:
                if change[member.name] is None:
                    continue
                data = change[member.name]  # type: ignore[assignment]
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def _manifest(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]


def _refusal(path: Path) -> str:
    with pytest.raises(BackupError) as caught:
        backup_restore(path=path)
    return str(caught.value)


def test_the_backup_has_a_manifest_of_what_it_holds(transactional_db: None, tmp_path: Path) -> None:
    # Committed rows: the backup reads the database through its own connection.
    UserFactory(email="someone@example.org")
    UserFactory(email="another@example.org")
    backup = backup_create(output=tmp_path / "plain.tar.gz")
    manifest = _manifest(backup)
    assert manifest["format"] == 1
    assert manifest["app_version"] == "0.1.0"
    assert manifest["schema"]["operations"] == "0001_worker_heartbeat"
    assert manifest["tables"]["accounts_user"]["rows"] == 2
    assert len(manifest["tables"]["accounts_user"]["checksum"]) == 64
    (dump,) = manifest["files"]
    assert dump in {"database.sqlite3", "database.pgdump"}
    entry = AuditEntry.objects.get(action="operations.backup_created")
    assert entry.data["file"] == "plain.tar.gz"


def test_a_database_that_is_not_empty_is_refused(backup: Path) -> None:
    assert "The database is not empty" in _refusal(backup)


def test_a_damaged_file_is_refused(backup: Path, tmp_path: Path) -> None:
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(bytes(data))
    assert "Corrupt or tampered backup" in _refusal(damaged)
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    assert "Corrupt or tampered backup" in _refusal(cut)


def test_an_altered_database_file_is_refused(backup: Path, tmp_path: Path) -> None:
    (dump,) = _manifest(backup)["files"]
    altered = _rewrite(backup, tmp_path / "altered.tar.gz", {dump: b"not the database"})
    assert f"the checksum of {dump} does not match" in _refusal(altered)
    dropped = _rewrite(backup, tmp_path / "dropped.tar.gz", {dump: None})
    assert "the files do not match the manifest" in _refusal(dropped)


def test_a_backup_of_a_newer_schema_is_refused(backup: Path, tmp_path: Path) -> None:
    manifest = _manifest(backup)
    manifest["schema"]["privacy"] = "0099_from_the_future"
    newer = _rewrite(
        backup, tmp_path / "newer.tar.gz", {"manifest.json": json.dumps(manifest).encode()}
    )
    message = _refusal(newer)
    assert "newer version of the application" in message
    assert "privacy.0099_from_the_future" in message


def test_a_backup_of_another_engine_is_refused(backup: Path, tmp_path: Path) -> None:
    manifest = _manifest(backup)
    other = "postgresql" if manifest["database"]["vendor"] == "sqlite" else "sqlite"
    manifest["database"]["vendor"] = other
    changed = _rewrite(
        backup, tmp_path / "other.tar.gz", {"manifest.json": json.dumps(manifest).encode()}
    )
    assert f"This backup is of a {other} database" in _refusal(changed)


def test_an_encrypted_backup_needs_its_key(encrypted: Path, tmp_path: Path) -> None:
    assert crypto.is_encrypted(encrypted)
    # No readable tar inside without the key.
    with pytest.raises(tarfile.TarError), tarfile.open(encrypted, "r:*"):
        pass
    with override_settings(MENTORING_BACKUP_KEY=""):
        assert "This backup is encrypted" in _refusal(encrypted)
    with override_settings(MENTORING_BACKUP_KEY=OTHER_KEY):
        assert "Wrong key" in _refusal(encrypted)
    with override_settings(MENTORING_BACKUP_KEY=KEY):
        # The right key opens it: the refusal is now about the database.
        assert "The database is not empty" in _refusal(encrypted)
        data = bytearray(encrypted.read_bytes())
        data[-40] ^= 0x01
        tampered = tmp_path / "tampered.enc"
        tampered.write_bytes(bytes(data))
        assert "Corrupt or tampered backup" in _refusal(tampered)


def test_the_command_reports_a_refusal_as_an_error(backup: Path) -> None:
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(backup))


def test_encrypt_without_a_key_is_refused(db: None, tmp_path: Path) -> None:
    with (
        override_settings(MENTORING_BACKUP_KEY=""),
        pytest.raises(CommandError, match="No backup key"),
    ):
        call_command("backup", "--encrypt", "--output", str(tmp_path / "x.enc"))
    assert not (tmp_path / "x.enc").exists()


def test_a_malformed_key_is_refused(db: None, tmp_path: Path) -> None:
    with (
        override_settings(MENTORING_BACKUP_KEY="too-short"),
        pytest.raises(CommandError, match=r"32 bytes|base64"),
    ):
        call_command("backup", "--encrypt", "--output", str(tmp_path / "x.enc"))
