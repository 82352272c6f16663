"""Journey (issue 7, point 7), in Danish, in a real browser, on the demo:
the demo pair reaches its end and is invited to the final evaluation by the
worker's job; the mentee and the mentor each answer it (the mentee consents
to individual reading); the coordinator opens the programme's results, sees
the new answers in the figures, and downloads the PDF report and the XLSX
data, which are read back and checked.
"""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext, override
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from mentoring.demo import data as demo
from mentoring.evaluations.defaults import questionnaires_ensure
from mentoring.evaluations.enums import SurveyKind
from mentoring.evaluations.models import Response
from mentoring.evaluations.services import questionnaire_open
from mentoring.evaluations.tasks import surveys_send_due
from mentoring.meetings.models import Goal
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from mentoring.reports.dashboard import programme_dashboard
from tests.e2e.helpers import (
    enter_totp,
    expect_signed_in,
    fresh_totp,
    log_in,
    report_pdf_by_worker,
    shoot,
)
from tests.e2e.test_establishment import da, log_out
from tests.evaluations.helpers import full_answers
from tests.relationships.test_agreement_pdf import pdf_text

MENTEE = demo.MENTEE_LOGIN.email
MENTOR = "mentor@example.dk"
COORDINATOR = "koordinator@example.dk"


def key_figure(programme: Programme, label: str) -> str:
    """A key figure of the programme's dashboard as the Danish page shows it."""
    with override("da"):
        dashboard = programme_dashboard(programme)
        [figure] = [f for f in dashboard.key_figures if f.label == gettext(label)]
        return str(figure.cell.text)


def answer_final_evaluation(page: Page, *, scale: str, satisfaction: str, consent: bool) -> None:
    """Answer every question of the survey form shown: each radio group gets
    ``scale`` (or ``satisfaction`` on the 0-10 scale, "yes" on yes/no), two
    roles are ticked, every text box gets a sentence."""
    form = page.locator("main form.survey-form")
    groups = form.evaluate(
        "f => [...new Set([...f.querySelectorAll('input[type=radio]')].map(i => i.name))]"
    )
    for name in groups:
        values = form.locator(f"input[type=radio][name={name}]").evaluate_all(
            "els => els.map(e => e.value)"
        )
        pick = satisfaction if len(values) == 11 else scale if len(values) == 5 else values[0]
        form.locator(f"input[type=radio][name={name}][value='{pick}']").check()
    roles = form.locator("input[type=checkbox][value=coach], input[type=checkbox][value=networker]")
    for i in range(roles.count()):
        roles.nth(i).check()
    texts = form.locator("textarea")
    for i in range(texts.count()):
        texts.nth(i).fill("Mød forberedt, og sig det højt, når noget ikke virker.")
    if consent:
        form.locator("input[name=share_individually]").check()
    form.get_by_role("button", name=da("Send my answers")).click()
    expect(page.locator("main .messages")).to_be_visible()


def test_final_evaluation_dashboard_pdf_and_xlsx(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path, tmp_path: Path
) -> None:
    base = live_server.url
    now = timezone.now()
    # The demo as `make run` loads it; its mentee and mentor have reached the
    # end of their mentorship (closing), so the final evaluation is due.
    call_command("seed_demo", stdout=io.StringIO())
    programme = Programme.objects.get(slug=demo.PROGRAMME_2026_SLUG)
    pair = Mentorship.objects.get(programme=programme, mentee__user__email=MENTEE)
    Mentorship.objects.filter(pk=pair.pk).update(
        status=MentorshipStatus.CLOSING, trial_passed_at=now - timedelta(days=180)
    )
    Goal.objects.get_or_create(
        mentorship=pair, text="Lede forandring efter fusionen", defaults={"position": 1}
    )
    # The completed pilot pairs are in the pilot round's own programme, so this one has
    # no final answers yet. No figure is shown behind fewer than three respondents (a
    # floor no coordinator can lower): a third person, the mentee of another pair that
    # is ending, answers too (through the same page, without a browser).
    other = (
        Mentorship.objects.filter(
            programme=programme, status=MentorshipStatus.ACCEPTED, trial_passed_at__isnull=False
        )
        .exclude(pk=pair.pk)
        .select_related("mentee__user")
        .first()
    )
    assert other is not None
    Mentorship.objects.filter(pk=other.pk).update(
        status=MentorshipStatus.CLOSING, trial_passed_at=now - timedelta(days=180)
    )
    assert programme.effective_min_respondents == 3
    satisfaction_before = key_figure(programme, "Satisfaction (0–10)")

    # The final evaluation is open (the demo opened it); the worker's job invites.
    final = next(q for q in questionnaires_ensure(programme) if q.kind == SurveyKind.FINAL)
    if final.state == "draft":
        questionnaire_open(questionnaire=final, by=None)
    assert surveys_send_due(now) >= 2
    responses = {r.side: r for r in Response.objects.filter(questionnaire=final, mentorship=pair)}
    assert set(responses) == {Side.MENTEE, Side.MENTOR}

    # --- 1. The mentee answers, from the list of her surveys
    log_in(page, base, MENTEE, demo.DEMO_PASSWORD)
    expect_signed_in(page, base)
    page.goto(f"{base}/me/surveys/")
    page.locator(f"main a[href='/me/mentorships/{pair.pk}/surveys/final/']").first.click()
    expect(page.locator("main")).to_contain_text("Lede forandring efter fusionen")
    answer_final_evaluation(page, scale="5", satisfaction="9", consent=True)
    shoot(page, screenshot_dir, "final-evaluation-mentee-da", console_errors)
    log_out(page)

    # --- 2. The mentor answers (no consent: only aggregates)
    log_in(page, base, MENTOR, demo.DEMO_PASSWORD)
    page.goto(f"{base}/me/mentorships/{pair.pk}/surveys/final/")
    answer_final_evaluation(page, scale="4", satisfaction="7", consent=False)
    log_out(page)
    # --- 2b. The third respondent
    [third] = Response.objects.filter(questionnaire=final, mentorship=other, side=Side.MENTEE)
    client = Client()
    client.force_login(other.mentee.user)
    answered = client.post(
        f"/me/mentorships/{other.pk}/surveys/final/", full_answers(third, scale=3)
    )
    assert answered.status_code == 302
    third.refresh_from_db()
    assert third.submitted_at is not None
    for response in responses.values():
        response.refresh_from_db()
        assert response.submitted_at is not None
    assert responses[Side.MENTEE].share_individually is True
    assert responses[Side.MENTOR].share_individually is False

    # --- 3. The coordinator opens the results
    log_in(page, base, COORDINATOR, demo.DEMO_PASSWORD)
    enter_totp(page, fresh_totp(demo.TOTP_SECRET))
    expect_signed_in(page, base)
    page.goto(f"{base}/coordinate/{programme.slug}/")
    page.locator(f"main a[href='/coordinate/{programme.slug}/results/']").first.click()
    main = page.locator("main")
    expect(main).to_contain_text(programme.name_da)
    # The two new answers (9 and 7) moved the programme's satisfaction.
    satisfaction_after = key_figure(programme, "Satisfaction (0–10)")
    assert satisfaction_after != satisfaction_before
    expect(main).to_contain_text(satisfaction_after)
    shoot(page, screenshot_dir, "results-dashboard-da", console_errors)

    # --- 4. The XLSX data and the PDF report
    with page.expect_download() as xlsx_download:
        main.get_by_role("link", name=da("Data as Excel (XLSX)")).click()
    workbook = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    key_figures = {
        row[0]: row[1]
        for row in workbook[da("Key figures")].iter_rows(values_only=True)
        if len(row) > 1 and row[0]
    }
    assert f"{key_figures[da('Satisfaction (0–10)')]:.1f}".replace(".", ",") == satisfaction_after
    assert len(workbook.sheetnames) > 1  # one sheet per section of the dashboard

    # The PDF report, made by the worker.
    report = report_pdf_by_worker(
        page, language="da", screenshot_dir=screenshot_dir, console_errors=console_errors
    )
    assert report.filename == f"{programme.slug}-resultater.pdf"
    raw = report.content
    assert raw.startswith(b"%PDF")
    text = pdf_text(raw, tmp_path)
    assert "mentorordning 2026" in text.lower()
