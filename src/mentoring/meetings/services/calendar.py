"""Writes for a person's private calendar feed (``CalendarFeed``): its secret
token is made on first use and can be reset, after which the old address
answers 404. The token is a secret: it never goes into the audit log or any
other log."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from mentoring.common.audit import log_action
from mentoring.meetings.models import CalendarFeed, _new_token


@transaction.atomic
def calendar_feed_get_or_create(*, user: Any) -> CalendarFeed:
    """The user's feed, made with a fresh secret token the first time.

    Side effects: one CalendarFeed row the first time (not audited: nothing
    was shared yet)."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user: Any) -> CalendarFeed:
    """Give the user's feed a new secret token; the old address stops working
    at once.

    Side effects: the CalendarFeed row's token changes (or the row is made);
    an audit entry ``calendar.feed_reset`` (without the token)."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = _new_token()
        feed.save(update_fields=["token"])
    log_action(actor=user, action="calendar.feed_reset", obj=feed)
    return feed
