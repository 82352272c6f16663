"""Matching benchmarks (``make bench``).

1. Explicit scores: our solver side by side with scipy's dense
   ``linear_sum_assignment`` and a first-come-first-served greedy baseline, on
   synthetic low-rank scores (seeded, see ``lowrank.py``) with tight capacity.
2. Re-solve after a pin and a veto (``Session.resolve``), checked against a
   fresh solve of the changed problem.
3. Profile-based end to end: ``ProfileScores`` + ``solve`` + ``explain_pairs``
   (3 alternatives) + ``unmatched_reason_facts`` on synthetic profiles, up to
   100,000 participants (50,000 mentees x 50,000 mentors, a few minutes).

Each (instance, method) runs in its own process, so that its peak memory is
its own. Times are medians of the runs shown.

    python benchmarks/bench_matching.py              # everything (about 10 minutes)
    python benchmarks/bench_matching.py --quick      # the small instances only
    python benchmarks/bench_matching.py --no-100k    # without the 100,000-participant run
    python benchmarks/bench_matching.py --only 50k   # one instance of part 1, 5 runs
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

from mentoring.matching.engine.explain import explain_pairs, unmatched_reason_facts  # noqa: E402
from mentoring.matching.engine.scoring import ProfileScores  # noqa: E402
from mentoring.matching.engine.solver import Session, solve  # noqa: E402
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
    Case("50k", 50_000, 25_000, 2, 3, on_the_fly=True),
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


def run_resolve(problem: Problem, source: ScoreSource) -> dict[str, Any]:
    """Solve, then pin one mentee to another mentor and veto another proposed
    pair, and re-solve (three times, going back to no change in between); a
    fresh solve of the changed problem checks the result."""
    t0 = time.perf_counter()
    session = Session(problem)
    first_seconds = time.perf_counter() - t0
    first = session.solution
    (a, b, _), (c, d, _) = first.pairs[0], first.pairs[1]
    row = source.block(problem.mentees.index(a), problem.mentees.index(a) + 1)[0]
    index = {slot.id: j for j, slot in enumerate(problem.mentors)}
    other = next(y for _, y, _ in reversed(first.pairs) if y != b and np.isfinite(row[index[y]]))
    pinned, vetoed = [(a, other)], [(c, d)]
    times = []
    solution = first
    for _ in range(3):
        t0 = time.perf_counter()
        solution = session.resolve(pinned=pinned, vetoed=vetoed)
        times.append(time.perf_counter() - t0)
        session.resolve(pinned=[], vetoed=[])
    changed = Problem(
        mentees=problem.mentees,
        mentors=problem.mentors,
        scores=problem.scores,
        pinned=pinned,
        vetoed=vetoed,
        min_score=problem.min_score,
    )
    t0 = time.perf_counter()
    fresh = solve(changed)
    fresh_seconds = time.perf_counter() - t0
    scores = [s for _, _, s in solution.pairs]
    return {
        "matched": solution.matched,
        "total": solution.total_score,
        "worst": min(scores) if scores else None,
        "optimal": solution.optimal,
        "stats": solution.stats,
        "times": times,
        "first_seconds": first_seconds,
        "fresh_seconds": fresh_seconds,
        "same_as_fresh": bool(
            fresh.optimal
            and fresh.matched == solution.matched
            and abs(fresh.total_score - solution.total_score) <= 1e-6
        ),
        "pin_kept": (a, other) in {(x, y) for x, y, _ in solution.pairs},
        "veto_kept": (c, d) not in {(x, y) for x, y, _ in solution.pairs},
    }


METHODS = {"ours": run_ours, "scipy": run_scipy, "greedy": run_greedy, "resolve": run_resolve}


@dataclass(frozen=True)
class ProfileCase:
    key: str
    n: int
    m: int

    @property
    def title(self) -> str:
        return f"{self.n:,} x {self.m:,} ({self.n + self.m:,} participants)"


PROFILE_CASES = [
    ProfileCase("p1k", 1_000, 1_000),
    ProfileCase("p10k", 5_000, 5_000),
    ProfileCase("p100k", 50_000, 50_000),
]


def profile_child(key: str) -> None:
    """Profile-based end to end in this process; prints one JSON line. The
    synthetic profiles are generated first (not timed); peak memory is the
    whole process's (profiles included)."""
    from mentoring.matching.engine.synthetic import synthetic_profiles

    case = next(c for c in PROFILE_CASES if c.key == key)
    t0 = time.perf_counter()
    mentees, mentors = synthetic_profiles(case.n, case.m, seed=1)
    generate = time.perf_counter() - t0
    gc.collect()
    before = _status_mb("VmRSS")
    phases: dict[str, float] = {}
    t0 = time.perf_counter()
    scores = ProfileScores(mentees, mentors, programme_kind="open")
    phases["scores"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    solution = solve(Problem(scores.mentee_ids, scores.mentor_slots(), scores))
    phases["solve"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    explanations = explain_pairs(scores, solution.pairs, alternatives=3)
    phases["explain"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    facts = unmatched_reason_facts(scores, [u.mentee for u in solution.unmatched])
    phases["unmatched"] = time.perf_counter() - t1
    phases["total"] = time.perf_counter() - t0
    peak = _status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "phases": phases,
                "generate": generate,
                "before_mb": before,
                "peak_mb": peak,
                "matched": solution.matched,
                "unmatched": len(facts),
                "explained": len(explanations),
                "optimal": solution.optimal,
                "stats": solution.stats,
            }
        )
    )


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
    times: list[float] = []
    result: dict[str, Any] = {}
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = METHODS[method](problem, source)
        times.extend(result.pop("times", [time.perf_counter() - t0]))
    peak = (_status_mb("VmHWM") if reset else None) or (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )
    print(json.dumps({**result, "times": times, "peak_mb": peak, "before_mb": before}))


def spawn(case: Case, method: str, repeats: int) -> dict[str, Any]:
    return _spawn(["--child", case.key, method, str(repeats)])


def _spawn(args: list[str]) -> dict[str, Any]:
    out = subprocess.run(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, *args],
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
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--child", nargs=3, metavar=("CASE", "METHOD", "REPEATS"))
    parser.add_argument("--profile-child", metavar="CASE")
    parser.add_argument("--quick", action="store_true", help="the small instances only")
    parser.add_argument(
        "--no-100k", action="store_true", help="skip the 100,000-participant profile run"
    )
    parser.add_argument(
        "--only",
        choices=[c.key for c in CASES] + [c.key for c in PROFILE_CASES],
        help="one instance (our solver, or the profile run), --repeats times",
    )
    parser.add_argument("--repeats", type=int, default=5, help="runs for --only (default 5)")
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
    if args.profile_child:
        profile_child(args.profile_child)
        return
    if args.only:
        only(args.only, args.repeats)
        return
    explicit(CASES[:1] if args.quick else CASES, args.scipy_minutes)
    resolve_table(CASES[:1] if args.quick else CASES[:2])
    profiles = PROFILE_CASES[:1] if args.quick else PROFILE_CASES
    if args.no_100k:
        profiles = [c for c in profiles if c.key != "p100k"]
    profile_table(profiles)


def only(key: str, repeats: int) -> None:
    """``--only``: one instance, several runs, each in its own process."""
    if key.startswith("p"):
        runs = [_spawn(["--profile-child", key]) for _ in range(repeats)]
        for r in runs:
            print(json.dumps(r))
        totals = [r["phases"]["total"] for r in runs if "phases" in r]
        if totals:
            print(f"{key}: end to end median {statistics.median(totals):.2f} s of {totals}")
        return
    case = next(c for c in CASES if c.key == key)
    runs = [spawn(case, "ours", 1) for _ in range(repeats)]
    for r in runs:
        st = r.get("stats", {})
        print(
            f"{r.get('times')} optimal={r.get('optimal')} peak={r.get('peak_mb', 0):.0f} MB "
            + " ".join(f"{k}={v:.2f}" for k, v in st.items() if k.startswith("seconds"))
        )
    times = [t for r in runs for t in r.get("times", [])]
    if times:
        print(f"{key}: median {statistics.median(times):.2f} s over {len(times)} runs: {times}")


def explicit(cases: list[Case], scipy_minutes: float) -> None:
    print("1. Explicit scores: synthetic low-rank scores, tight capacity, min_score 0.")
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
                elif predicted is not None and predicted > 60 * scipy_minutes:
                    skip = (
                        f"skipped (predicted {predicted / 60:.1f} min > "
                        f"{scipy_minutes:g} min; --scipy-minutes to run it)"
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


def resolve_table(cases: list[Case]) -> None:
    print()
    print("2. Re-solve after a pin and a veto (Session.resolve): the first proposed mentee")
    print("pinned to another mentor, the second proposed pair vetoed; median of 3 re-solves,")
    print("checked against a fresh solve of the changed problem.")
    print()
    header = (
        f"{'instance':<28} {'first solve s':>13} {'re-solve s':>10} {'fresh s':>8} "
        f"{'optimal':>7} {'= fresh':>7} {'pin/veto kept':>13} {'proof':>12}"
    )
    print(header)
    print("-" * len(header))
    for case in cases:
        r = spawn(case, "resolve", 1)
        if "error" in r:
            print(f"{case.title:<28} failed: {r['error']}")
            continue
        st = r["stats"]
        rows = "full scan" if st.get("full_scans") else "incremental"
        print(
            f"{case.title:<28} {r['first_seconds']:>13.3f} {statistics.median(r['times']):>10.3f} "
            f"{r['fresh_seconds']:>8.3f} {'yes' if r['optimal'] else 'no':>7} "
            f"{'yes' if r['same_as_fresh'] else 'NO':>7} "
            f"{'yes' if r['pin_kept'] and r['veto_kept'] else 'NO':>13} {rows:>12}"
        )
        print(f"{'':<28} runs: " + ", ".join(f"{t:.3f}" for t in r["times"]))


def profile_table(cases: list[ProfileCase]) -> None:
    print()
    print("3. Profile-based end to end (synthetic_profiles(n, m, seed=1), open programme,")
    print("default weights): ProfileScores + solve + explain_pairs (3 alternatives) +")
    print("unmatched_reason_facts. One run each; peak MB: the whole process, profiles included.")
    print()
    header = (
        f"{'instance':<34} {'scores':>7} {'solve':>7} {'explain':>8} {'unmatched':>9} "
        f"{'total s':>8} {'peak MB':>8} {'optimal':>7} {'matched':>8}"
    )
    print(header)
    print("-" * len(header))
    for case in cases:
        r = _spawn(["--profile-child", case.key])
        if "error" in r:
            print(f"{case.title:<34} failed: {r['error']}")
            continue
        ph = r["phases"]
        print(
            f"{case.title:<34} {ph['scores']:>7.2f} {ph['solve']:>7.2f} {ph['explain']:>8.2f} "
            f"{ph['unmatched']:>9.2f} {ph['total']:>8.2f} {r['peak_mb']:>8.0f} "
            f"{'yes' if r['optimal'] else 'no':>7} {r['matched']:>8,}"
        )


if __name__ == "__main__":
    main()
