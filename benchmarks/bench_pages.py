"""Coordinator pages at 5,000 participants (``make bench BENCH=pages``; issue 19 point 8).

Generates, in a throw-away SQLite database, the programme of
``bench_dashboard.build`` (5,000 participants, about 2,450 pairs with
meetings, homework and evaluations) plus a second matching run that differs
from the first in about one pair in ten (so "changed since last run" has
something to show) with three alternatives per proposal, as the solver
writes them. Then it requests every coordinator page through Django's test
client with a coordinator (with MFA) signed in, several times after one
warm-up, and prints, side by side with a static file served by the same
stack in the same run (the baseline: what the framework costs at least),
the median and 95th percentile of the response time, the HTML size and the
number of queries; and, for the run page, its tab stops (links, buttons,
fields and ``<summary>`` elements a keyboard user passes through).

    python benchmarks/bench_pages.py                    # 5,000 participants, 15 runs
    python benchmarks/bench_pages.py --participants 400 --runs 5
    python benchmarks/bench_pages.py --only run,pairs

Targets (issue 19): every coordinator page p95 <= 300 ms and <= 500 KB of HTML.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_dashboard  # noqa: E402 - after the path is set

TARGET_P95_MS = 300.0
TARGET_KB = 500.0


class TabStops(HTMLParser):
    """Counts the elements a keyboard user tabs through (an estimate from the
    markup: links with href, buttons, visible fields, summaries, tabindex>=0),
    leaving out what a closed ``<details>`` hides (its ``<summary>`` counts)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.closed_details = 0  # depth of closed <details> around the current tag
        self.stack: list[bool] = []  # for each open <details>: is it closed?
        self.in_summary = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "details" and self.stack:
            if self.stack.pop():
                self.closed_details -= 1
        elif tag == "summary":
            self.in_summary = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "details":
            closed = "open" not in values
            self.stack.append(closed)
            if closed:
                self.closed_details += 1
            return
        if tag == "summary":
            self.in_summary = True
            # The summary of the innermost closed <details> is reachable.
            if self.closed_details <= 1:
                self.count += 1
            return
        if self.closed_details or "disabled" in values:
            return
        if values.get("tabindex") is not None:
            if values["tabindex"] != "-1":
                self.count += 1
            return
        link = tag == "a" and "href" in values
        field = tag == "input" and values.get("type") != "hidden"
        if link or field or tag in ("button", "select", "textarea"):
            self.count += 1


def tab_stops(html: str) -> int:
    parser = TabStops()
    parser.feed(html)
    return parser.count


def add_second_run(slug: str, seed: int) -> None:
    """Run 2: run 1's pairs with one in ten mentors swapped, three
    alternatives per proposal and a handful of pins and vetoes."""
    from mentoring.matching.models import MatchingRun, PairDecision, Proposal
    from mentoring.programmes.models import Programme

    rng = random.Random(seed + 1)  # noqa: S311 - synthetic data
    programme = Programme.objects.get(slug=slug)
    first = MatchingRun.objects.get(programme=programme, number=1)
    proposals = list(first.proposals.order_by("pk"))
    mentors = [p.mentor_id for p in proposals]
    for index in range(0, len(proposals) - 1, 10):
        mentors[index], mentors[index + 1] = mentors[index + 1], mentors[index]
    scores = [p.score for p in proposals]
    second = MatchingRun.objects.create(
        programme=programme,
        number=2,
        status="done",
        n_mentees=len(proposals) + 20,
        n_mentors=len(proposals) + 20,
        matched=len(proposals),
        total_score=sum(scores),
        optimal=True,
    )
    Proposal.objects.bulk_create(
        [
            Proposal(
                run=second,
                mentee_id=p.mentee_id,
                mentor_id=mentor,
                score=p.score,
                contributions=p.contributions,
                alternatives=[
                    {"mentor": rng.choice(mentors), "score": round(p.score - rng.random() / 5, 3)}
                    for _alt in range(3)
                ],
            )
            for p, mentor in zip(proposals, mentors, strict=True)
        ],
        batch_size=bench_dashboard.BATCH,
    )
    coordinator = programme.coordinators.first()
    PairDecision.objects.bulk_create(
        [
            PairDecision(
                programme=programme,
                mentee_id=p.mentee_id,
                mentor_id=mentor,
                kind="pin" if index % 2 else "veto",
                by=coordinator,
            )
            for index, (p, mentor) in enumerate(zip(proposals[:40:4], mentors[:40:4], strict=True))
        ]
    )


@dataclass
class Result:
    name: str
    p50: float
    p95: float
    kilobytes: float
    queries: int
    tabs: int | None = None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(client: object, name: str, url: str, runs: int, *, tabs: bool = False) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get() -> tuple[int, bytes]:
        response = client.get(url)  # type: ignore[attr-defined]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, body

    status, body = get()  # warm-up: templates, translations, caches
    if status != 200:
        raise SystemExit(f"{name} ({url}) answered {status}")
    times = []
    queries = 0
    for _run in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            status, body = get()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
        if status != 200:
            raise SystemExit(f"{name} ({url}) answered {status}")
    return Result(
        name=name,
        p50=statistics.median(times),
        p95=percentile(times, 0.95),
        kilobytes=len(body) / 1024,
        queries=queries,
        tabs=tab_stops(body.decode()) if tabs else None,
    )


def pages(slug: str) -> dict[str, str]:
    from django.urls import reverse

    return {
        "static": "/static/common/css/site.css",
        "home": reverse("matching:home", args=[slug]),
        "run": reverse("matching:run", args=[slug, 2]),
        "run-200": reverse("matching:run", args=["bench-200", 1]),
        "pairs": reverse("relationships:coordinate_pairs", args=[slug]),
        "meetings": reverse("meetings:coordinate", args=[slug]),
        "participants": reverse("participants:list", args=[slug]),
        "dashboard": reverse("reports:dashboard", args=[slug]),
    }


def add_small_programme(email: str) -> None:
    """A second programme with a 200-pair run (issue 17: "a 200-pair run page
    must stay usable"), coordinated by the same person."""
    from mentoring.accounts.models import User
    from mentoring.matching.models import MatchingRun, Proposal
    from mentoring.participants.models import Participation
    from mentoring.programmes.enums import Phase
    from mentoring.programmes.models import Programme

    rng = random.Random(200)  # noqa: S311 - synthetic data
    programme = Programme.objects.create(
        slug="bench-200", name_da="Bench 200", name_en="Bench 200", phase=Phase.PREPARATION
    )
    programme.coordinators.add(User.objects.get(email=email))
    users = User.objects.bulk_create(
        [
            User(email=f"{role}{i}@small.example", full_name=f"{role} {i}")
            for role in ("mentee", "mentor")
            for i in range(200)
        ]
    )
    people = Participation.objects.bulk_create(
        [
            Participation(
                programme=programme,
                user=user,
                role="mentee" if index < 200 else "mentor",
                status="accepted",
                capacity=None if index < 200 else 1,
            )
            for index, user in enumerate(users)
        ]
    )
    run = MatchingRun.objects.create(
        programme=programme, number=1, status="done", n_mentees=200, n_mentors=200, matched=200
    )
    criteria = ["goals_expertise", "change_lived", "roles", "benefits", "experience"]
    Proposal.objects.bulk_create(
        [
            Proposal(
                run=run,
                mentee=people[i],
                mentor=people[200 + i],
                score=rng.uniform(0.25, 0.95),
                contributions=[
                    {"criterion": name, "value": round(rng.random(), 3), "weight": 1}
                    for name in criteria
                ],
                alternatives=[
                    {"mentor": people[200 + (i + k) % 200].pk, "score": 0.3} for k in (1, 2, 3)
                ],
            )
            for i in range(200)
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument(
        "--database",
        type=Path,
        help="keep the generated SQLite file here and reuse it when it exists (to compare "
        "two versions of the code on the same data)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as folder:
        started = time.perf_counter()
        database = args.database or Path(folder) / "bench.sqlite3"
        reuse = database.exists()
        bench_dashboard.setup_django(database)
        if reuse:
            from mentoring.programmes.models import Programme

            slug = Programme.objects.get(slug="bench-2026").slug
            email = "coordinator@bench.example"
        else:
            slug, email = bench_dashboard.build(args.participants, args.seed)
            add_second_run(slug, args.seed)
            add_small_programme(email)
        print(f"set-up (migrate and generate): {time.perf_counter() - started:.1f} s", flush=True)

        from django.test import Client

        from mentoring.accounts.models import User

        client = Client()
        client.force_login(User.objects.get(email=email))
        wanted = {name for name in args.only.split(",") if name}
        print(
            f"\n{args.participants:,} participants, {args.runs} runs per page "
            f"(test client, SQLite); targets p95 <= {TARGET_P95_MS:.0f} ms, "
            f"<= {TARGET_KB:.0f} KB\n"
        )
        print(f"{'page':<14}{'p50 ms':>9}{'p95 ms':>9}{'KB':>9}{'queries':>9}{'tabs':>7}  target")
        for name, url in pages(slug).items():
            if wanted and name not in wanted and name != "static":
                continue
            report(measure(client, name, url, args.runs, tabs=name.startswith("run")))


def report(result: Result) -> None:
    met = result.p95 <= TARGET_P95_MS and result.kilobytes <= TARGET_KB
    verdict = "baseline" if result.name == "static" else ("met" if met else "MISSED")
    tabs = "" if result.tabs is None else str(result.tabs)
    print(
        f"{result.name:<14}{result.p50:>9.1f}{result.p95:>9.1f}{result.kilobytes:>9.1f}"
        f"{result.queries:>9}{tabs:>7}  {verdict}",
        flush=True,
    )


if __name__ == "__main__":
    main()
