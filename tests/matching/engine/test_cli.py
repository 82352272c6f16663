"""The command line: ``python -m mentoring.matching.engine solve PROBLEM.json``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

PROBLEM = {
    "mentees": ["anna", "bo", "carl", "dina"],
    "mentors": [{"id": "mette", "capacity": 1}, {"id": "nils", "capacity": 2}],
    "scores": [
        ["anna", "mette", 0.9],
        ["anna", "nils", 0.6],
        ["bo", "mette", 0.8],
        ["bo", "nils", 0.75],
        ["carl", "nils", 0.3],
        ["dina", "nils", 0.55],
    ],
    "pinned": [["dina", "nils"]],
    "vetoed": [["bo", "nils"]],
    "min_score": 0.4,
}


def run(tmp_path: Path, problem: object | str, *args: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "problem.json"
    path.write_text(problem if isinstance(problem, str) else json.dumps(problem))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "mentoring.matching.engine", "solve", str(path), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def test_solves_a_problem_and_prints_the_solution(tmp_path: Path) -> None:
    result = run(tmp_path, PROBLEM)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    solution = json.loads(result.stdout)
    assert solution == {
        "pairs": [["anna", "nils", 0.6], ["bo", "mette", 0.8], ["dina", "nils", 0.55]],
        "unmatched": [
            {
                "mentee": "carl",
                "reason": "Every allowed mentor scores below the programme's minimum score.",
            }
        ],
        "matched": 3,
        "total_score": 1.95,
        "optimal": True,
    }


def test_stats_on_request(tmp_path: Path) -> None:
    result = run(tmp_path, PROBLEM, "--stats", "--indent", "2")
    assert result.returncode == 0, result.stderr
    solution = json.loads(result.stdout)
    assert solution["stats"]["rounds"] >= 1
    assert solution["optimal"] is True


def without(key: str) -> dict[str, object]:
    return {k: v for k, v in PROBLEM.items() if k != key}


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ('{"mentees": [', "Invalid JSON at line 1"),
        ("[1, 2]", "must be a JSON object"),
        (without("scores"), 'The problem has no "scores"'),
        ({**PROBLEM, "min-score": 0.2}, "Unknown key"),
        ({**PROBLEM, "mentees": ["anna", "bo", "anna"]}, "Duplicate mentee id"),
        (
            {
                **PROBLEM,
                "mentors": [{"id": "mette", "capacity": 1}, {"id": "mette", "capacity": 1}],
            },
            "Duplicate mentor id",
        ),
        (
            {**PROBLEM, "mentors": [{"id": "mette", "capacity": 0}, {"id": "nils", "capacity": 2}]},
            "capacity 0",
        ),
        ({**PROBLEM, "scores": [["zoe", "nils", 0.5]]}, "Unknown mentee"),
        ({**PROBLEM, "scores": [["anna", "zed", 0.5]]}, "Unknown mentor"),
        ({**PROBLEM, "pinned": [["anna", "zed"]]}, "Unknown mentor 'zed' in a pinned pair"),
        ({**PROBLEM, "vetoed": [["zoe", "nils"]]}, "Unknown mentee 'zoe' in a vetoed pair"),
        ({**PROBLEM, "pinned": [["bo", "nils"]]}, "both pinned and vetoed"),
        (
            {**PROBLEM, "pinned": [["anna", "mette"], ["bo", "mette"]], "vetoed": []},
            "more pinned mentees than their capacity",
        ),
        ({**PROBLEM, "pinned": [["carl", "mette"]]}, "is not allowed"),
        (
            '{"mentees": ["a"], "mentors": [{"id": "m", "capacity": 1}], '
            '"scores": [["a", "m", NaN]]}',
            "NaN",
        ),
        ({**PROBLEM, "scores": [["anna", "nils", "high"]]}, "must be [mentee_id, mentor_id"),
        ({**PROBLEM, "min_score": None}, '"min_score" must be a finite number'),
    ],
)
def test_malformed_input_exits_2_with_one_line(
    tmp_path: Path, problem: object | str, message: str
) -> None:
    result = run(tmp_path, problem)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "mentoring.matching.engine", "solve", str(tmp_path / "nope.json")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "cannot read" in result.stderr
