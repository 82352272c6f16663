"""Schemathesis (an independent, schema-driven fuzzer) against the live
OpenAPI document of a served, seeded programme, with a token of every scope:
every operation, no 5xx, every answer conforms to the document (status code,
content type, body)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from mentoring.accounts.models import User
from mentoring.programmes.models import Programme
from tests.api.helpers import new_key
from tests.privacy.helpers import seed_pair
from tests.reports.helpers import matching_run, pair

CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    )
)


@pytest.mark.django_db(transaction=True)
@override_settings(API_RATE_LIMIT="100000/min")  # the fuzzer sends hundreds a minute
def test_schemathesis_finds_no_error(
    live_server: Any, coordinator: User, programme: Programme, tmp_path: Path
) -> None:
    seed_pair(programme, mentee_tag="STME", mentor_tag="STMO")
    pair(programme, run=matching_run(programme))
    key = new_key(coordinator)
    st = shutil.which("st", path=str(Path(sys.executable).parent))
    assert st is not None, "schemathesis is installed with requirements/dev.txt"
    command = [
        st,
        "run",
        f"{live_server.url}/api/v1/schema/?format=json",
        "--url",
        live_server.url,
        "--header",
        f"Authorization: Bearer {key}",
        "--checks",
        CHECKS,
        "--max-examples",
        "15",
        "--phases",
        "examples,coverage,fuzzing",
        "--seed",
        "2027",
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        "--report-dir",
        str(tmp_path),
    ]
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    # Every operation of the document was exercised, and cases were generated.
    assert "Selected: 13/13" in output and "Tested: 13" in output, output[-3000:]
    assert " passed" in output and " 0 passed" not in output, output[-3000:]
