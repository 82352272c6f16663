"""Backups: ``backup_create`` writes one archive with the database, the
stored files and a manifest; ``backup_restore`` puts it back into an empty
database, verifies it against the manifest and re-applies the erasure ledger;
``backup_scheduled`` is the worker's periodic backup with a retention count.

The archive is a gzip-compressed tar file (``mentoring-<UTC time>.tar.gz``,
``.enc`` appended when encrypted, see ``operations.crypto``) holding

- ``database.sqlite3`` (SQLite online backup) or ``database.pgdump``
  (``pg_dump -Fc``),
- ``media/...``: every file of the default file storage,
- ``manifest.json``: format, app version, created at, database vendor,
  schema (latest migration per app), rows and a checksum of the rows per
  table, and the SHA-256 and size of every other file of the archive.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from mentoring.common.audit import log_action
from mentoring.operations import crypto, database
from mentoring.operations.ledger import ReapplyResult, erasure_ledger_reapply

logger = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
NAME_PREFIX = "mentoring-"


class BackupError(Exception):
    """A backup or restore was refused or failed; the message says why and what to do."""


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mentorordning")
    except PackageNotFoundError:
        import tomllib

        pyproject = Path(settings.PROJECT_DIR) / "pyproject.toml"
        try:
            return str(tomllib.loads(pyproject.read_text())["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _storage_files(path: str = "") -> Iterator[str]:
    try:
        directories, files = default_storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield f"{path}{name}"
    for directory in sorted(directories):
        yield from _storage_files(f"{path}{directory}/")


def backup_dir() -> Path:
    return Path(settings.MENTORING_BACKUP_DIR or Path(settings.VAR_DIR) / "backups")


def _key(required: bool) -> bytes | None:
    value = settings.MENTORING_BACKUP_KEY
    if not value:
        if required:
            raise BackupError(
                "No backup key: set MENTORING_BACKUP_KEY (make one with "
                "`manage.py backup --generate-key`)."
            )
        return None
    try:
        return crypto.parse_key(value)
    except crypto.BackupKeyError as error:
        raise BackupError(str(error)) from error


# --- Backup ------------------------------------------------------------------


def backup_create(*, output: Path | None = None, encrypt: bool = False) -> Path:
    """Write a backup archive to ``output`` (default: a new file named by
    the time in the backup folder) and return its path. The file appears
    under its name only when complete. Side effects: audit entry
    ``operations.backup_created`` (file name and size) after the snapshot."""
    key = _key(required=True) if encrypt else None
    created = timezone.now().astimezone(UTC)
    if output is None:
        stamp = created.strftime("%Y%m%dT%H%M%S%fZ")
        output = backup_dir() / f"{NAME_PREFIX}{stamp}.tar.gz{'.enc' if encrypt else ''}"
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mentoring-backup-", dir=output.parent) as tmp_name:
        tmp = Path(tmp_name)
        dump_name = database.DUMP_FILES[database.vendor()]
        try:
            stats, schema = database.dump(tmp / dump_name)
        except database.DatabaseError as error:
            raise BackupError(str(error)) from error
        dumped = tmp / dump_name
        files = {dump_name: {"sha256": _sha256(dumped), "size": dumped.stat().st_size}}
        archive = tmp / "archive.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=3) as tar:
            tar.add(tmp / dump_name, arcname=dump_name)
            for name in _storage_files():
                with default_storage.open(name, "rb") as stored:
                    digest = hashlib.sha256()
                    local = tmp / "media-file"
                    with local.open("wb") as copy:
                        while chunk := stored.read(1024 * 1024):
                            digest.update(chunk)
                            copy.write(chunk)
                arcname = MEDIA_PREFIX + name
                files[arcname] = {"sha256": digest.hexdigest(), "size": local.stat().st_size}
                tar.add(local, arcname=arcname)
            manifest = {
                "format": FORMAT,
                "app_version": app_version(),
                "created_at": created.isoformat(),
                "database": {"vendor": database.vendor(), "file": dump_name},
                "schema": schema,
                "tables": {
                    name: {"rows": s.rows, "checksum": s.checksum} for name, s in stats.items()
                },
                "files": files,
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
            (tmp / MANIFEST).write_bytes(data)
            tar.add(tmp / MANIFEST, arcname=MANIFEST)
        partial = tmp / "final"
        if key is not None:
            crypto.encrypt_file(archive, partial, key)
        else:
            archive.replace(partial)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        partial.replace(output)
    size = output.stat().st_size
    log_action(
        actor=None,
        action="operations.backup_created",
        data={"file": output.name[:200], "bytes": size, "encrypted": key is not None},
    )
    return output


# --- Restore -----------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    tables: int
    rows: int
    media: int
    migrated: bool
    ledger: ReapplyResult = field(default_factory=ReapplyResult)


def _open_archive(path: Path, tmp: Path) -> tuple[dict[str, Any], Path]:
    """Decrypt if needed, unpack into ``tmp``, check every file against the
    manifest. Returns the manifest and the folder of the unpacked files."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    if crypto.is_encrypted(path):
        key = _key(required=False)
        if key is None:
            raise BackupError(
                "This backup is encrypted: set MENTORING_BACKUP_KEY to the key it was made with."
            )
        plain = tmp / "archive.tar.gz"
        try:
            crypto.decrypt_file(path, plain, key)
        except crypto.BackupKeyError as error:
            raise BackupError(f"Wrong key: {error}") from error
        except crypto.BackupCorruptError as error:
            raise BackupError(f"Corrupt or tampered backup: {error}") from error
        path = plain
    unpacked = tmp / "unpacked"
    unpacked.mkdir()
    try:
        with tarfile.open(path, "r:gz") as tar:
            tar.extractall(unpacked, filter="data")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(
            f"Corrupt or tampered backup: {path.name} is not a readable backup archive ({error})."
        ) from error
    try:
        manifest = json.loads((unpacked / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(
            "Corrupt or tampered backup: the manifest is missing or unreadable."
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    listed = set(manifest["files"])
    present = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    present.discard(MANIFEST)
    if listed != present:
        raise BackupError(
            "Corrupt or tampered backup: the files do not match the manifest "
            f"(missing: {sorted(listed - present)}, not listed: {sorted(present - listed)})."
        )
    for name, expected in manifest["files"].items():
        if _sha256(unpacked / name) != expected["sha256"]:
            raise BackupError(f"Corrupt or tampered backup: the checksum of {name} does not match.")
    return manifest, unpacked


def _check_schema(schema: dict[str, str]) -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, name in schema.items() if (app, name) not in known)
    if unknown:
        raise BackupError(
            "This backup comes from a newer version of the application (migrations this "
            f"version does not know: {', '.join(unknown)}). Install that version or a later "
            "one, then restore."
        )


def _verify(manifest: dict[str, Any]) -> tuple[int, int]:
    expected = manifest["tables"]
    actual = database.live_stats()
    problems = [
        f"{name}: backup {expected.get(name)}, restored {actual.get(name)}"
        for name in sorted(set(expected) | set(actual))
        if name not in expected
        or name not in actual
        or (actual[name].rows, actual[name].checksum)
        != (expected[name]["rows"], expected[name]["checksum"])
    ]
    if problems:
        raise BackupError(
            "The restored database does not match the manifest: " + "; ".join(problems[:10])
        )
    return len(actual), sum(s.rows for s in actual.values())


def _restore_media(unpacked: Path, files: dict[str, Any]) -> int:
    count = 0
    for name in sorted(files):
        if not name.startswith(MEDIA_PREFIX):
            continue
        stored_name = name[len(MEDIA_PREFIX) :]
        if default_storage.exists(stored_name):
            default_storage.delete(stored_name)
        with (unpacked / name).open("rb") as handle:
            saved = default_storage.save(stored_name, File(handle))
        if saved != stored_name:
            raise BackupError(f"The file {stored_name} was stored as {saved}.")
        count += 1
    return count


def backup_restore(*, path: Path, ledgers: list[Path] | None = None) -> RestoreResult:
    """Restore the backup ``path`` into the configured database, which must be
    empty (new, or only migrated). Refuses a corrupt or altered file, a wrong
    key, a backup of another database engine or of a newer schema. After
    loading, every table's rows and checksum must match the manifest; then the
    stored files are put back, ``migrate`` brings an older schema up to date
    and the erasure ledger is re-applied. Side effects: the database and the
    files; audit entry ``operations.restored``; the ledger's erasures."""
    with tempfile.TemporaryDirectory(prefix="mentoring-restore-") as tmp_name:
        manifest, unpacked = _open_archive(path, Path(tmp_name))
        if manifest["database"]["vendor"] != database.vendor():
            raise BackupError(
                f"This backup is of a {manifest['database']['vendor']} database; the configured "
                f"database is {database.vendor()}."
            )
        _check_schema(manifest["schema"])
        filled = database.non_empty_tables()
        if filled:
            raise BackupError(
                "The database is not empty (rows in "
                f"{', '.join(filled[:5])}{' …' if len(filled) > 5 else ''}). Restore only into a "
                "new, empty database: it never overwrites data."
            )
        try:
            database.load(unpacked / manifest["database"]["file"])
        except database.DatabaseError as error:
            raise BackupError(str(error)) from error
        tables, rows = _verify(manifest)
        media = _restore_media(unpacked, manifest["files"])
    connections.close_all()
    loader = MigrationLoader(connections["default"])
    pending = set(loader.disk_migrations) - set(loader.applied_migrations)
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    ledger = erasure_ledger_reapply(paths=ledgers)
    log_action(
        actor=None,
        action="operations.restored",
        data={
            "created_at": manifest["created_at"],
            "tables": tables,
            "rows": rows,
            "files": media,
            "erased_again": len(ledger.erased),
        },
    )
    return RestoreResult(
        manifest=manifest,
        tables=tables,
        rows=rows,
        media=media,
        migrated=bool(pending),
        ledger=ledger,
    )


# --- Scheduled backups -------------------------------------------------------


def backups_list(folder: Path | None = None) -> list[Path]:
    """The finished backups in ``folder``, oldest first (names sort by time)."""
    folder = folder or backup_dir()
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.name.startswith(NAME_PREFIX) and ".tar.gz" in p.name
    )


def backups_prune(*, keep: int, folder: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups; return the deleted paths."""
    backups = backups_list(folder)
    doomed = backups[: max(0, len(backups) - keep)]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def _created_at(path: Path) -> datetime:
    stamp = path.name[len(NAME_PREFIX) :].split(".", 1)[0]
    try:
        return datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def backup_scheduled(*, now: datetime | None = None) -> Path | None:
    """The worker's periodic backup: when ``MENTORING_BACKUP_DIR`` is set and
    the newest backup there is older than ``MENTORING_BACKUP_INTERVAL_HOURS``,
    write a new one (encrypted when ``MENTORING_BACKUP_KEY`` is set) and keep
    the newest ``MENTORING_BACKUP_KEEP``. A failure is logged, never raised:
    the other periodic jobs still run. Returns the new backup or None."""
    if not settings.MENTORING_BACKUP_DIR:
        return None
    now = now or timezone.now()
    folder = backup_dir()
    backups = backups_list(folder)
    interval = settings.MENTORING_BACKUP_INTERVAL_HOURS * 3600
    if backups and (now - _created_at(backups[-1])).total_seconds() < interval:
        return None
    try:
        path = backup_create(encrypt=bool(settings.MENTORING_BACKUP_KEY))
    except Exception:
        logger.exception("Scheduled backup failed")
        return None
    backups_prune(keep=settings.MENTORING_BACKUP_KEEP, folder=folder)
    logger.info("Scheduled backup written: %s", path.name)
    return path
