"""The OpenID Connect test provider (tests/peers/oidc/server.mjs: the npm package
``oidc-provider`` run with the machine's Node.js) started on loopback, on a free
port, for a test session. ``scripts/ensure-oidc-idp.sh`` installs it first
(``npm ci`` from the committed lock file; cached in its node_modules)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEER_DIR = ROOT / "tests" / "peers" / "oidc"
CLIENT_ID = "mentorordning-tests"
CLIENT_SECRET = "a-test-secret-only-on-loopback"


@dataclass
class OidcIdp:
    issuer: str
    client_id: str
    client_secret: str

    def set_token_mode(self, mode: str) -> None:
        """normal, tampered (id_token altered after signing) or expired
        (validly signed, exp in the past): applies to the next token responses."""
        request = urllib.request.Request(  # noqa: S310 (loopback, our peer)
            f"{self.issuer}/__test__/token-mode", data=f"mode={mode}".encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            assert response.read().decode() == mode


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_idp(*, redirect_uris: list[str], post_logout_uris: list[str]) -> Iterator[OidcIdp]:
    subprocess.run([str(ROOT / "scripts" / "ensure-oidc-idp.sh")], check=True)  # noqa: S603
    port = free_port()
    env = {
        **os.environ,
        "IDP_PORT": str(port),
        "IDP_CLIENT_ID": CLIENT_ID,
        "IDP_CLIENT_SECRET": CLIENT_SECRET,
        "IDP_REDIRECT_URIS": ",".join(redirect_uris),
        "IDP_POST_LOGOUT_REDIRECT_URIS": ",".join(post_logout_uris),
        "IDP_TEST_CONTROLS": "1",
    }
    process = subprocess.Popen(
        ["node", "server.mjs"],  # noqa: S607
        cwd=PEER_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                url = f"{issuer}/.well-known/openid-configuration"
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                    break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    raise RuntimeError(f"the OIDC test provider did not start: {output}") from None
                time.sleep(0.2)
        yield OidcIdp(issuer=issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
