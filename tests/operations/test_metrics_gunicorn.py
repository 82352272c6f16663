"""``/metrics`` under gunicorn with several worker processes: in
prometheus-client's multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``, as
deploy/systemd/mentoring-web.service sets it) the request counts of every
worker process are added up, whichever process answers the scrape."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "gunicorn-metrics-token-0123456789"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url)  # noqa: S310
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, response.read().decode()


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("gunicorn")
    (root / "prom").mkdir()
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PROMETHEUS_MULTIPROC_DIR"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="mentoring.settings_test",
        MENTORING_ENV="test",
        SQLITE_PATH=str(root / "db.sqlite3"),
        MENTORING_VAR_DIR=str(root / "var"),
        MENTORING_METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(root / "prom"),
    )
    # No migrate: the database figures are then left out, the process metrics stay.
    port = _free_port()
    gunicorn_bin = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(  # noqa: S603
        [
            str(gunicorn_bin),
            *("--chdir", str(ROOT / "src"), "-w", "3", "-b", f"127.0.0.1:{port}"),
            "mentoring.wsgi",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, process.stderr.read().decode()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        yield base, root / "prom"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_metrics_add_up_every_worker_process(gunicorn: tuple[str, Path]) -> None:
    base, prom = gunicorn
    host, port = base.removeprefix("http://").split(":")
    # Sync workers serve one connection at a time. A request left half sent
    # keeps the process that accepted it busy, so the next 30 are served by
    # the other processes; then it is finished: at least two processes have
    # answered, whatever the kernel's choice of process for each connection.
    with socket.create_connection((host, int(port)), timeout=10) as held:
        held.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(0.5)
        for _ in range(30):
            assert _get(f"{base}/healthz")[0] == 200
        held.sendall(b"Connection: close\r\n\r\n")
        reply = b""
        while chunk := held.recv(65536):
            reply += chunk
        assert reply.startswith(b"HTTP/1.1 200"), reply[:200]
    # Every scrape, whichever worker answers, sees all requests.
    counts = set()
    for _ in range(3):
        status, text = _get(f"{base}/metrics", TOKEN)
        assert status == 200
        match = re.search(
            r"^mentoring_http_request_duration_seconds_count"
            r'\{[^}]*view="operations:healthz"[^}]*\} (\S+)$',
            text,
            re.MULTILINE,
        )
        assert match, text[:2000]
        counts.add(float(match.group(1)))
        assert "mentoring_database_metrics_up 0.0" in text
        assert "mentoring_task_queue_depth" not in text
    # At least 31 (plus the start-up probes); the same for every scrape.
    assert len(counts) == 1 and counts.pop() >= 31
    # The processes' own files: more than one process wrote metrics.
    assert len(list(prom.glob("histogram_*.db"))) >= 2
