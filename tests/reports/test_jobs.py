"""The programme report made by the worker (issue 19, point 8): asking for it
queues a task with ids only after commit, the real worker renders it with
progress, only the person who asked may download it, a failure is a readable
sentence in Danish and English, and files go after the expiry, on erasure and
on retention."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.common.tasks import periodic_tick
from mentoring.participants.models import Participation
from mentoring.privacy.exporting import export_sections
from mentoring.privacy.services import erase_person
from mentoring.privacy.services.erasure import anonymise_participations
from mentoring.programmes.models import Programme
from mentoring.reports.enums import ReportJobError, ReportJobStatus, ReportStep
from mentoring.reports.jobs import (
    MAX_ATTEMPTS,
    REUSE_MINUTES,
    report_job_create,
    report_job_run,
    report_jobs_expire,
    report_jobs_fail_stale,
)
from mentoring.reports.models import ReportJob
from tests.conftest import logged_in_client as _logged_in_client
from tests.reports.helpers import SECRET_TEXT, answer_final, pair, questionnaires

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """The default storage is a folder of this test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield tmp_path / "media"


def logged_in_client(person: User, language: str = "en") -> Client:
    """A signed-in client whose pages are in ``language``."""
    person.language = language
    person.save(update_fields=["language"])
    return _logged_in_client(person)


def new_url(programme: Programme) -> str:
    return reverse("reports:report_new", args=[programme.slug])


def job_urls(job: ReportJob) -> list[str]:
    args = [job.programme.slug, job.pk]
    return [
        reverse("reports:report_job", args=args),
        reverse("reports:report_status", args=args),
        reverse("reports:report_download", args=args),
    ]


def made_job(programme: Programme, by: User, language: str = "en") -> ReportJob:
    job, _reused = report_job_create(programme=programme, by=by, language=language)
    done = report_job_run(job_id=job.pk)
    assert done is not None and done.status == ReportJobStatus.DONE
    return done


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(  # noqa: S603 - fixed tool, our own file
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_asking_queues_one_task_with_the_job_id_after_commit(
    programme: Programme, coordinator: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = logged_in_client(coordinator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(new_url(programme), {"language": "da"})
    job = ReportJob.objects.get()
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report_job", args=[programme.slug, job.pk])
    assert (job.status, job.progress, job.language, job.requested_by) == (
        ReportJobStatus.QUEUED,
        0,
        "da",
        coordinator,
    )
    task = DBTaskResult.objects.get(task_path="mentoring.reports.tasks.render_report_job")
    assert task.args_kwargs == {"args": [], "kwargs": {"job_id": job.pk}}
    assert job.task_id == str(task.id)
    entry = AuditEntry.objects.get(action="reports.report_requested")
    assert (entry.actor, entry.programme, entry.data["reused"]) == (coordinator, programme, False)
    # The page shows the job waiting, and polls its partial.
    page = client.get(response["Location"]).content.decode()
    assert "Waiting for the worker" in page
    assert reverse("reports:report_status", args=[programme.slug, job.pk]) in page
    assert 'hx-trigger="every 1s"' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page


def test_a_double_click_and_a_recent_report_are_reused_a_fresh_one_is_not(
    programme: Programme, coordinator: User
) -> None:
    first, reused = report_job_create(programme=programme, by=coordinator, language="en")
    again, reused_again = report_job_create(programme=programme, by=coordinator, language="en")
    assert (reused, reused_again, again.pk) == (False, True, first.pk)  # still queued
    danish, reused_da = report_job_create(programme=programme, by=coordinator, language="da")
    assert not reused_da and danish.pk != first.pk
    report_job_run(job_id=first.pk)
    recent, reused_recent = report_job_create(programme=programme, by=coordinator, language="en")
    assert reused_recent and recent.pk == first.pk
    fresh, reused_fresh = report_job_create(
        programme=programme, by=coordinator, language="en", fresh=True
    )
    assert not reused_fresh and fresh.pk != first.pk
    report_job_run(job_id=fresh.pk)
    ReportJob.objects.filter(pk=fresh.pk).update(
        finished_at=timezone.now() - timedelta(minutes=REUSE_MINUTES + 1)
    )
    ReportJob.objects.filter(pk=first.pk).update(
        finished_at=timezone.now() - timedelta(minutes=REUSE_MINUTES + 1)
    )
    older, reused_older = report_job_create(programme=programme, by=coordinator, language="en")
    assert not reused_older and older.pk not in (first.pk, fresh.pk)


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_the_report_and_only_the_requester_downloads_it(
    programme: Programme,
    coordinator: User,
    other_coordinator: User,
    superuser: User,
    tmp_path: Path,
    _media: Path,
) -> None:
    """The real django-tasks-db worker picks the job up after the request's
    commit and renders it; the file is in the storage, not the database."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is needed")
    surveys = questionnaires(programme)
    for _index in range(3):
        mentorship = pair(programme)
        answer_final(surveys, mentorship, "mentee")
    client = logged_in_client(coordinator)
    response = client.post(new_url(programme), {"language": "en"})
    job = ReportJob.objects.get()
    assert job.status == ReportJobStatus.QUEUED
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.progress, job.step, job.error) == (
        ReportJobStatus.DONE,
        100,
        ReportStep.DONE,
        "",
    )
    stored = _media / job.file.name
    assert stored.is_file() and stored.stat().st_size == job.size > 1000
    assert job.expires_at - job.finished_at == timedelta(hours=24)
    task = DBTaskResult.objects.get(task_path="mentoring.reports.tasks.render_report_job")
    assert task.status == "SUCCESSFUL" and task.return_value == "done"

    page = client.get(response["Location"]).content.decode()
    download_url = reverse("reports:report_download", args=[programme.slug, job.pk])
    assert download_url in page and "hx-trigger" not in page
    downloaded = client.get(download_url)
    content = b"".join(downloaded.streaming_content)
    assert content.startswith(b"%PDF") and content == stored.read_bytes()
    assert "no-store" in downloaded["Cache-Control"]
    text = pdf_text(content, tmp_path)
    assert programme.name_en in text and "Key figures" in text
    assert SECRET_TEXT not in text
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"reports.report_requested", "reports.report_made", "reports.report_downloaded"} <= (
        actions
    )

    # Another coordinator of the same programme, and a superuser: 404.
    programme.coordinators.add(other_coordinator)
    for person in (other_coordinator, superuser):
        other = logged_in_client(person)
        assert other.get(reverse("reports:dashboard", args=[programme.slug])).status_code == 200
        for url in job_urls(job):
            assert other.get(url).status_code == 404, (person, url)
    # The requester, once no longer a coordinator of the programme: 404 too.
    programme.coordinators.remove(coordinator)
    programme.coordinators.add(User.objects.get(pk=other_coordinator.pk))
    for url in job_urls(job):
        assert client.get(url).status_code == 404, url


def test_anonymous_and_people_without_a_role_are_kept_out(
    programme: Programme, coordinator: User, user: User, mentee: User
) -> None:
    job = made_job(programme, coordinator)
    for url in job_urls(job):
        assert Client().get(url).status_code == 302
        assert logged_in_client(user).get(url).status_code == 404
        assert logged_in_client(mentee).get(url).status_code == 404
    assert logged_in_client(mentee).post(new_url(programme), {"language": "en"}).status_code == 404
    assert logged_in_client(coordinator).get(new_url(programme)).status_code == 405
    assert ReportJob.objects.count() == 1


def test_a_storage_failure_is_a_sentence_in_danish_and_english_never_a_traceback(
    programme: Programme, coordinator: User, settings: Any, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the storage folder should be")
    settings.MEDIA_ROOT = blocked
    job, _reused = report_job_create(programme=programme, by=coordinator, language="da")
    failed = report_job_run(job_id=job.pk)
    assert failed is not None
    job.refresh_from_db()
    assert (job.status, job.error, job.file.name) == (
        ReportJobStatus.FAILED,
        ReportJobError.STORAGE,
        "",
    )
    assert AuditEntry.objects.filter(action="reports.report_failed").count() == 1
    client = logged_in_client(coordinator)  # English (tests.reports.conftest)
    url = reverse("reports:report_job", args=[programme.slug, job.pk])
    english = client.get(url).content.decode()
    assert "The report was made but could not be saved." in english
    assert "Try again" in english
    danish = logged_in_client(coordinator, "da").get(url).content.decode()
    assert "Rapporten blev lavet, men kunne ikke gemmes." in danish
    for page in (english, danish):
        assert "Traceback" not in page and "Error" not in page and "not-a-folder" not in page
    assert client.get(job_urls(job)[2]).status_code == 404  # nothing to download


def test_a_job_whose_task_is_gone_fails_after_30_minutes(
    programme: Programme, coordinator: User
) -> None:
    """Never queued (the task id is empty: the queue was not reached)."""
    job, _reused = report_job_create(programme=programme, by=coordinator, language="en")
    assert job.task_id == ""
    assert report_jobs_fail_stale() == 0
    later = timezone.now() + timedelta(minutes=31)
    assert report_jobs_fail_stale(now=later) == 1
    job.refresh_from_db()
    assert (job.status, job.error) == (ReportJobStatus.FAILED, ReportJobError.STOPPED)
    assert report_job_run(job_id=job.pk).status == ReportJobStatus.FAILED  # a late task: nothing
    page = logged_in_client(coordinator).get(job_urls(job)[0]).content.decode()
    assert "The worker stopped before the report was ready." in page


def test_a_job_whose_task_is_still_queued_is_not_failed_however_long_it_waits(
    programme: Programme, coordinator: User, django_capture_on_commit_callbacks: Any
) -> None:
    """Only a job whose task is gone fails as stopped: one whose task waits
    or runs (a killed worker's task goes back to the queue) is made later;
    once its task is deleted, or has ended without finishing the job, it fails."""
    with django_capture_on_commit_callbacks(execute=True):
        waiting, _reused = report_job_create(programme=programme, by=coordinator, language="en")
        ended, _reused = report_job_create(programme=programme, by=coordinator, language="da")
    waiting.refresh_from_db()
    ended.refresh_from_db()
    later = timezone.now() + timedelta(minutes=31)
    DBTaskResult.objects.filter(pk=ended.task_id).update(status="RUNNING")
    assert report_jobs_fail_stale(now=later) == 0
    DBTaskResult.objects.filter(pk=ended.task_id).update(status="SUCCESSFUL")
    assert report_jobs_fail_stale(now=later) == 1
    DBTaskResult.objects.filter(pk=waiting.task_id).delete()
    assert report_jobs_fail_stale(now=later) == 1
    for job in (waiting, ended):
        job.refresh_from_db()
        assert (job.status, job.error) == (ReportJobStatus.FAILED, ReportJobError.STOPPED)


def test_a_later_attempt_renders_a_job_left_running_again_and_keeps_one_file(
    programme: Programme, coordinator: User, django_capture_on_commit_callbacks: Any, _media: Path
) -> None:
    """The first attempt's worker died after storing its file but before
    recording it: the second attempt starts over, deletes that file and
    stores its own. A late or repeated attempt changes nothing."""
    job, _reused = report_job_create(programme=programme, by=coordinator, language="en")
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJobStatus.RUNNING, step=ReportStep.SAVING, progress=90, attempt=1
    )
    left = default_storage.save(
        f"report-jobs/{programme.pk}/{job.pk}-0123456789abcdef.pdf", ContentFile(b"%PDF-1.7 cut")
    )
    other = default_storage.save(
        f"report-jobs/{programme.pk}/{job.pk + 1}-x.pdf", ContentFile(b"x")
    )
    assert report_job_run(job_id=job.pk).status == ReportJobStatus.RUNNING  # same attempt: no
    with django_capture_on_commit_callbacks(execute=True):
        done = report_job_run(job_id=job.pk, attempt=2)
    assert done is not None
    assert (done.status, done.attempt, done.progress) == (ReportJobStatus.DONE, 2, 100)
    files = default_storage.listdir(f"report-jobs/{programme.pk}")[1]
    assert sorted(files) == sorted([done.file.name.rsplit("/", 1)[1], other.rsplit("/", 1)[1]])
    assert not default_storage.exists(left)
    assert AuditEntry.objects.get(action="reports.report_restarted").data == {
        "job": job.pk,
        "attempt": 2,
    }
    assert report_job_run(job_id=job.pk, attempt=3).file.name == done.file.name
    assert AuditEntry.objects.filter(action="reports.report_made").count() == 1


def test_a_job_taken_up_again_too_often_fails_as_stopped(
    programme: Programme, coordinator: User
) -> None:
    job, _reused = report_job_create(programme=programme, by=coordinator, language="en")
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJobStatus.RUNNING, attempt=3)
    failed = report_job_run(job_id=job.pk, attempt=MAX_ATTEMPTS + 1)
    assert failed is not None
    assert (failed.status, failed.error) == (ReportJobStatus.FAILED, ReportJobError.STOPPED)
    assert AuditEntry.objects.get(action="reports.report_failed").data["attempt"] == 4


def test_the_periodic_tick_deletes_expired_jobs_and_their_files(
    programme: Programme, coordinator: User, django_capture_on_commit_callbacks: Any, _media: Path
) -> None:
    old = made_job(programme, coordinator)
    kept = made_job(programme, coordinator, language="da")
    assert report_jobs_expire() == 0
    ReportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        periodic_tick.call()
    assert list(ReportJob.objects.all()) == [kept]
    assert not (_media / old.file.name).exists()
    assert (_media / kept.file.name).exists()
    assert AuditEntry.objects.get(action="reports.jobs_expired").data == {"jobs": 1}


def test_erasing_the_requester_or_a_participant_deletes_the_reports_and_files(
    programme: Programme,
    coordinator: User,
    other_coordinator: User,
    mentee: User,
    django_capture_on_commit_callbacks: Any,
    _media: Path,
) -> None:
    programme.coordinators.add(other_coordinator)
    mine = made_job(programme, coordinator)
    theirs = made_job(programme, other_coordinator)
    # The requester's own data export lists their job (not its file name).
    [section] = [s for s in export_sections(user=coordinator) if s.model == "reports.ReportJob"]
    assert [row["id"] for row in section.rows] == [mine.pk]
    assert "file" not in section.rows[0]
    [mentee_section] = [s for s in export_sections(user=mentee) if s.model == "reports.ReportJob"]
    assert mentee_section.rows == []

    with django_capture_on_commit_callbacks(execute=True):
        erase_person(user=User.objects.get(pk=coordinator.pk), by=None)
    assert list(ReportJob.objects.all()) == [theirs]
    assert not (_media / mine.file.name).exists()

    # A participant erased (or anonymised by retention): the programme's reports go.
    pks = list(Participation.objects.filter(user=mentee).values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_participations(user=None, participation_pks=pks, user_ids=[], retention=True)
    assert not ReportJob.objects.exists()
    assert not (_media / theirs.file.name).exists()
    assert default_storage.listdir("report-jobs/" + str(programme.pk))[1] == []
