"""System checks: an unusable SAML service provider key pair stops the start
(``manage.py check``, every management command and the web service) instead
of failing at the first login."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from mentoring.sso import sp_keys

#: A certificate that expires within this many days is reported.
EXPIRY_WARNING_DAYS = 30


@register()
def saml_sp_key_pair(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    try:
        key = sp_keys.signing_key()
    except ImproperlyConfigured as error:
        return [Error(str(error), hint="docs/operations.md, SAML 2.0", id="sso.E001")]
    if key is None:
        return []
    left = key.not_after - datetime.datetime.now(datetime.UTC)
    if left < datetime.timedelta(days=EXPIRY_WARNING_DAYS):
        return [
            Warning(
                f"The SAML SP certificate expires on {key.not_after:%Y-%m-%d}.",
                hint="Make a new pair, register the new certificate at the identity providers.",
                id="sso.W001",
            )
        ]
    return []
