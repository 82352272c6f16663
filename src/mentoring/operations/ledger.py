"""The erasure ledger: every completed erasure (GDPR Art. 17) as one line of
JSON, ids only, in a file outside the database (``MENTORING_ERASURE_LEDGER``).

A backup taken before an erasure still holds the person. ``restore`` therefore
re-applies every entry of the ledger after putting a backup back
(:func:`erasure_ledger_reapply`), so that a restore never brings back someone
who was erased. The ledger must outlive the database: keep it on a disk that is
not restored with it, and on several web nodes on storage they share (or pass
every node's ledger to ``restore --ledger``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

ERASED_DOMAIN = "@erased.invalid"


def ledger_path() -> Path:
    return Path(settings.MENTORING_ERASURE_LEDGER)


def erasure_ledger_ids(paths: Iterable[Path] | None = None) -> list[int]:
    """The user ids in the ledgers, in order of first erasure, without repeats."""
    seen: dict[int, None] = {}
    for path in paths if paths is not None else [ledger_path()]:
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as file:
            for number, line in enumerate(file, start=1):
                if not line.strip():
                    continue
                try:
                    seen.setdefault(int(json.loads(line)["user_id"]))
                except (ValueError, KeyError, TypeError) as error:
                    raise ValueError(f"{path}, line {number}: not a ledger entry") from error
    return list(seen)


def erasure_ledger_append(*, user_id: int) -> bool:
    """Append ``user_id`` to the ledger unless it is there; the line is
    written with one ``write`` on a file opened for appending and synced to
    disk. Returns whether a line was written."""
    path = ledger_path()
    if user_id in erasure_ledger_ids([path]):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"user_id": user_id, "erased_at": timezone.now().isoformat()}) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


@dataclass
class ReapplyResult:
    erased: list[int] = field(default_factory=list)
    already: int = 0
    absent: int = 0
    refused: dict[int, str] = field(default_factory=dict)


def erasure_ledger_reapply(*, paths: Iterable[Path] | None = None) -> ReapplyResult:
    """Erase again everybody in the ledgers who is not erased in the database
    (through the privacy app's ``erase_person``, audited as any erasure).
    A person the ledger names but the database does not know was created
    after the backup and is gone with it. Side effects: those erasures."""
    from mentoring.accounts.models import User
    from mentoring.privacy.services import ErasureError, erase_person

    result = ReapplyResult()
    ids = erasure_ledger_ids(paths)
    users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    for user_id in ids:
        user = users.get(user_id)
        if user is None:
            result.absent += 1
        elif user.email.endswith(ERASED_DOMAIN) and not user.is_active:
            result.already += 1
        else:
            try:
                erase_person(user=user, by=None)
            except ErasureError as error:
                result.refused[user_id] = error.message
            else:
                result.erased.append(user_id)
    return result
