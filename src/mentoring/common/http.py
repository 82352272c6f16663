"""The client's address, the one way every part of the app gets it.

Behind a reverse proxy the socket address (``REMOTE_ADDR``) is the proxy's,
shared by every visitor. The deployer says how many proxies of their own stand
in front of the app (``TRUSTED_PROXY_COUNT`` → ``ALLAUTH_TRUSTED_PROXY_COUNT``)
or which header their proxy sets to the visitor's address
(``TRUSTED_CLIENT_IP_HEADER`` → ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``). Without
either, forwarding headers are ignored: anyone can send them. allauth's rate
limits and login lockout (``AccountAdapter.get_client_ip``) and the audit log
(``accounts.signals``) all use :func:`client_ip`.
"""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def _clean(value: str | None) -> str:
    """``value`` as a normalised IP address, or "" when it is none."""
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The visitor's address as far as the trusted proxies vouch for it; "" if unknown.

    With ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` that header is the address. With
    ``ALLAUTH_TRUSTED_PROXY_COUNT = n`` the n-th entry of ``X-Forwarded-For`` from
    the right is (each trusted proxy appends the address it was reached from;
    entries further left are the client's own claims). When the header has fewer
    entries than that, the request did not pass all the proxies and the socket
    address is used.
    """
    socket_address = _clean(request.META.get("REMOTE_ADDR"))
    header = getattr(settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)
    if header:
        return _clean(request.headers.get(header)) or socket_address
    count = int(getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.headers.get("X-Forwarded-For", "")
    if count > 0 and forwarded:
        entries = [entry.strip() for entry in forwarded.split(",")]
        if len(entries) >= count:
            return _clean(entries[-count]) or socket_address
        logger.warning(
            "X-Forwarded-For has %d entries but TRUSTED_PROXY_COUNT is %d: "
            "using the socket address",
            len(entries),
            count,
        )
    return socket_address
