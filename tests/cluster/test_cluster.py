"""The multi-node fault test (issue 19, point 10): ``make test-cluster``.

On this one machine: PostgreSQL (the suite's database, started by
``scripts/with-postgres.sh``), Redis (Debian's ``redis-server`` on a loopback
port, in a throw-away folder), two web nodes (gunicorn with
``deploy/gunicorn.conf.py``, two processes each, on two ports) and two workers
(``manage.py worker``). A bounded mixed load goes through both web nodes
(log in, write journal notes, plan meetings, write agendas; every plan sends
e-mail through the outbox), and a coordinator (password and TOTP) runs matching
of a second programme through node B. Mid-run one web node and one worker are
killed with SIGKILL: the worker while it executes the matching run (held in
its storing transaction by a lock the test takes on the programme's
participations, as an erasure would), the web node mid-load. Then:

- every write the app acknowledged (a redirect after the POST) exists: 0 lost;
- no two e-mails carry the same Message-ID, and every outbox row was sent;
- every reminder that was due was sent;
- the matching task the killed worker was running was reclaimed and ran to
  its end once, on the other worker: one run, done, its proposals stored once;
  publishing it through node B makes one mentorship per proposal and sends
  their e-mails once each (by Message-ID);
- the slow test tasks each took effect once;
- the periodic tick ran once per tick cluster-wide, not once per worker;
- a session started on the killed node keeps working on the other node;
- the login rate limit counts failures on both nodes together (Redis).

Marked ``cluster``: not part of the default run (``-m "not cluster"`` in the
pytest options); it needs PostgreSQL and takes one to three and a half minutes.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_string
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentoring.common.enums import OutboxStatus
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.matching.enums import RunStatus
from mentoring.matching.models import MatchingRun, Proposal
from mentoring.meetings.models import Meeting, Note, Reminder
from mentoring.meetings.services.reminders import meeting_reminders_schedule
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.relationships.models import AgreementVersion, Mentorship
from tests.cluster.hooks import slow_mark
from tests.factories import PASSWORD, ProgrammeFactory, UserFactory, activate_totp, totp_code
from tests.meetings.calendar_helpers import meeting, pair
from tests.relationships.helpers import small_programme

ROOT = Path(__file__).resolve().parents[2]
PAIRS = 6
LOAD_SECONDS = 36
KILL_WEB_AT = 12
TICK = 2.0
RECLAIM_AFTER = 8

pytestmark = [pytest.mark.cluster, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Any, *, seconds: float, what: str, every: float = 0.3) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


# --- The peers ----------------------------------------------------------------


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: make test-cluster installs it")
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    options = ["--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    options += ["--save", "", "--appendonly", "no", "--protected-mode", "yes"]
    process = subprocess.Popen(  # noqa: S603
        [binary, *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    try:
        wait_until(answers, seconds=20, what="redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.kill()
        process.wait()


@dataclass
class Cluster:
    env: dict[str, str]
    mail_dir: Path
    marks: Path
    logs: Path
    nodes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    workers: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start_web(self, name: str) -> None:
        port = free_port()
        log = (self.logs / f"{name}.log").open("wb")
        self.nodes[name] = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py")],
            env={
                **self.env,
                "MENTORING_BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": "2",
                "GUNICORN_ACCESS_LOG": "",
            },
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.urls[name] = f"http://127.0.0.1:{port}"

    def start_worker(self, name: str) -> None:
        log = (self.logs / f"{name}.log").open("wb")
        self.workers[name] = subprocess.Popen(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), "worker", "--tick", str(TICK)],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill_web(self, name: str) -> None:
        """SIGKILL the node's master and its processes (the whole group)."""
        os.killpg(self.nodes[name].pid, signal.SIGKILL)
        self.nodes[name].wait()

    def stop_all(self) -> None:
        for process in [*self.nodes.values(), *self.workers.values()]:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def database_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )


@pytest.fixture
def cluster(tmp_path: Path, redis_url: str) -> Iterator[Cluster]:
    if connection.vendor != "postgresql":
        pytest.skip("the cluster test runs on PostgreSQL: make test-cluster")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    logs = tmp_path / "logs"
    logs.mkdir()
    env = {
        **os.environ,
        # The test settings, every matching run on the worker (tests/cluster/settings.py).
        "DJANGO_SETTINGS_MODULE": "tests.cluster.settings",
        "DATABASE_URL": database_url(),
        "CACHE_URL": redis_url,
        "MENTORING_TEST_MAIL_DIR": str(mail_dir),
        "MENTORING_CLUSTER_MARKS": str(tmp_path / "marks.txt"),
        "TASK_RECLAIM_AFTER_SECONDS": str(RECLAIM_AFTER),
        "OUTBOX_STALE_CLAIM_SECONDS": str(RECLAIM_AFTER),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}",
    }
    result = Cluster(env=env, mail_dir=mail_dir, marks=tmp_path / "marks.txt", logs=logs)
    try:
        yield result
    finally:
        result.stop_all()


# --- The data -------------------------------------------------------------------


def learning_pairs(programme: Programme) -> list[Mentorship]:
    """``PAIRS`` pairs past the trial gate with an accepted agreement, so both
    sides may plan meetings, write agendas and notes."""
    pairs = []
    long_ago = timezone.now() - timedelta(days=90)
    for number in range(PAIRS):
        mentorship = pair(
            programme, mentee_name=f"Anna{number} Nummer", mentor_name=f"Mads{number} Nummer"
        )
        Mentorship.objects.filter(pk=mentorship.pk).update(
            accepted_at=long_ago,
            first_meeting_held_on=timezone.localdate(long_ago) + timedelta(days=1),
            trial_passed_at=long_ago + timedelta(days=2),
        )
        AgreementVersion.objects.create(
            mentorship=mentorship,
            number=1,
            mentee_accepted_at=long_ago,
            mentor_accepted_at=long_ago,
            accepted_at=long_ago,
            meetings_planned=6,
            meeting_minutes=90,
            starts_on=timezone.localdate(long_ago),
            ends_on=timezone.localdate() + timedelta(days=300),
            alternate_hosts=True,
            virtual_share=20,
        )
        mentorship.refresh_from_db()
        pairs.append(mentorship)
    return pairs


def due_reminders(pairs: list[Mentorship]) -> list[int]:
    """A meeting per pair with its reminders due now."""
    for mentorship in pairs:
        meeting_reminders_schedule(meeting=meeting(mentorship, days=3))
    Reminder.objects.update(due_at=timezone.now() - timedelta(minutes=1))
    return list(Reminder.objects.values_list("pk", flat=True))


def matching_programme() -> tuple[Programme, Any, str]:
    """A second programme of three accepted mentees and three mentors (one
    clearly best mentor each), coordinated by a person with TOTP."""
    programme = ProgrammeFactory()
    small_programme(programme)
    coordinator = UserFactory(full_name="Karen Koordinator")
    programme.coordinators.add(coordinator)
    return programme, coordinator, activate_totp(coordinator)


def blocked_on_participations(run: MatchingRun) -> bool:
    """The run's worker waits in its storing transaction for the lock on the
    programme's participations (``_left_during_run``) that the test holds."""
    run.refresh_from_db()
    if run.status != RunStatus.RUNNING:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE %s",
            [f'%"{Participation._meta.db_table}"%FOR UPDATE%'],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


# --- The load -------------------------------------------------------------------

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person:
    """One browser: a requests session that goes to either node."""

    def __init__(self, email: str, cluster: Cluster) -> None:
        self.email = email
        self.cluster = cluster
        self.http = requests.Session()
        self.turn = 0

    def node(self) -> str:
        """Round robin over the nodes that are up: every request may land elsewhere."""
        alive = [name for name, process in self.cluster.nodes.items() if process.poll() is None]
        self.turn += 1
        return self.cluster.urls[alive[self.turn % len(alive)]]

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.node() + path, timeout=20, allow_redirects=False)

    def post_form(
        self, path: str, data: dict[str, str], *, form_page: str = ""
    ) -> requests.Response:
        """GET the form (``form_page``, else ``path``) for its CSRF token, then
        POST it to ``path``, maybe on the other node."""
        page = self.get(form_page or path)
        token = CSRF.search(page.text)
        assert page.status_code == 200 and token, (form_page or path, page.status_code)
        return self.http.post(
            self.node() + path,
            data={"csrfmiddlewaretoken": token.group(1), **data},
            timeout=20,
            allow_redirects=False,
        )

    def log_in(self, password: str = PASSWORD) -> requests.Response:
        return self.post_form(reverse("account_login"), {"login": self.email, "password": password})

    def log_in_with_totp(self, secret: str) -> None:
        """Password, then the authenticator's code (computed with pyotp, as the
        person's app would). A code is accepted once: sign in once per secret
        and 30-second window."""
        response = self.log_in()
        assert response.status_code == 302, response.text[:500]
        assert "/2fa/" in response.headers["Location"], response.headers["Location"]
        answer = self.post_form(response.headers["Location"], {"code": totp_code(secret)})
        assert answer.status_code == 302, answer.text[:500]


@dataclass
class Acknowledged:
    notes: list[str] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)
    agendas: list[tuple[int, str]] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def drive(
    person: Person,
    mentorship: Mentorship,
    *,
    is_mentee: bool,
    agenda_meeting: int,
    until: float,
    ack: Acknowledged,
) -> None:
    """Write notes, plan meetings and (as the mentee) write agendas until ``until``."""
    pk = mentorship.pk
    step = 0
    while time.monotonic() < until:
        step += 1
        marker = f"{'mentee' if is_mentee else 'mentor'}-{pk}-{step}-{time.monotonic_ns()}"
        try:
            kind = step % 3
            if kind == 0:
                response = person.post_form(
                    reverse("meetings:note_new", kwargs={"pk": pk}),
                    {
                        "title": marker,
                        "body": "Noter fra belastningstesten.",
                        "visibility": "private",
                    },
                )
                if response.status_code == 302:
                    with ack.lock:
                        ack.notes.append(marker)
            elif kind == 1:
                # A day of its own per step, so that no two plans of a pair overlap.
                day = timezone.localdate() + timedelta(days=20 + step * 2 + (0 if is_mentee else 1))
                response = person.post_form(
                    reverse("meetings:plan", kwargs={"pk": pk}),
                    {
                        "day": day.isoformat(),
                        "start": "10:00",
                        "duration_minutes": "60",
                        "venue_kind": "mentor_workplace",
                        "theme": marker,
                    },
                )
                if response.status_code == 302:
                    with ack.lock:
                        ack.meetings.append(marker)
            elif is_mentee:
                response = person.post_form(
                    reverse("meetings:agenda", kwargs={"pk": pk, "meeting": agenda_meeting}),
                    {"agenda": marker},
                )
                if response.status_code == 302:
                    with ack.lock:
                        ack.agendas.append((agenda_meeting, marker))
            else:
                response = person.get(reverse("meetings:list", kwargs={"pk": pk}))
            with ack.lock:
                ack.requests += 1
                if response.status_code not in (200, 302):
                    ack.failures[f"status {response.status_code}"] += 1
        except (requests.ConnectionError, requests.Timeout, AssertionError) as error:
            # The node died under this request: not acknowledged, so not counted.
            with ack.lock:
                ack.failures[type(error).__name__] += 1


def message_ids(mail_dir: Path) -> list[str]:
    """Every Message-ID the mailer wrote (the file backend: messages separated by a line of -)."""
    found = []
    for path in mail_dir.iterdir():
        for chunk in path.read_text(encoding="utf-8").split("\n" + "-" * 79 + "\n"):
            if chunk.strip():
                message_id = message_from_string(chunk.strip())["Message-ID"]
                assert message_id, chunk[:200]
                found.append(message_id)
    return found


def test_two_web_nodes_and_two_workers_lose_nothing_when_one_of_each_is_killed(
    cluster: Cluster, request: pytest.FixtureRequest
) -> None:
    programme = ProgrammeFactory()
    pairs = learning_pairs(programme)
    reminders = due_reminders(pairs)
    assert len(reminders) >= PAIRS
    agenda_meetings = dict(Meeting.objects.values_list("mentorship_id", "pk"))
    matching, coordinator_user, totp_secret = matching_programme()

    for name in ("web-a", "web-b"):
        cluster.start_web(name)
    workers_started = time.monotonic()
    for name in ("worker-a", "worker-b"):
        cluster.start_worker(name)

    def up(name: str) -> bool:
        try:
            page = requests.get(cluster.urls[name] + reverse("account_login"), timeout=15)
        except requests.RequestException:
            return False
        return page.status_code == 200

    wait_until(lambda: up("web-a") and up("web-b"), seconds=60, what="both web nodes")
    started = time.monotonic()

    # Rate limits are shared: failed logins on both nodes count together.
    target = pairs[0].mentee.user.email
    limited_on_a = Person(target, cluster)
    limited_on_b = Person(target, cluster)
    for attempt in range(6):
        who = limited_on_a if attempt % 2 == 0 else limited_on_b
        response = who.log_in(password="wrong password, attempt " + str(attempt))
        assert response.status_code == 200  # the form again, not a login
    # Five failures for the account from this address (3 on one node, 3 on the
    # other): even the right password is refused now, on either node.
    refused = Person(target, cluster).log_in()
    assert refused.status_code in (200, 429), refused.status_code  # not 302: no login

    # A session that starts on node A. Log in everybody else (mentees and mentors).
    traveller = Person(pairs[1].mentee.user.email, cluster)
    traveller.node = lambda: cluster.urls["web-a"]  # type: ignore[method-assign]
    assert traveller.log_in().status_code == 302
    assert traveller.get(reverse("accounts:profile")).status_code == 200

    # The coordinator works through node B only (node A is the one that dies).
    coordinator = Person(coordinator_user.email, cluster)
    coordinator.node = lambda: cluster.urls["web-b"]  # type: ignore[method-assign]
    coordinator.log_in_with_totp(totp_secret)

    people: list[tuple[Person, Mentorship, bool]] = []
    for mentorship in pairs[1:]:
        for user, is_mentee in ((mentorship.mentee.user, True), (mentorship.mentor.user, False)):
            person = Person(user.email, cluster)
            response = person.log_in()
            assert response.status_code == 302, response.text[:500]
            people.append((person, mentorship, is_mentee))

    ack = Acknowledged()
    until = time.monotonic() + LOAD_SECONDS
    threads = [
        threading.Thread(
            target=drive,
            args=(person, mentorship),
            kwargs={
                "is_mentee": is_mentee,
                "agenda_meeting": agenda_meetings[mentorship.pk],
                "until": until,
                "ack": ack,
            },
            daemon=True,
        )
        for person, mentorship, is_mentee in people
    ]
    for thread in threads:
        thread.start()

    # The coordinator runs matching through node B while the load goes on. The
    # test holds the lock on the programme's participations that the run's
    # storing transaction takes (as a concurrent erasure would), so the worker
    # that executes the run is caught mid-run, and killed there.
    blocker = psycopg.connect(database_url())
    # Closed at the latest when the test ends, so that a failure here cannot leave
    # the lock behind for the fixtures' clean-up.
    request.addfinalizer(blocker.close)
    blocker.execute(
        f"SELECT id FROM {Participation._meta.db_table} WHERE programme_id = %s FOR UPDATE",  # noqa: S608
        [matching.pk],
    )
    started_run = coordinator.post_form(
        reverse("matching:run_start", kwargs={"slug": matching.slug}),
        {},
        form_page=reverse("matching:home", kwargs={"slug": matching.slug}),
    )
    assert started_run.status_code == 302, started_run.text[:500]
    run = MatchingRun.objects.get(programme=matching)
    assert run.background and started_run.headers["Location"].endswith(f"/runs/{run.number}/")
    # Four slow tasks, for the other worker.
    for number in range(4):
        slow_mark.enqueue(key=f"slow-{number}")
    wait_until(
        lambda: blocked_on_participations(run),
        seconds=90,  # a worker's first matching run imports the engine: slow on a busy machine
        what="a worker to execute the matching run",
        every=0.1,
    )
    matching_task = DBTaskResult.objects.get(pk=run.task_id)
    (killed,) = [  # worker ids are host:pid:random
        process
        for process in cluster.workers.values()
        if f":{process.pid}:" in matching_task.worker_ids[-1]
    ]
    cut_off = list(
        DBTaskResult.objects.filter(
            status="RUNNING", worker_ids__icontains=f":{killed.pid}:"
        ).values_list("pk", flat=True)
    )
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    blocker.rollback()  # the lock goes; the killed worker's transaction died with it
    blocker.close()
    assert MatchingRun.objects.get(pk=run.pk).status == RunStatus.RUNNING  # left mid-run
    killed_at = time.monotonic() - started

    time.sleep(max(0.0, started + KILL_WEB_AT - time.monotonic()))
    cluster.kill_web("web-a")
    for thread in threads:
        thread.join(timeout=LOAD_SECONDS + 60)
    load_seconds = time.monotonic() - started

    # The traveller's next request lands on node B (A is gone): still signed in.
    traveller.node = lambda: cluster.urls["web-b"]  # type: ignore[method-assign]
    page = traveller.get(reverse("accounts:profile"))
    assert page.status_code == 200  # an anonymous visitor is sent to the login page (302)
    assert pairs[1].mentee.user.full_name in page.text

    # The reclaimed matching task finished the run on the surviving worker; the
    # coordinator publishes it through node B (early: applications are open).
    wait_until(
        lambda: MatchingRun.objects.get(pk=run.pk).status != RunStatus.RUNNING,
        seconds=60,
        what="the reclaimed matching run to finish",
        every=0.5,
    )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, (run.status, run.error)
    run_done_at = time.monotonic() - started
    publish = reverse("matching:publish", kwargs={"slug": matching.slug, "number": run.number})
    published = coordinator.post_form(publish, {"confirm": "on", "early": "on"})
    assert published.status_code == 302, published.text[:500]
    run_page = reverse("matching:run", kwargs={"slug": matching.slug, "number": run.number})
    again = coordinator.post_form(publish, {"confirm": "on", "early": "on"}, form_page=run_page)
    assert again.status_code == 302  # refused: back to the run page, nothing new

    # Let the surviving worker finish: the queue drains, the outbox is sent.
    def settled() -> bool:
        open_tasks = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exclude(
            task_path="mentoring.common.tasks.periodic_tick"
        )
        return (
            not open_tasks.exists()
            and not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()
        )

    wait_until(settled, seconds=120, what="the queue and the outbox to drain", every=1)

    # 0 lost: every acknowledged write is there.
    assert ack.requests > 50, ack
    assert ack.notes and ack.meetings and ack.agendas, ack
    stored_notes = set(Note.objects.values_list("title", flat=True))
    assert [marker for marker in ack.notes if marker not in stored_notes] == []
    stored_themes = set(Meeting.objects.values_list("theme", flat=True))
    assert [marker for marker in ack.meetings if marker not in stored_themes] == []
    agendas = dict(Meeting.objects.values_list("pk", "agenda"))
    # Each agenda write replaces the last: the stored one is one that was acknowledged.
    written: dict[int, set[str]] = {}
    for meeting_pk, marker in ack.agendas:
        written.setdefault(meeting_pk, set()).add(marker)
    assert all(agendas[pk] in markers for pk, markers in written.items())

    # 0 duplicate e-mails, and every outbox row reached the mailer.
    sent_ids = message_ids(cluster.mail_dir)
    duplicates = [mid for mid, count in Counter(sent_ids).items() if count > 1]
    assert duplicates == []
    outbox = list(OutboxMessage.objects.all())
    assert len(outbox) > len(ack.meetings)  # each plan mails the other person
    assert {message.message_id for message in outbox} <= set(sent_ids)

    # Every due reminder was sent.
    assert not Reminder.objects.filter(
        pk__in=reminders, sent_at__isnull=True, cancelled_at__isnull=True
    ).exists()

    # The killed worker's task (the matching run) was reclaimed and ran to its
    # end once, elsewhere.
    assert cut_off == [matching_task.pk]
    for task in DBTaskResult.objects.filter(pk__in=cut_off):
        assert task.status == "SUCCESSFUL"
        assert len(task.worker_ids) == 2  # the killed worker, then the survivor
        assert f":{killed.pid}:" in task.worker_ids[0]
        assert f":{killed.pid}:" not in task.worker_ids[1]
    # One run, done once: its proposals and its audit entry stored once.
    assert list(MatchingRun.objects.filter(programme=matching).values_list("pk", "status")) == [
        (run.pk, RunStatus.DONE)
    ]
    proposals = list(Proposal.objects.filter(run=run).values_list("mentee_id", "mentor_id"))
    assert len(proposals) == run.matched == 3
    assert len({mentee for mentee, _mentor in proposals}) == 3
    assert AuditEntry.objects.filter(action="matching.run", object_id=str(run.pk)).count() == 1
    # Published once: a mentorship per proposal, two e-mails each, each sent once.
    proposed = set(
        Mentorship.objects.filter(programme=matching).values_list("mentee_id", "mentor_id")
    )
    assert proposed == set(proposals)
    assert Mentorship.objects.filter(programme=matching).count() == len(proposals)
    match_mails = [
        message.message_id
        for message in OutboxMessage.objects.filter(key__startswith="match-proposed:")
    ]
    assert len(match_mails) == 2 * len(proposals)
    assert all(Counter(sent_ids)[message_id] == 1 for message_id in match_mails)
    marks = cluster.marks.read_text().split()
    assert sorted(marks) == [f"slow-{n}" for n in range(4)]
    runs = [line.split()[0] for line in cluster.marks.with_suffix(".runs").read_text().splitlines()]
    assert sorted(runs) == sorted(marks)

    # The periodic tick ran once per tick cluster-wide, not once per worker
    # (two clocks without the lease: about twice as many).
    elapsed = time.monotonic() - workers_started
    ticks = DBTaskResult.objects.filter(task_path="mentoring.common.tasks.periodic_tick").count()
    assert elapsed / TICK / 2 <= ticks <= elapsed / TICK * 1.2 + 2, (ticks, elapsed)

    print(  # the numbers, for the report (pytest -s)
        f"\ncluster: {ack.requests} requests in {load_seconds:.0f} s through 2 nodes, "
        f"{len(ack.notes)} notes, {len(ack.meetings)} meetings, {len(ack.agendas)} agendas "
        f"acknowledged; failures while a node died: {dict(ack.failures)}; "
        f"{len(sent_ids)} e-mails, {len(set(sent_ids))} distinct; "
        f"{ticks} ticks in {elapsed:.0f} s; "
        f"matching: worker killed mid-run at {killed_at:.0f} s, run done at {run_done_at:.0f} s, "
        f"{len(proposals)} proposals published; settled at {time.monotonic() - started:.0f} s"
    )
