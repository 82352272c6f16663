"""Backup and restore round trip on the suite's database engine (SQLite under
``make test``, PostgreSQL under ``make test-pg``), driven through
``manage.py`` like an operator: seed the demo, back up, restore into a fresh
database, compare every table's rows; and an erasure made after the backup
is applied again by the restore (the erasure ledger)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.operations.sites import Site

SEED = """
from django.core.management import call_command
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
call_command("migrate", verbosity=0)
call_command("seed_demo", verbosity=0)
default_storage.save("reports/annual.pdf", ContentFile(b"%PDF stored file " * 100))
"""

ERASE = """
from mentoring.accounts.models import User
from mentoring.privacy.services import erase_person
erase_person(user=User.objects.get(email="mentee@example.dk"), by=None)
"""

LOGIN = """
import sys
from mentoring.accounts.models import User
user = User.objects.get(email="koordinator@example.dk")
sys.exit(0 if user.check_password("mentor-demo-2027") and user.is_active else 3)
"""

#: The restore writes one audit entry of its own.
RESTORE_ENTRY = {"common_auditentry": "action <> 'operations.restored'"}


@dataclass
class World:
    source: Site
    backup: Path
    before: dict[str, tuple[int, str]]
    root: Path
    ledger: Path


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("backup-world")
    ledger = root / "erasure-ledger.jsonl"
    sites: list[Site] = []
    source = Site.create("source", root, ledger)
    sites.append(source)
    try:
        source.shell(SEED)
        before = source.rows()
        backup = root / "demo.tar.gz"
        result = source.manage("backup", "--output", str(backup))
        assert result.returncode == 0, result.stderr
        assert "Backup written" in result.stdout
        # After the backup: the demo mentee is erased (the ledger gets the id).
        source.shell(ERASE)
        yield World(source=source, backup=backup, before=before, root=root, ledger=ledger)
    finally:
        for site in sites:
            site.drop()


@pytest.fixture(scope="module")
def restored(world: World) -> Iterator[Site]:
    """A fresh database with the backup restored, without any erasure ledger."""
    site = Site.create("plain", world.root, world.root / "no-ledger.jsonl")
    try:
        result = site.manage("restore", str(world.backup))
        assert result.returncode == 0, result.stderr
        assert "verified against the manifest" in result.stdout
        yield site
    finally:
        site.drop()


def test_restore_into_a_fresh_database_gives_back_every_row(world: World, restored: Site) -> None:
    after = restored.rows(where=RESTORE_ENTRY)
    before = world.before
    assert set(after) == set(before)
    # The demo has rows in the tables that matter.
    assert before["accounts_user"][0] > 10
    assert before["relationships_mentorship"][0] > 0
    different = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    assert not different
    assert restored.rows()["common_auditentry"][0] == before["common_auditentry"][0] + 1


def test_the_restored_site_works(restored: Site) -> None:
    assert restored.manage("shell", "-c", LOGIN).returncode == 0
    stored = restored.root / "media" / "reports" / "annual.pdf"
    assert stored.read_bytes() == b"%PDF stored file " * 100
    # The backup held the demo mentee (erased only after it was taken).
    assert "mentee@example.dk" in restored.text()


def test_restore_refuses_a_database_that_is_not_empty(world: World, restored: Site) -> None:
    result = restored.manage("restore", str(world.backup))
    assert result.returncode != 0
    assert "The database is not empty" in result.stderr


def test_an_erasure_after_the_backup_survives_the_restore(world: World) -> None:
    assert '"user_id"' in world.ledger.read_text()
    site = Site.create("ledger", world.root, world.ledger)
    try:
        result = site.manage("restore", str(world.backup))
        assert result.returncode == 0, result.stderr
        assert "1 erased again" in result.stdout
        text = site.text()
        assert "mentee@example.dk" not in text
        assert "Mikkel Sørensen" not in text
        # Everybody else is still there.
        assert "mentor@example.dk" in text
        assert site.rows()["accounts_user"][0] == world.before["accounts_user"][0]
    finally:
        site.drop()
