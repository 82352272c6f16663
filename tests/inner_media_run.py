"""Not collected by the suite (the name does not start with ``test_``):
``tests/test_test_media.py`` runs it as a pytest run of its own. It stores a
file in this process and one in a process it starts with the test settings,
and writes down where they went."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

ROOT = Path(__file__).resolve().parents[1]
CHILD = (
    "import django; django.setup(); "
    "from django.core.files.base import ContentFile; "
    "from django.core.files.storage import default_storage; "
    "print(default_storage.path(default_storage.save('inner/child.txt', ContentFile(b'c'))))"
)


def test_a_run_and_a_process_it_starts_store_in_one_folder() -> None:
    here = default_storage.path(default_storage.save("inner/parent.txt", ContentFile(b"p")))
    child = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", CHILD],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "mentoring.settings_test"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(os.environ["INNER_REPORT"]).write_text(
        "\n".join([str(os.getpid()), str(settings.MEDIA_ROOT), here, child]), encoding="utf-8"
    )
