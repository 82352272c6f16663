"""Load benchmark (issue 19, points 9 and 11): gunicorn with
``deploy/gunicorn.conf.py`` (3 processes) on the demo programme, 8 signed-in
users of mixed roles with writes in the mix, on SQLite or on PostgreSQL.

A threaded load generator (``requests``, one session per user, no think
time): 2 coordinator sessions (the demo coordinator, signing in with a TOTP
code each) page through the programme, the participants list,
the pairs list, the meetings overview and the surveys page; 3 mentees and 3
mentors open their home page, their pair, its meetings and journal, and every
fourth request writes a journal note (GET the form, POST it). At the same time
one more thread fetches a static file from the same server: the baseline of
what the server costs without Django's views.

Each run lasts ``--seconds``; the script reports p50 and p95 per page type per
run and the median of the runs (the machine is shared: look at the spread),
requests per second (and per core), errors (any answer but 200/302) and how
often the server log says "database is locked".

    python benchmarks/bench_load.py                      # SQLite, 3 runs of 20 s
    scripts/with-postgres.sh python benchmarks/bench_load.py   # PostgreSQL
    python benchmarks/bench_load.py --users 32 --runs 1  # the 32-user check
    python benchmarks/bench_load.py --single             # one request at a time

``--single`` is the single-user check: one thread in which a coordinator, a
mentee and a mentor take turns, so the server answers one request at a time.
Each run also reports how busy the machine's CPU was and how much of it the
load generator itself used (it runs on the same cores as the server).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import os
import re
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PAIR = re.compile(r'href="/me/mentorships/(\d+)/"')
STATIC = "/static/common/js/htmx.min.js"
USED_CODES: set[str] = set()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(var: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
        "MENTORING_ENV": "test",
        "DJANGO_DEBUG": "false",
        "MENTORING_VAR_DIR": str(var),
        "PYTHONPATH": str(ROOT / "src"),
        "LOG_LEVEL": "WARNING",
    }
    if not env.get("DATABASE_URL"):
        env["SQLITE_PATH"] = str(var / "bench.sqlite3")
    return env


def prepare(env: dict[str, str]) -> None:
    url = env.get("DATABASE_URL", "")
    if url:  # scripts/with-postgres.sh starts an empty cluster: create the database
        import psycopg

        base, _slash, name = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if exists is None:
                admin.execute(f'CREATE DATABASE "{name}"')
    for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo"]):
        subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), *command],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )


class User:
    def __init__(self, base: str, email: str, role: str) -> None:
        self.base = base
        self.email = email
        self.role = role
        self.http = requests.Session()
        self.pair = 0
        self.views = 0

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.base + path, timeout=60, allow_redirects=False)

    def post_form(self, path: str, data: dict[str, str]) -> requests.Response:
        page = self.get(path)
        token = CSRF.search(page.text)
        if token is None:
            raise RuntimeError(f"no form at {path}: {page.status_code}")
        return self.http.post(
            self.base + path,
            data={"csrfmiddlewaretoken": token.group(1), **data},
            timeout=60,
            allow_redirects=False,
        )

    def log_in(self, password: str, totp_secret: str) -> None:
        response = self.post_form("/accounts/login/", {"login": self.email, "password": password})
        if response.status_code != 302:
            raise RuntimeError(f"login failed for {self.email}: {response.status_code}")
        if "2fa" in response.headers.get("Location", ""):
            code, valid = totp_code(totp_secret)
            if valid < 3 or code in USED_CODES:  # a code works once: wait for the next
                time.sleep(valid + 1)
                code, _valid = totp_code(totp_secret)
            USED_CODES.add(code)
            answer = self.post_form(response.headers["Location"], {"code": code})
            if answer.status_code != 302:
                raise RuntimeError(f"TOTP refused for {self.email}")
        if self.role != "coordinator":
            match = PAIR.search(self.get("/").text)
            self.pair = int(match.group(1)) if match else 0


def totp_code(secret: str) -> tuple[str, int]:
    """RFC 6238 (30 s, 6 digits, SHA-1), as the demo's authenticator expects;
    returns the code and the seconds it stays valid."""
    now = int(time.time())
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", now // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}", 30 - now % 30


def pages(user: User, slug: str) -> list[tuple[str, str]]:
    """(page type, path) the user cycles through."""
    if user.role == "coordinator":
        base = f"/coordinate/{slug}/"
        return [
            ("coordinator detail", base),
            ("coordinator list", base + "participants/"),
            ("coordinator list", base + "pairs/"),
            ("coordinator list", base + "meetings/"),
            ("coordinator list", base + "surveys/"),
        ]
    pair = f"/me/mentorships/{user.pair}/"
    found = [("home", "/")]
    if user.pair:
        found += [
            ("pair", pair),
            ("pair list", pair + "meetings/"),
            ("pair list", pair + "journal/"),
        ]
    return found


def one_step(user: User, slug: str, step: int, record: Callable[[str, float, int], None]) -> None:
    """The user's ``step``-th request: every fourth of a mentee's or mentor's
    is a journal note (GET the form, POST it), the others a page of their cycle."""
    started = time.perf_counter()
    try:
        if user.role != "coordinator" and user.pair and step % 4 == 0:
            kind = "write (note)"
            response = user.post_form(
                f"/me/mentorships/{user.pair}/journal/new/",
                {"title": f"Belastning {step}", "body": "Noter.", "visibility": "private"},
            )
        else:
            # The user's own count of page views: indexing by ``step`` would
            # skip the pages whose turn falls on a write.
            cycle = pages(user, slug)
            user.views += 1
            kind, path = cycle[user.views % len(cycle)]
            response = user.get(path)
        status = response.status_code
        if status not in (200, 302):
            kind_path = f"{kind} {response.request.path_url}"
            record(kind_path, (time.perf_counter() - started) * 1000, status)
            return
    except (requests.RequestException, RuntimeError):
        kind, status = "error", 0
    record(kind, (time.perf_counter() - started) * 1000, status)


def drive(
    people: list[User], slug: str, until: float, record: Callable[[str, float, int], None]
) -> None:
    """One thread: ``people`` take turns, one request at a time."""
    step = 0
    while time.monotonic() < until:
        step += 1
        for user in people:
            one_step(user, slug, step, record)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cpu_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine since boot (/proc/stat)."""
    with open("/proc/stat", encoding="ascii") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def one_run(
    base: str, people: list[User], slug: str, seconds: float, *, single: bool = False
) -> dict[str, object]:
    times: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    lock = threading.Lock()

    def record(kind: str, ms: float, status: int) -> None:
        with lock:
            times[kind].append(ms)
            if status not in (200, 302):
                errors[f"{kind}: {status}"] += 1

    load_before = os.getloadavg()[0]
    until = time.monotonic() + seconds
    # --single: one thread, the users take turns (one request at a time);
    # otherwise a thread per user, all at once.
    groups = [people] if single else [[user] for user in people]
    threads = [
        threading.Thread(target=drive, args=(group, slug, until, record), daemon=True)
        for group in groups
    ]

    def baseline() -> None:
        static = requests.Session()
        while time.monotonic() < until:
            started = time.perf_counter()
            status = static.get(base + STATIC, timeout=60).status_code
            record("static file (baseline)", (time.perf_counter() - started) * 1000, status)
            time.sleep(0.05)

    threads.append(threading.Thread(target=baseline, daemon=True))
    started = time.monotonic()
    busy_before, total_before = cpu_ticks()
    client_before = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    busy_after, total_after = cpu_ticks()
    # Where the machine's CPU went: this process (the load generator) and the
    # rest (the server's processes, the database and anything else running).
    machine = (busy_after - busy_before) / max(1, total_after - total_before)
    client = (time.process_time() - client_before) / (elapsed * (os.cpu_count() or 1))
    dynamic = sum(len(v) for k, v in times.items() if not k.startswith("static"))
    return {
        "pages": {
            kind: (percentile(values, 0.5), percentile(values, 0.95), len(values))
            for kind, values in sorted(times.items())
        },
        "rps": dynamic / elapsed,
        # The machine's 1-minute load average before and after the run: other
        # work on a shared machine shows here (2 cores: above 2 means waiting).
        "load": (load_before, os.getloadavg()[0]),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "cpu": (machine, client),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--web-processes", type=int, default=3)
    parser.add_argument(
        "--single",
        action="store_true",
        help="one request at a time: a coordinator, a mentee and a mentor take turns "
        "(the single-user target); --users is ignored",
    )
    args = parser.parse_args()

    from mentoring.demo import data as demo

    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    with tempfile.TemporaryDirectory(prefix="mentoring-load-") as folder:
        var = Path(folder)
        env = server_env(var)
        print(f"Load benchmark on {database}: preparing the demo programme ...", flush=True)
        prepare(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = var / "gunicorn.log"
        with log_path.open("wb") as log:
            server = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py")],
                env={
                    **env,
                    "MENTORING_BIND": f"127.0.0.1:{port}",
                    "WEB_CONCURRENCY": str(args.web_processes),
                    "GUNICORN_ACCESS_LOG": "",
                },
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                # Three processes import Django and the apps: on a busy shared
                # machine (load average above 10 on 2 cores) that took over a minute.
                deadline = time.monotonic() + 180
                while True:
                    try:
                        if requests.get(base + "/accounts/login/", timeout=10).ok:
                            break
                    except requests.RequestException:
                        pass
                    if time.monotonic() > deadline:
                        tail = log_path.read_text(errors="replace")[-2000:]
                        raise RuntimeError(f"gunicorn did not start:\n{tail}")
                    time.sleep(0.5)
                people = sign_in(base, demo, 3 if args.single else args.users)
                slug = coordinator_slug(people, base)
                results = []
                for number in range(args.runs):
                    result = one_run(base, people, slug, args.seconds, single=args.single)
                    results.append(result)
                    report(f"run {number + 1}", result)
                summary(results, database, args)
            finally:
                server.terminate()
                server.wait()
        locked = log_path.read_text(errors="replace").count("database is locked")
        print(f'"database is locked" in the server log: {locked}')


def sign_in(base: str, demo: object, count: int) -> list[User]:
    # Two sessions of the demo coordinator (the second signs in with the next TOTP code).
    coordinators = [User(base, "koordinator@example.dk", "coordinator") for _ in range(2)]
    mentees = [User(base, m.email, "mentee") for m in demo.MENTEES]  # type: ignore[attr-defined]
    mentors = [User(base, m.email, "mentor") for m in demo.MENTORS]  # type: ignore[attr-defined]
    mentees.insert(0, User(base, "mentee@example.dk", "mentee"))
    mentors.insert(0, User(base, "mentor@example.dk", "mentor"))
    wanted_coordinators = max(1, count // 4)
    people = coordinators[:wanted_coordinators]
    rest = count - len(people)
    people += mentees[: (rest + 1) // 2] + mentors[: rest // 2]
    for user in people:
        user.log_in(demo.DEMO_PASSWORD, demo.TOTP_SECRET)  # type: ignore[attr-defined]
    return people


def coordinator_slug(people: list[User], base: str) -> str:
    """The programme the coordinators page through: the first one on their list.

    The list also links to ``/coordinate/new/`` (the "New programme" button).
    Picking the most frequent ``/coordinate/<x>/`` link, as this used to, tied
    "new" with the programme's slug and chose between them by set order (the
    string hash, random per run): on the runs that chose "new", every
    coordinator list page answered 404 (``/coordinate/new/participants/`` does
    not exist) while the "programme page" was the create form. Reserved slugs
    are skipped, and each coordinator page must answer 200 once before the
    load starts.
    """
    from mentoring.programmes.validation import RESERVED_SLUGS

    coordinator = people[0]
    page = coordinator.get("/coordinate/").text
    slugs = [
        slug
        for slug in re.findall(r'href="/coordinate/([a-z0-9-]+)/"', page)
        if slug not in RESERVED_SLUGS
    ]
    if not slugs:
        raise RuntimeError("no programme on the coordinator's list")
    slug = slugs[0]
    for _kind, path in pages(coordinator, slug):
        status = coordinator.get(path).status_code
        if status != 200:
            raise RuntimeError(f"{path} answers {status} before any load")
    return slug


def report(title: str, result: dict[str, object]) -> None:
    load_before, load_after = result["load"]  # type: ignore[misc]
    print(
        f"\n{title}: {result['rps']:.1f} requests/s, {result['errors']} errors, "
        f"load average {load_before:.1f} before, {load_after:.1f} after"
    )
    machine, client = result["cpu"]  # type: ignore[misc]
    print(f"  CPU busy {machine:.0%} of the machine, the load generator {client:.0%}")
    if result["errors"]:
        print(f"  errors: {result['error_kinds']}")
    for kind, (p50, p95, n) in result["pages"].items():  # type: ignore[attr-defined]
        print(f"  {kind:24s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({n} requests)")


def summary(results: list[dict[str, object]], database: str, args: argparse.Namespace) -> None:
    cores = os.cpu_count() or 1
    kinds = sorted({kind for result in results for kind in result["pages"]})  # type: ignore[attr-defined]
    users = (
        "1 request at a time (a coordinator, a mentee and a mentor take turns)"
        if args.single
        else f"{args.users} users"
    )
    print(
        f"\nMedian of {len(results)} runs on {database}, {users}, "
        f"gunicorn {args.web_processes} processes, {cores} cores:"
    )
    for kind in kinds:
        p50 = [r["pages"][kind][0] for r in results if kind in r["pages"]]  # type: ignore[index,operator]
        p95 = [r["pages"][kind][1] for r in results if kind in r["pages"]]  # type: ignore[index,operator]
        runs = ", ".join(f"{v:.0f}" for v in p95)
        print(
            f"  {kind:24s} p50 {statistics.median(p50):7.1f} ms   "
            f"p95 {statistics.median(p95):7.1f} ms   (p95 of the runs: {runs})"
        )
    rps = statistics.median(r["rps"] for r in results)  # type: ignore[misc]
    errors = sum(r["errors"] for r in results)  # type: ignore[misc]
    loads = [value for r in results for value in r["load"]]  # type: ignore[attr-defined]
    machine = statistics.median(r["cpu"][0] for r in results)  # type: ignore[index]
    client = statistics.median(r["cpu"][1] for r in results)  # type: ignore[index]
    print(f"  requests/s {rps:.1f} ({rps / cores:.1f} per core), errors {errors}")
    print(f"  CPU busy {machine:.0%} of the machine, of which the load generator {client:.0%}")
    print(f"  load average during the runs: {min(loads):.1f} to {max(loads):.1f}")


if __name__ == "__main__":
    main()
