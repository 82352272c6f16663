"""``manage.py restore FILE``: put a backup back into an empty database,
verify it against its manifest and re-apply the erasure ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.operations.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and re-apply the erasure ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file.")
        parser.add_argument(
            "--ledger",
            type=Path,
            action="append",
            help=(
                "An erasure ledger to re-apply (repeat for several nodes' ledgers; "
                "default: MENTORING_ERASURE_LEDGER)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_restore(path=options["file"], ledgers=options["ledger"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (version "
            f"{manifest['app_version']}): {result.tables} tables, {result.rows} rows and "
            f"{result.media} files, verified against the manifest."
        )
        if result.migrated:
            self.stdout.write("The schema was older: migrations applied.")
        ledger = result.ledger
        self.stdout.write(
            f"Erasure ledger: {len(ledger.erased)} erased again, {ledger.already} already "
            f"erased, {ledger.absent} not in this backup."
        )
        if ledger.refused:
            raise CommandError(
                "These erased people could not be erased again; erase them by hand before "
                "opening the site: "
                + "; ".join(f"user {pk}: {message}" for pk, message in ledger.refused.items())
            )
