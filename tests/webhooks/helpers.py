"""Helpers of the webhook tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mentoring.accounts.models import User
from mentoring.programmes.models import Programme
from mentoring.webhooks.enums import EventType
from mentoring.webhooks.models import Endpoint
from mentoring.webhooks.services import endpoint_create

ROOT = Path(__file__).resolve().parents[2]


def endpoint_for(
    programme: Programme,
    url: str,
    *,
    events: list[str] | None = None,
    by: User | None = None,
) -> tuple[Endpoint, str]:
    return endpoint_create(
        programme=programme,
        url=url,
        description="HR-systemet",
        events=events or list(EventType.values),
        by=by,
    )


def documented_verify() -> Any:
    """The verification snippet of docs/webhooks.md, executed as written."""
    doc = (ROOT / "docs" / "webhooks.md").read_text(encoding="utf-8")
    block = re.search(
        r"<!-- verify-snippet:start -->\s*```python\n(.*?)```\s*<!-- verify-snippet:end -->",
        doc,
        re.S,
    )
    assert block, "docs/webhooks.md lost its verification snippet"
    namespace: dict[str, Any] = {}
    exec(compile(block.group(1), "docs/webhooks.md", "exec"), namespace)  # noqa: S102
    return namespace["verify_webhook"]
