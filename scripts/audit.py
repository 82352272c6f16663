"""Check the pinned requirements against a vulnerability database (``make audit``).

Runs pip-audit on ``requirements/base.txt`` and ``requirements/dev.txt`` (the pins
only, nothing is installed), first against the OSV database, then against PyPI's
advisory data. pip-audit itself passes when it could not look a package up ("could
not be audited"), so a closed network would look like a clean bill of health; this
script reads its report and says plainly what was and was not checked.

Exit codes:
  0  every pinned package was checked and none has a known vulnerability
  1  at least one pinned package has a known vulnerability (listed)
  3  no vulnerability database reachable: nothing was checked
  4  some packages could not be checked (listed); none of the others is vulnerable
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = [ROOT / "requirements" / "base.txt", ROOT / "requirements" / "dev.txt"]
SERVICES = ["osv", "pypi"]

OK, VULNERABLE, UNREACHABLE, INCOMPLETE = 0, 1, 3, 4


@dataclass
class Summary:
    checked: list[str] = field(default_factory=list)
    vulnerable: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.vulnerable:
            return VULNERABLE
        if not self.checked:
            return UNREACHABLE
        if self.unchecked:
            return INCOMPLETE
        return OK


def summarise(report: dict[str, Any]) -> Summary:
    """Sort pip-audit's JSON report (``--format json``) into checked, vulnerable
    and unchecked packages. A package with a ``skip_reason`` was not checked."""
    summary = Summary()
    for dependency in report.get("dependencies", []):
        name = f"{dependency['name']} {dependency.get('version', '')}".strip()
        if "skip_reason" in dependency:
            summary.unchecked.append(f"{name}: {dependency['skip_reason']}")
            continue
        summary.checked.append(name)
        for vuln in dependency.get("vulns", []):
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            summary.vulnerable.append(f"{name}: {vuln.get('id', '?')} (fixed in: {fixed})")
    return summary


def run_pip_audit(requirements: list[Path], service: str) -> dict[str, Any] | None:
    """pip-audit's report, or None when the service could not be reached."""
    args = [sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip"]
    args += ["--progress-spinner", "off", "--format", "json", "--vulnerability-service", service]
    for path in requirements:
        args += ["--requirement", str(path)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)
    # pip-audit exits 1 when it found vulnerabilities and still prints the report;
    # a network failure ends in a traceback with no report on stdout.
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        print(f"  {service}: not reachable ({last[:200]})", file=sys.stderr)
        return None
    return report if isinstance(report, dict) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("requirements", nargs="*", type=Path, default=REQUIREMENTS)
    options = parser.parse_args(argv)

    best: Summary | None = None
    for service in SERVICES:
        report = run_pip_audit(options.requirements, service)
        if report is None:
            continue
        summary = summarise(report)
        if best is None or len(summary.checked) > len(best.checked):
            best = summary
        if summary.checked and not summary.unchecked:
            break
        if summary.checked:
            print(f"  {service}: {len(summary.unchecked)} package(s) not found", file=sys.stderr)
        else:
            print(f"  {service}: answered for none of the packages", file=sys.stderr)

    if best is None or not best.checked:
        print(
            "AUDIT NOT DONE: no vulnerability database reachable "
            f"(tried: {', '.join(SERVICES)}). Nothing was checked; run `make audit` "
            "where OSV (api.osv.dev) or PyPI's JSON API (pypi.org) can be reached."
        )
        return UNREACHABLE
    print(f"Checked {len(best.checked)} pinned package(s).")
    if best.vulnerable:
        print(f"VULNERABLE: {len(best.vulnerable)} known vulnerability(ies):")
        for line in best.vulnerable:
            print(f"  {line}")
    if best.unchecked:
        print(f"NOT CHECKED: {len(best.unchecked)} package(s) could not be looked up:")
        for line in best.unchecked:
            print(f"  {line}")
    if best.exit_code == OK:
        print("No known vulnerabilities in the pinned requirements.")
    return best.exit_code


if __name__ == "__main__":
    sys.exit(main())
