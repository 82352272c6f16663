"""The SCIM endpoint against the independent checker ``scim2-tester``: every
check it runs (discovery, create, read, list, replace, patch add/replace/
remove, delete, attributes, unknown URLs) must pass, over HTTP against the
live server."""

from __future__ import annotations

from typing import Any

import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from mentoring.provisioning.tokens import NewToken
from tests.provisioning.conftest import scim_http

pytestmark = pytest.mark.django_db(transaction=True)


def test_scim2_tester_finds_no_error(live_server: Any, scim_token: NewToken) -> None:
    with scim_http(live_server.url, scim_token.secret) as http:
        results = check_server(SyncSCIMClient(http))
    failed = [
        f"{r.title} [{r.resource_type}]: {r.reason}"
        for r in results
        if r.status not in (Status.SUCCESS, Status.SKIPPED)
    ]
    passed = [r for r in results if r.status == Status.SUCCESS]
    skipped = [r for r in results if r.status == Status.SKIPPED]
    print(
        f"scim2-tester: {len(passed)} checks passed, {len(skipped)} skipped, {len(failed)} failed"
    )
    assert not failed, "\n".join(failed)
    # The checker did run its checks (not everything skipped).
    assert len(passed) >= 20, [f"{r.title}: {r.status}" for r in results]
