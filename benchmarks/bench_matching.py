"""Matching benchmarks (``make bench``): our solver side by side with scipy's
dense ``linear_sum_assignment`` and a first-come-first-served greedy baseline.

Instances: synthetic low-rank scores (seeded, see ``lowrank.py``) with tight
capacity. Each (instance, method) runs in its own process, so that its peak
memory (``ru_maxrss``) is its own. Times are medians of the runs shown.

    python benchmarks/bench_matching.py            # the whole table
    python benchmarks/bench_matching.py --quick    # the small instance only
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from lowrank import LowRankScores  # noqa: E402

from mentoring.matching.engine.solver import solve  # noqa: E402
from mentoring.matching.engine.sources import DenseScores  # noqa: E402
from mentoring.matching.engine.types import MentorSlot, Problem, ScoreSource  # noqa: E402

#: Skip dense scipy when its slot matrix (float64) would pass this ...
SCIPY_MAX_BYTES = 2 * 1024**3
#: ... or when it is predicted (from the smaller instance, ~n^3) to take longer than this.
SCIPY_MAX_SECONDS = 180.0
MIN_SCORE = 0.0


@dataclass(frozen=True)
class Case:
    key: str
    n: int
    m: int
    cap: int
    repeats: int
    on_the_fly: bool  # scores computed block by block in every pass (never materialised)

    @property
    def title(self) -> str:
        return f"{self.n:,} x {self.m:,} (capacity {self.cap})"


CASES = [
    Case("1k", 1_000, 1_000, 1, 3, on_the_fly=False),
    Case("10k", 10_000, 5_000, 2, 3, on_the_fly=False),
    Case("50k", 50_000, 25_000, 2, 1, on_the_fly=True),
]


def instance(case: Case) -> tuple[Problem, ScoreSource]:
    lowrank = LowRankScores(case.n, case.m, seed=2026)
    source: ScoreSource = lowrank if case.on_the_fly else DenseScores(lowrank.dense())
    problem = Problem(
        mentees=[f"e{i}" for i in range(case.n)],
        mentors=[MentorSlot(f"m{j}", case.cap) for j in range(case.m)],
        scores=source,
        min_score=MIN_SCORE,
    )
    return problem, source


def run_ours(problem: Problem, source: ScoreSource) -> dict[str, Any]:
    solution = solve(problem)
    scores = [s for _, _, s in solution.pairs]
    return {
        "matched": solution.matched,
        "total": solution.total_score,
        "worst": min(scores) if scores else None,
        "optimal": solution.optimal,
        "stats": solution.stats,
    }


def run_scipy(problem: Problem, source: ScoreSource) -> dict[str, Any]:
    from scipy.optimize import linear_sum_assignment

    caps = np.array([s.capacity for s in problem.mentors])
    slots = np.repeat(np.arange(caps.size), caps)
    weight = source.block(0, source.n_mentees)[:, slots].astype(np.float64)
    unusable = ~(weight >= MIN_SCORE)  # also -inf
    # Forbidden pairs worth nothing, a bonus per matched pair: the count comes first.
    bonus = float(min(weight.shape) + 1)
    weight += bonus
    weight[unusable] = 0.0
    del unusable
    rows, cols = linear_sum_assignment(weight, maximize=True)
    chosen = weight[rows, cols] > 0
    scores = weight[rows[chosen], cols[chosen]] - bonus
    return {
        "matched": int(chosen.sum()),
        "total": math.fsum(scores.tolist()),
        "worst": float(scores.min()) if scores.size else None,
        "optimal": True,
    }


def run_greedy(problem: Problem, source: ScoreSource) -> dict[str, Any]:
    """First come, first served: each mentee in order takes the best mentor left."""
    m = source.n_mentors
    left = np.array([s.capacity for s in problem.mentors])
    closed = np.zeros(m, dtype=np.float32)  # -inf once a mentor is full
    scores: list[float] = []
    step = max(1, (1 << 22) // max(m, 1))
    for start in range(0, source.n_mentees, step):
        block = source.block(start, min(start + step, source.n_mentees))
        for row in block:
            offered = row + closed
            j = int(np.argmax(offered))
            if offered[j] >= MIN_SCORE:
                scores.append(float(row[j]))
                left[j] -= 1
                if left[j] == 0:
                    closed[j] = -np.inf
    return {
        "matched": len(scores),
        "total": math.fsum(scores),
        "worst": min(scores) if scores else None,
        "optimal": False,
    }


METHODS = {"ours": run_ours, "scipy": run_scipy, "greedy": run_greedy}


def _status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Linux: restart the peak-RSS counter (VmHWM) from the current RSS."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def child(case_key: str, method: str, repeats: int) -> None:
    """One (instance, method) in this process; prints one JSON line."""
    case = next(c for c in CASES if c.key == case_key)
    problem, source = instance(case)
    gc.collect()
    before = _status_mb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reset = _reset_peak()
    times = []
    result: dict[str, Any] = {}
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = METHODS[method](problem, source)
        times.append(time.perf_counter() - t0)
    peak = (_status_mb("VmHWM") if reset else None) or (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    print(json.dumps({**result, "times": times, "peak_mb": peak, "before_mb": before}))


def spawn(case: Case, method: str, repeats: int) -> dict[str, Any]:
    out = subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--child", case.key, method, str(repeats)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=3, metavar=("CASE", "METHOD", "REPEATS"))
    parser.add_argument("--quick", action="store_true", help="the smallest instance only")
    parser.add_argument(
        "--scipy-minutes",
        type=float,
        default=SCIPY_MAX_SECONDS / 60,
        help="skip dense scipy when predicted to take longer (default 3)",
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    cases = CASES[:1] if args.quick else CASES
    print("Matching benchmark: synthetic low-rank scores, tight capacity, min_score 0.")
    print("Time: median of the runs. Peak MB: the process's peak RSS while the method ran")
    print("(Python, libraries and the instance included); 'instance' MB: its RSS before.")
    print()
    header = (
        f"{'instance':<28} {'method':<7} {'runs':>4} {'time s':>9} {'peak MB':>8} "
        f"{'instance':>8} {'optimal':>7} {'matched':>8} {'total score':>12} "
        f"{'gap':>18} {'worst-off':>9}"
    )
    print(header)
    print("-" * len(header))
    scipy_rate: float | None = None  # seconds / slots^3 from the last scipy run
    for case in cases:
        ours: dict[str, Any] | None = None
        for method in ("ours", "scipy", "greedy"):
            repeats = case.repeats
            skip = None
            if method == "scipy":
                slots = case.m * case.cap
                size = case.n * slots * 8
                predicted = scipy_rate * float(slots) ** 3 if scipy_rate else None
                if size > SCIPY_MAX_BYTES:
                    skip = f"skipped (slot matrix {size / 1024**3:.0f} GB > 2 GB)"
                elif predicted is not None and predicted > 60 * args.scipy_minutes:
                    skip = (
                        f"skipped (predicted {predicted / 60:.1f} min > "
                        f"{args.scipy_minutes:g} min; --scipy-minutes to run it)"
                    )
                elif predicted is not None and predicted > 20:
                    repeats = 1  # one run is enough to show it
            label = case.title if method == "ours" else ""
            if skip:
                print(f"{label:<28} {method:<7} {skip}")
                continue
            r = spawn(case, method, repeats)
            if "error" in r:
                print(f"{label:<28} {method:<7} failed: {r['error']}")
                continue
            median = statistics.median(r["times"])
            if method == "scipy":
                scipy_rate = median / float(case.m * case.cap) ** 3
            if method == "ours":
                ours = r
                gap = "-"
            elif ours is not None:
                diff = r["total"] - ours["total"]
                share = 100 * diff / ours["total"] if ours["total"] else 0.0
                gap = f"{r['matched'] - ours['matched']:+d} / {diff:+.3f} ({share:+.2f}%)"
            else:
                gap = "?"
            print(
                f"{label:<28} {method:<7} {len(r['times']):>4} {median:>9.3f} "
                f"{r['peak_mb']:>8.0f} {r['before_mb']:>8.0f} "
                f"{'yes' if r['optimal'] and method != 'greedy' else 'no':>7} "
                f"{r['matched']:>8,} {r['total']:>12.3f} {gap:>18} {fmt(r['worst'], '.3f'):>9}"
            )
            if method == "ours":
                st = {k: round(v, 2) for k, v in r["stats"].items()}
                pad = " " * 37
                print(
                    f"{pad}rounds {st['rounds']:.0f}: full scans {st['full_scans']:.0f}, "
                    f"incremental proofs {st['incremental_checks']:.0f}, row scans "
                    f"{st['row_scans']:.0f}; candidate edges {st['first_candidate_edges']:,.0f}"
                    f" -> {st['candidate_edges']:,.0f}"
                )
                print(
                    f"{pad}seconds: candidates {st['seconds_candidates']}, flow "
                    f"{st['seconds_flow']}, duals {st['seconds_duals']}, scans "
                    f"{st['seconds_verify']}"
                )
                if len(r["times"]) > 1:
                    print(f"{'':<28} {'':<7} runs: " + ", ".join(f"{t:.3f}" for t in r["times"]))
        print()
    print("gap = matched difference / total score difference vs ours (negative: worse).")
    print("worst-off = the lowest score among matched mentees. 50k: scores are computed")
    print("on the fly in every pass over the rows (included in the time).")


if __name__ == "__main__":
    main()
