"""gunicorn configuration for Mentorordning (``gunicorn -c deploy/gunicorn.conf.py``).

Every value comes from the environment with a default for one small server.
Start it from the repository root (or set ``MENTORING_SRC`` to the folder that
holds the ``mentoring`` package). The multi-node test (``make test-cluster``)
and the load benchmark (``benchmarks/bench_load.py``) start the web nodes with
this file, so what is shipped is what is tested.

Environment:
- ``MENTORING_BIND``: address to listen on (default ``127.0.0.1:8000``; behind a
  reverse proxy on the same machine keep it on loopback).
- ``WEB_CONCURRENCY``: worker processes (default: 2 per core, plus one).
- ``GUNICORN_THREADS``: threads per process (default 1; the app is synchronous).
- ``GUNICORN_TIMEOUT``: seconds before a stuck request's process is replaced (30).
- ``FORWARDED_ALLOW_IPS``: the proxies whose X-Forwarded-* headers gunicorn
  trusts (default 127.0.0.1); the app's own client address rule is
  ``TRUSTED_PROXY_COUNT`` (docs/operations.md).
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent

wsgi_app = "mentoring.wsgi:application"
pythonpath = os.environ.get("MENTORING_SRC", str(_ROOT / "src"))
bind = [
    address.strip() for address in os.environ.get("MENTORING_BIND", "127.0.0.1:8000").split(",")
]
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Replace each process now and then (memory growth of long-lived processes).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Every web process is stateless (docs/operations.md, "Several nodes"): nothing
# to share between processes, so the app is loaded in each one.
preload_app = False
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The access log never carries query strings (they may hold tokens): method,
# path, status, size, duration in microseconds.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(D)s'
proc_name = "mentoring-web"
