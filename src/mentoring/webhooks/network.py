"""Where a webhook may go, and the one HTTP request that takes it there.

Server-side request forgery is refused twice: when an endpoint is saved and
again at every delivery. The host is resolved, and every address it resolves
to must be a public one: private, loopback, link-local, multicast, reserved
and unspecified addresses are refused (loopback only when
``WEBHOOKS_ALLOW_LOOPBACK`` is on: development and tests). The request then
connects to the address that was checked (not a second lookup, so a DNS
answer that changes in between cannot redirect it), keeps the host name for
TLS (SNI and certificate check) and the ``Host`` header, follows no
redirect and reads at most a few bytes of the answer.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """The URL is not one a webhook may be sent to (the message says why)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    #: Every address the host resolved to, all checked; tried in order.
    addresses: tuple[str, ...]

    @property
    def address(self) -> str:
        return self.addresses[0]


def _refused(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return not settings.WEBHOOKS_ALLOW_LOOPBACK
    return (
        address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def check_url(url: str) -> Target:
    """Resolve ``url``'s host and check every address; AddressRefused if the
    scheme, the form or any address is not allowed. Returns where to connect."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise AddressRefused(_("The address is not a valid URL.")) from exc
    if parts.username or parts.password:
        raise AddressRefused(_("The address must not contain a user name or password."))
    host = parts.hostname or ""
    if not host:
        raise AddressRefused(_("The address has no host."))
    if parts.scheme not in ("https", "http"):
        raise AddressRefused(_("The address must start with https://."))
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise AddressRefused(_("The host name could not be resolved.")) from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise AddressRefused(_("The host name could not be resolved."))
    if any(_refused(address) for address in addresses):
        raise AddressRefused(
            _(
                "The address points to a private, local or reserved network; webhooks go "
                "only to public addresses."
            )
        )
    if parts.scheme == "http" and not all(address.is_loopback for address in addresses):
        raise AddressRefused(_("The address must start with https://."))
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    unique = tuple(dict.fromkeys(str(address) for address in addresses))
    return Target(scheme=parts.scheme, host=host, port=port, path=path, addresses=unique)


def _connect(target: Target, timeout: float) -> socket.socket:
    """A connection to the first of the checked addresses that answers."""
    error: OSError | None = None
    for address in target.addresses:
        try:
            return socket.create_connection((address, target.port), timeout)
        except OSError as exc:
            error = exc
    raise error or OSError("no address")


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed address, with the host name for SNI and the certificate."""

    def __init__(self, target: Target, timeout: float) -> None:
        context = ssl.create_default_context(cafile=settings.WEBHOOKS_CA_FILE or None)
        super().__init__(target.host, target.port, timeout=timeout, context=context)
        self._target = target

    def connect(self) -> None:
        sock = _connect(self._target, self.timeout)  # type: ignore[arg-type]
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._target = target

    def connect(self) -> None:
        self.sock = _connect(self._target, self.timeout)  # type: ignore[arg-type]


def post(*, target: Target, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST ``body`` to the checked target; returns the HTTP status code.
    Raises OSError (including timeouts and TLS errors) when no answer came."""
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        connection = _PinnedHTTPSConnection(target, timeout)
    else:
        connection = _PinnedHTTPConnection(target, timeout)
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Mentorordning-Webhooks/1",
                **headers,
            },
        )
        response = connection.getresponse()
        response.read(1024)  # a little, then close: the body is never stored
        return response.status
    finally:
        connection.close()
