"""The programme report as PDF, before and after it moved to the worker
(``make bench BENCH=report``; issue 19 point 8).

Generates the programme of ``bench_dashboard.build`` in a throw-away SQLite
database (``--participants``, default 5,000; the issue measured about 1 s
"even for 19 participants"), then measures, each ``--runs`` times (default 9)
after one warm-up, and prints the median and the extremes:

- ``inline``: what the web request used to do and hold a web process for:
  the dashboard's figures and the PDF rendered in the request;
- ``request``: the web request that now asks for the report (POST through
  Django's test client, a coordinator with MFA signed in, ``fresh`` so each
  one writes a new job and queues its task), with its number of queries;
- ``worker``: the worker's part for one of those jobs (``report_job_run``:
  figures, charts, layout, PDF, storing the file), fewer runs.

    python benchmarks/bench_report_job.py                  # 5,000 participants
    python benchmarks/bench_report_job.py --participants 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_dashboard  # noqa: E402 - after the path is set


def timed(
    call: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None
) -> list[float]:
    before()
    call()  # warm-up
    times = []
    for _run in range(runs):
        before()  # not timed
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def line(name: str, times: list[float], extra: str = "") -> None:
    print(
        f"{name:<9}{statistics.median(times):>10.1f}{min(times):>10.1f}{max(times):>10.1f}"
        f"{len(times):>6}  {extra}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        os.environ["MEDIA_ROOT"] = str(Path(folder) / "media")
        started = time.perf_counter()
        bench_dashboard.setup_django(Path(folder) / "bench.sqlite3")
        slug, email = bench_dashboard.build(args.participants, args.seed)
        print(f"set-up (migrate and generate): {time.perf_counter() - started:.1f} s", flush=True)

        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse
        from django.utils import translation

        from mentoring.accounts.models import User
        from mentoring.programmes.models import Programme
        from mentoring.reports.dashboard import programme_dashboard
        from mentoring.reports.jobs import report_job_run
        from mentoring.reports.models import ReportJob
        from mentoring.reports.pdf import render_report_pdf

        programme = Programme.objects.get(slug=slug)
        coordinator = User.objects.get(email=email)
        client = Client()
        client.force_login(coordinator)
        url = reverse("reports:report_new", args=[slug])

        def inline() -> None:
            with translation.override("da"):
                render_report_pdf(programme_dashboard(programme))

        def request() -> None:
            response = client.post(url, {"language": "da", "fresh": "on"})
            if response.status_code != 302:
                raise SystemExit(f"the request answered {response.status_code}")

        print(
            f"\n{args.participants:,} participants (SQLite, test client), times in ms\n"
            f"{'':<9}{'median':>10}{'min':>10}{'max':>10}{'runs':>6}"
        )
        line(
            "inline",
            timed(inline, args.runs),
            "the old request: figures and PDF in the web process",
        )

        def set_aside() -> None:
            """The job asked for last waits (a double click would reuse it):
            finished as far as the next request is concerned."""
            ReportJob.objects.filter(status="queued").update(status="failed")

        with CaptureQueriesContext(connection) as captured:
            request()
        queries = len(captured)
        times = timed(request, args.runs, before=set_aside)
        line("request", times, f"a new job, its task queued ({queries} queries)")
        ReportJob.objects.filter(status="failed").update(status="queued")
        jobs = iter(list(ReportJob.objects.filter(status="queued").order_by("pk")))
        worker_runs = max(3, args.runs // 3)

        def worker() -> None:
            job = report_job_run(job_id=next(jobs).pk)
            if job is None or job.status != "done":
                raise SystemExit(f"the job failed: {job and job.error}")

        line("worker", timed(worker, worker_runs), "the worker's part, per report")


if __name__ == "__main__":
    main()
