"""Endpoints: register, change, new secret, remove, and switching one off
after failures (with an e-mail to the programme's coordinators)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.programmes.models import Programme
from mentoring.webhooks import network
from mentoring.webhooks.crypto import encrypt_secret, new_secret
from mentoring.webhooks.enums import DisabledReason, EventType
from mentoring.webhooks.models import Endpoint
from mentoring.webhooks.services.errors import WebhookError

# --- Endpoints -------------------------------------------------------------


def _clean_events(events: list[str]) -> list[str]:
    allowed = set(EventType.values)
    chosen = [event for event in EventType.values if event in set(events)]
    if not chosen or not set(events) <= allowed:
        raise WebhookError(_("Choose at least one event."), field="events")
    return chosen


def _checked_url(url: str) -> str:
    url = url.strip()
    if len(url) > 500:
        raise WebhookError(_("The address is too long."), field="url")
    try:
        network.check_url(url)
    except network.AddressRefused as exc:
        raise WebhookError(str(exc), field="url") from exc
    return url


@transaction.atomic
def endpoint_create(
    *, programme: Programme, url: str, description: str, events: list[str], by: Any
) -> tuple[Endpoint, str]:
    """Register an endpoint for ``programme``. Returns it and its secret, in
    clear this once (it is stored encrypted and never shown again).

    Raises WebhookError for an address that is not allowed (``network``) or
    no events. Side effects: the row; audit entry ``webhook.created``."""
    secret = new_secret()
    endpoint = Endpoint.objects.create(
        programme=programme,
        url=_checked_url(url),
        description=description.strip()[:200],
        events=_clean_events(events),
        secret_encrypted=encrypt_secret(secret),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    log_action(
        actor=by,
        action="webhook.created",
        obj=endpoint,
        programme=programme,
        data={"events": ",".join(endpoint.events)[:200]},
    )
    return endpoint, secret


@transaction.atomic
def endpoint_update(
    *,
    endpoint: Endpoint,
    url: str,
    description: str,
    events: list[str],
    enabled: bool,
    by: Any,
) -> Endpoint:
    """Change an endpoint. Switching it on again clears the failure count.

    Side effects: the row; audit entry ``webhook.updated``."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.url = _checked_url(url)
    endpoint.description = description.strip()[:200]
    endpoint.events = _clean_events(events)
    changed = ["url", "description", "events", "updated_at"]
    if enabled and not endpoint.enabled:
        endpoint.enabled = True
        endpoint.disabled_reason = DisabledReason.NONE
        endpoint.disabled_at = None
        endpoint.consecutive_failures = 0
        changed += ["enabled", "disabled_reason", "disabled_at", "consecutive_failures"]
    elif not enabled and endpoint.enabled:
        endpoint.enabled = False
        endpoint.disabled_reason = DisabledReason.BY_COORDINATOR
        endpoint.disabled_at = timezone.now()
        changed += ["enabled", "disabled_reason", "disabled_at"]
    endpoint.save(update_fields=changed)
    log_action(
        actor=by,
        action="webhook.updated",
        obj=endpoint,
        programme=endpoint.programme,
        data={"enabled": endpoint.enabled, "events": ",".join(endpoint.events)[:200]},
    )
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(*, endpoint: Endpoint, by: Any) -> str:
    """A new secret for the endpoint, returned in clear this once; the old
    one stops working at once. Side effects: audit ``webhook.secret_rotated``."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    secret = new_secret()
    endpoint.secret_encrypted = encrypt_secret(secret)
    endpoint.save(update_fields=["secret_encrypted", "updated_at"])
    log_action(
        actor=by, action="webhook.secret_rotated", obj=endpoint, programme=endpoint.programme
    )
    return secret


@transaction.atomic
def endpoint_delete(*, endpoint: Endpoint, by: Any) -> None:
    """Remove an endpoint with its deliveries. Side effects: audit ``webhook.deleted``."""
    log_action(actor=by, action="webhook.deleted", obj=endpoint, programme=endpoint.programme)
    endpoint.delete()


def endpoint_disable(endpoint: Endpoint, reason: DisabledReason) -> None:
    """Switch an endpoint off after failures (inside the caller's
    transaction) and tell the programme's coordinators by e-mail."""
    now = timezone.now()
    updated = Endpoint.objects.filter(pk=endpoint.pk, enabled=True).update(
        enabled=False, disabled_reason=reason, disabled_at=now, updated_at=now
    )
    if not updated:
        return
    endpoint.refresh_from_db()
    log_action(
        actor=None,
        action="webhook.disabled",
        obj=endpoint,
        programme=endpoint.programme,
        data={"reason": str(reason)},
    )
    for coordinator in endpoint.programme.coordinators.all():
        mail_queue(
            key=f"webhook-disabled:{endpoint.pk}:{int(now.timestamp())}:{coordinator.pk}",
            template="webhook_endpoint_disabled",
            recipient=coordinator,
            context={
                "programme": endpoint.programme,
                "endpoint": endpoint,
                "gone": reason == DisabledReason.GONE,
            },
        )
