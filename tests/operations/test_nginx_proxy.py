"""The nginx example in deploy/ in front of the app, for real: nginx (Debian's,
installed by scripts/ensure-system-deps.sh) started on loopback with the
example's server blocks, proxying to the test's live server. With
``TRUSTED_PROXY_COUNT=1`` the app records the address nginx saw, not the one a
visitor wrote into ``X-Forwarded-For`` themselves."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from django.test import override_settings

from mentoring.common.models import AuditEntry
from tests.operations.test_deploy import DEPLOY, _self_signed

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def nginx(live_server: Any, tmp_path: Path):
    cert, key = _self_signed(tmp_path)
    http_port, https_port = _free_port(), _free_port()
    upstream = live_server.url.removeprefix("http://")
    site = (DEPLOY / "nginx/mentoring.conf").read_text()
    site = site.replace("server 127.0.0.1:8000;", f"server {upstream};")
    site = re.sub(r"^\s*listen \[::\].*$", "", site, flags=re.MULTILINE)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    site = site.replace("/etc/letsencrypt/live/mentor.example.org/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/mentor.example.org/privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nworker_processes 1;\n"
        f"events {{}}\nhttp {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    process = subprocess.Popen(  # noqa: S603
        [
            NGINX,
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-e",
            str(tmp_path / "error.log"),
            "-g",
            "daemon off;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.2)
        yield f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", cert
    finally:
        process.terminate()
        process.wait(timeout=10)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, ALLAUTH_TRUSTED_CLIENT_IP_HEADER=None)
def test_the_app_behind_the_nginx_example_sees_the_real_client_address(
    nginx, transactional_db
) -> None:
    https, http, cert = nginx
    # Port 80 only redirects to HTTPS.
    plain = requests.Session()
    plain.trust_env = False
    redirect = plain.get(f"{http}/healthz", allow_redirects=False, timeout=10)
    assert redirect.status_code == 301
    assert redirect.headers["Location"].startswith("https://")

    session = requests.Session()
    session.verify = str(cert)
    session.trust_env = False  # no proxy or CA bundle from the environment
    assert session.get(f"{https}/healthz", timeout=10).json() == {"status": "ok"}
    login = session.get(f"{https}/accounts/login/", timeout=10)
    assert login.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)  # type: ignore[union-attr]
    response = session.post(
        f"{https}/accounts/login/",
        data={
            "csrfmiddlewaretoken": token,
            "login": "nobody@example.org",
            "password": "wrong-password-1",
        },
        headers={"X-Forwarded-For": "203.0.113.9", "Referer": f"{https}/accounts/login/"},
        timeout=10,
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="account.login_failed")
    # nginx appended the address it was reached from; the visitor's own claim is ignored.
    assert entry.data["ip"] == "127.0.0.1"
