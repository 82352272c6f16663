"""Absolute links follow where the app actually runs: `make run PORT=...` (scripts/run.sh)
gives the web server and the worker the address it serves on, so links in e-mails, the
calendar feed address and the webcal link point to that port, not to 8000."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from tests.common.test_run_script import ROOT, free_port

SETUP = """
from tests.factories import ParticipationFactory, ProgrammeFactory, UserFactory
coordinator = UserFactory(email="coordinator@example.org", full_name="Kim Koordinator")
programme = ProgrammeFactory(coordinators=[coordinator])
person = UserFactory(email="person@example.org", full_name="Pia Person")
ParticipationFactory(programme=programme, user=person, submitted=True)
from tests.meetings.calendar_helpers import meeting, pair
mentorship = pair(programme)
meeting(mentorship)
print("MENTEE", mentorship.mentee.user.email)
# The setup's own mails (written outside the app, without its address) are not the point.
from mentoring.common.models import OutboxMessage
OutboxMessage.objects.all().delete()
"""


def _csrf(body: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert match, "no CSRF token on the page"
    return match.group(1)


def _wait_for(url: str, opener: urllib.request.OpenerDirector) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with opener.open(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def _mail_bodies(folder: Path) -> str:
    if not folder.exists():
        return ""
    return "\n".join(path.read_text() for path in sorted(folder.iterdir()))


def test_links_in_mail_and_calendar_point_to_the_port_the_app_runs_on(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "SITE_URL"))
    }
    env.update({"MENTORING_VAR_DIR": str(tmp_path), "MENTORING_ENV": "development"})
    outputs = [
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
            capture_output=True,
            text=True,
        ).stdout
        for command in (["migrate", "--no-input", "-v", "0"], ["shell", "-c", SETUP])
    ]
    [mentee] = re.findall(r"^MENTEE (\S+)$", outputs[1], flags=re.MULTILINE)
    port = free_port()
    assert port != 8000
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603
        ["bash", "scripts/run.sh", "127.0.0.1", str(port)],  # noqa: S607
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )

    def get(url: str) -> tuple[str, str]:
        with opener.open(url, timeout=10) as response:
            return response.geturl(), response.read().decode()

    def post(url: str, data: dict[str, str]) -> str:
        request = urllib.request.Request(  # noqa: S310
            url,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": url},
        )
        with opener.open(request, timeout=10) as response:
            return str(response.geturl())

    def log_in(email: str) -> None:
        opener.open(base + "/", timeout=10).close()  # a fresh session for each person
        _, page = get(base + "/accounts/login/")
        landed = post(
            base + "/accounts/login/",
            {
                "csrfmiddlewaretoken": _csrf(page),
                "login": email,
                "password": "correct horse battery staple",
            },
        )
        assert "/accounts/login/" not in landed

    try:
        _wait_for(base + "/", opener)

        # The mentee's calendar page: the feed address and the webcal link carry the
        # port, and so does the meeting's address inside the calendar file.
        log_in(mentee)
        _, page = get(base + "/me/calendar/")
        feed = re.search(r"(http://[^\s\"<]+/calendar/[^\s\"<]+\.ics)", page)
        assert feed, "no feed address on the calendar page"
        assert feed.group(1).startswith(base + "/"), feed.group(1)
        assert f'href="webcal://127.0.0.1:{port}/calendar/' in page
        _, calendar = get(feed.group(1))
        unfolded = calendar.replace("\r\n ", "")
        assert "BEGIN:VEVENT" in unfolded
        meeting_urls = re.findall(r"^URL[^:]*:(\S+)", unfolded, flags=re.MULTILINE)
        assert meeting_urls and all(url.startswith(base + "/me/") for url in meeting_urls)
        landed, body = get(meeting_urls[0])
        assert landed == meeting_urls[0] and "Mentorordning" in body

        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        log_in("person@example.org")

        # An e-mail: asking for erasure mails the coordinator a link, which the
        # worker delivers; the link leads to this app on this port.
        _, page = get(base + "/me/privacy/erase/")
        post(base + "/me/privacy/erase/", {"csrfmiddlewaretoken": _csrf(page), "confirm": "yes"})
        mail_dir = tmp_path / "mail"
        deadline = time.monotonic() + 60
        while "coordinator@example.org" not in _mail_bodies(mail_dir):
            assert time.monotonic() < deadline, "the worker delivered no mail"
            time.sleep(0.5)
        links = re.findall(r"http://127\.0\.0\.1:\d+/\S*", _mail_bodies(mail_dir))
        assert links, "no link in the mail"
        assert all(link.startswith(base + "/") for link in links), links
        # The coordinator follows the link (not signed in yet): this app on this port
        # answers and asks them to log in on the way to the erasure requests.
        with urllib.request.urlopen(links[0], timeout=10) as response:  # noqa: S310
            landed, body = response.geturl(), response.read().decode()
        assert landed.startswith(base + "/accounts/login/"), landed
        assert "next=/coordinate/privacy/erasures/" in landed and "Mentorordning" in body
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
