"""``manage.py backup [--output FILE] [--encrypt]``: one archive with the
database, the stored files and a manifest (operations.backups)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentoring.operations.backups import BackupError, backup_create
from mentoring.operations.crypto import generate_key


class Command(BaseCommand):
    help = "Write a backup of the database and the stored files, with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="File to write (default: a new file in the backup folder)."
        )
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help="Encrypt with AES-256-GCM using the key in MENTORING_BACKUP_KEY.",
        )
        parser.add_argument(
            "--generate-key",
            action="store_true",
            help="Print a new random key for MENTORING_BACKUP_KEY and exit.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate_key"]:
            self.stdout.write(generate_key())
            return
        try:
            path = backup_create(output=options["output"], encrypt=options["encrypt"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written: {path} ({path.stat().st_size} bytes)")
