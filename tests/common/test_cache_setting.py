"""CACHE_URL switches the shared cache on (issue 19, point 4): Django's built-in
Redis cache for several nodes; local memory stays the default. (The real Redis
is exercised by the multi-node test, tests/cluster.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'cache': settings.CACHES['default'], "
    "'storage': settings.STORAGES['default']['BACKEND']}))"
)


def settings_with(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "DATABASE_URL"}}
    environment.update(DJANGO_SETTINGS_MODULE="mentoring.settings", MENTORING_ENV="test", **env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", SHOW],
        env={**environment, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_local_memory_by_default_and_redis_with_cache_url() -> None:
    default = json.loads(settings_with().stdout)
    assert default["cache"]["BACKEND"].endswith("LocMemCache")
    assert default["storage"] == "django.core.files.storage.FileSystemStorage"
    shared = json.loads(settings_with(CACHE_URL="redis://10.0.0.5:6379/2").stdout)
    assert shared["cache"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["cache"]["LOCATION"] == "redis://10.0.0.5:6379/2"
    assert shared["cache"]["KEY_PREFIX"] == "mentoring"


def test_a_cache_url_that_is_not_redis_stops_the_start() -> None:
    result = settings_with(CACHE_URL="memcached://10.0.0.5:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be a Redis address" in result.stderr
