"""The files a test run stores go with the run (tests/conftest.py,
``_remove_test_media``): a pytest run of its own (tests/inner_media_run.py)
stores a file itself and one through a process it starts with the test
settings; both land in the run's one folder, which is gone when the run
ends. A folder left by an earlier run that was killed goes when a run starts.
The inner run takes 10-30 s; ``MENTORING_SKIP_SLOW_TESTS=1`` leaves it out."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(
    bool(os.environ.get("MENTORING_SKIP_SLOW_TESTS")), reason="slow: a test run of its own"
)
def test_a_run_removes_its_media_folder_and_that_of_a_killed_run(tmp_path: Path) -> None:
    gone = subprocess.Popen(["true"])  # noqa: S607 - a process that has ended: a killed run's pid
    gone.wait()
    left = Path(tempfile.gettempdir()) / f"mentoring-test-media-{gone.pid}"
    (left / "report-jobs").mkdir(parents=True, exist_ok=True)
    (left / "report-jobs" / "left.pdf").write_bytes(b"%PDF")
    report = tmp_path / "inner.txt"
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"MEDIA_ROOT", "MENTORING_ERASURE_LEDGER", "PYTEST_ADDOPTS"}
    }
    env["INNER_REPORT"] = str(report)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/inner_media_run.py",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    pid, media_root, parent_file, child_file = report.read_text(encoding="utf-8").splitlines()
    folder = Path(tempfile.gettempdir()) / f"mentoring-test-media-{pid}"
    assert Path(media_root) == folder
    assert Path(parent_file).parent == Path(child_file).parent == folder / "inner"
    assert not folder.exists()  # removed at the end of the run, the child's file with it
    assert not Path(tempfile.gettempdir(), f"mentoring-test-ledger-{pid}.jsonl").exists()
    assert not left.exists()  # the killed run's folder (its process is gone)
