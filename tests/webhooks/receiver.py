"""A real HTTP receiver for webhook tests: ``http.server`` on loopback in a
thread of the test process. It records every request (headers and body) and
answers with the next status of a script (default 204); with ``hang_on=N``
the N-th request is received and recorded, and then left without an answer
until the test releases it (the worker is killed while it waits)."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    default_status: int = 204
    hang_on: int = 0
    #: Seconds to wait before each answer (a slow receiver).
    delay: float = 0.0
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.statuses.clear()
            self.default_status = 204
            self.hang_on = 0
            self.delay = 0.0
        self.release.set()
        self.release = threading.Event()

    def ids(self) -> list[str]:
        with self.lock:
            return [request.headers["webhook-id"] for request in self.requests]


@contextmanager
def running_receiver(*, tls: tuple[str, str] | None = None) -> Iterator[Receiver]:
    """A receiver on 127.0.0.1; with ``tls=(certfile, keyfile)`` it speaks
    HTTPS and its URL names ``localhost`` (the name in the certificate)."""
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            with receiver.lock:
                receiver.requests.append(
                    Received(
                        path=self.path,
                        headers={key.lower(): value for key, value in self.headers.items()},
                        body=body,
                    )
                )
                number = len(receiver.requests)
                status = receiver.statuses.pop(0) if receiver.statuses else receiver.default_status
                hang = receiver.hang_on == number
                release = receiver.release
                delay = receiver.delay
            if hang:
                release.wait(120)
                return
            if delay:
                time.sleep(delay)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls is None:
        receiver = Receiver(url=f"http://127.0.0.1:{server.server_port}/hooks/mentoring")
    else:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        receiver = Receiver(url=f"https://localhost:{server.server_port}/hooks/mentoring")
    thread = threading.Thread(target=server.serve_forever, name="webhook-receiver", daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()
