"""The site's own address, for links that leave the page: e-mails, calendar files
and the calendar feed. Mail and calendar files are also built by the worker, which
has no request, so the address comes from the settings (``SITE_URL``): set it in
production; in development ``scripts/run.sh`` (``make run HOST=... PORT=...``)
exports the address it serves on to the web server and the worker alike."""

from __future__ import annotations

from django.conf import settings


def site_url() -> str:
    """The site's address without a trailing slash, e.g. ``https://mentor.example.org``."""
    return str(settings.SITE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (from ``reverse``, starting with ``/``) as an absolute address."""
    return site_url() + path
