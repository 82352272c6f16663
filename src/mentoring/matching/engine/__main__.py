"""Command line: ``python -m mentoring.matching.engine solve PROBLEM.json``.

Prints the solution as JSON on stdout (format in ``docs/matching.md``). A
malformed problem exits with status 2 and one line on stderr; so does a file
that cannot be read. ``-`` reads the problem from stdin.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from mentoring.matching.engine.errors import ProblemError
from mentoring.matching.engine.problem_io import read_problem, solution_to_json
from mentoring.matching.engine.solver import solve

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m mentoring.matching.engine",
        description="The mentoring matching engine (no Django needed).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    solve_cmd = commands.add_parser(
        "solve",
        help="solve a problem (JSON) and print the solution (JSON)",
        description="Solve PROBLEM.json: most matched mentees first, then the highest "
        "total score; prints the solution as JSON.",
    )
    solve_cmd.add_argument("problem", metavar="PROBLEM.json", help="the problem file, - for stdin")
    solve_cmd.add_argument(
        "--candidates",
        type=int,
        default=50,
        metavar="K",
        help="each side's best K partners start the candidate graph (default 50); "
        "the result is proven optimal whatever K is",
    )
    solve_cmd.add_argument("--indent", type=int, default=None, help="pretty-print the JSON")
    solve_cmd.add_argument(
        "--stats", action="store_true", help="add the solver's statistics to the output"
    )
    return parser


def _fail(message: str) -> int:
    sys.stderr.write("error: " + " ".join(message.split()) + "\n")
    return EXIT_BAD_INPUT


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.problem == "-":
            text = sys.stdin.read()
        else:
            with open(args.problem, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        return _fail(f"cannot read {args.problem}: {getattr(error, 'strerror', None) or error}")
    try:
        loaded = read_problem(text)
        solution = solve(loaded.problem, candidates_per_side=max(1, args.candidates))
    except ProblemError as error:
        return _fail(str(error))
    output = solution_to_json(solution, loaded.scores, stats=args.stats)
    sys.stdout.write(json.dumps(output, indent=args.indent, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
