"""Every URL pattern x every role x method, against tests/permission_matrix.py.

Fails when a URL pattern of the project has no row (so every future view must
be added), when a row lacks a role, and when any cell differs from what the
running project does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.api.enums import ALL_SCOPES
from mentoring.api.services import token_create
from mentoring.common.mail import mail_store
from mentoring.evaluations.defaults import questionnaires_ensure
from mentoring.evaluations.services import questionnaire_open
from mentoring.evaluations.services.invitations import mentorship_invite
from mentoring.matching.models import MatchingRun, MatchingSettings
from mentoring.meetings.enums import NoteVisibility
from mentoring.meetings.models import ActionItem, CalendarFeed, Goal, Note
from mentoring.meetings.services.meetings import meeting_plan
from mentoring.meetings.services.validation import MeetingValues
from mentoring.participants.models import Participation
from mentoring.programmes.enums import Phase
from mentoring.programmes.models import Programme
from mentoring.provisioning.enums import TokenScope
from mentoring.provisioning.tokens import scim_token_create
from mentoring.relationships import agreement
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.agreement import agreement_save
from mentoring.reports.models import ReportJob
from mentoring.sso.models import IdentityProvider
from mentoring.webhooks.crypto import encrypt_secret, new_secret
from mentoring.webhooks.enums import DeliveryStatus
from mentoring.webhooks.models import Delivery, Endpoint
from tests.permission_matrix import MATRIX, ROLES, render_markdown

ROOT = Path(__file__).resolve().parent.parent


def project_url_names() -> set[str]:
    def walk(patterns: list[Any], namespace: str | None) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern):
                if not pattern.name:
                    raise AssertionError(f"URL pattern {pattern.pattern} has no name")
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns, None))


def test_every_url_pattern_has_a_row_for_every_role() -> None:
    names = project_url_names()
    missing = sorted(names - MATRIX.keys())
    stale = sorted(MATRIX.keys() - names)
    assert not missing, f"URL patterns without expected outcomes in the matrix: {missing}"
    assert not stale, f"Matrix rows for URL patterns that no longer exist: {stale}"
    for name, methods in MATRIX.items():
        assert "GET" in methods, f"{name}: no GET row"
        for method, outcomes in methods.items():
            assert set(outcomes) == set(ROLES), f"{name} {method}: roles {sorted(outcomes)}"


def test_docs_permissions_table_is_current() -> None:
    doc = (ROOT / "docs" / "permissions.md").read_text()
    assert render_markdown() in doc, "docs/permissions.md is out of date: run `make docs`."


#: Pair pages whose only URL argument is the mentorship.
PAIR_URLS = (
    "relationships:pair",
    "relationships:roles",
    "relationships:roles_agree",
    "relationships:agreement",
    "relationships:agreement_edit",
    "relationships:agreement_accept",
    "relationships:first_meeting",
    "relationships:trial",
    "meetings:list",
    "meetings:plan",
    "meetings:close",
    "meetings:homework",
    "meetings:goals",
    "meetings:journal",
    "meetings:note_new",
)
#: Meeting pages: the mentorship and the meeting.
MEETING_URLS = (
    "meetings:detail",
    "meetings:edit",
    "meetings:cancel",
    "meetings:agenda",
    "meetings:held",
    "meetings:feedback",
    "meetings:ics",
)
NOTE_URLS = ("meetings:note", "meetings:note_edit", "meetings:note_delete")
SURVEY_URLS = (
    "evaluations:questionnaire",
    "evaluations:answers",
    "evaluations:question_new",
    "evaluations:state",
)
QUESTION_URLS = (
    "evaluations:question",
    "evaluations:question_move",
    "evaluations:question_remove",
)


#: API endpoints whose only URL argument is the programme.
API_PROGRAMME_URLS = (
    "programme",
    "participants",
    "matching_runs",
    "mentorships",
    "meetings",
    "evaluations",
    "dashboard",
    "audit_log",
)
#: The API's pages that take no token (the document, its reference page, the
#: web pages where tokens are made).
API_WITHOUT_TOKEN = (
    "api:schema",
    "api:reference",
    "api:not_found",
    "api:tokens",
    "api:token_new",
    "api:token_revoke",
)


def url_kwargs(name: str, objects: dict[str, Any]) -> dict[str, Any]:
    programme: Programme = objects["programme"]
    slug = {"slug": programme.slug}
    application = {"slug": programme.slug, "pk": objects["mentee_participation"].pk}
    meeting = objects["meeting"]
    return {
        "programmes:detail": slug,
        "programmes:edit": slug,
        "programmes:transition": slug,
        "programmes:public": slug,
        "programmes:audit_log": slug,
        "participants:apply": {"slug": programme.slug, "role": "mentee"},
        "participants:list": slug,
        "participants:detail": application,
        "participants:decide": application,
        "participants:withdraw": {"pk": objects["mentee_participation"].pk},
        "participants:invitation": {"token": "no-such-token"},
        "participants_io:import": slug,
        "participants_io:import_preview": {"slug": programme.slug, "token": "no-such-token"},
        "participants_io:import_template_csv": slug,
        "participants_io:import_template_xlsx": slug,
        "participants_io:export_csv": slug,
        "participants_io:export_xlsx": slug,
        "matching:home": slug,
        "matching:run_start": slug,
        "matching:pair": slug,
        "matching:decline_notice": slug,
        "matching:run": {"slug": programme.slug, "number": objects["run"].number},
        "matching:run_status": {"slug": programme.slug, "number": objects["run"].number},
        "matching:publish": {"slug": programme.slug, "number": objects["run"].number},
        "relationships:match": {"pk": objects["mentorship"].pk},
        "relationships:respond": {"pk": objects["mentorship"].pk},
        "relationships:coordinate_pairs": slug,
        "relationships:coordinate_pair": {"slug": programme.slug, "pk": objects["mentorship"].pk},
        "relationships:agreement_version": {"pk": objects["mentorship"].pk, "number": 1},
        "relationships:agreement_pdf": {"pk": objects["mentorship"].pk, "number": 1},
        "matching:shortlist": slug,
        "common:outbox_retry": {"message_id": objects["message"].pk},
        **{key: {"pk": objects["mentorship"].pk} for key in PAIR_URLS},
        **{key: {"pk": objects["mentorship"].pk, "meeting": meeting.pk} for key in MEETING_URLS},
        "meetings:homework_item": {"pk": objects["mentorship"].pk, "item": objects["item"].pk},
        "meetings:goal_update": {"pk": objects["mentorship"].pk, "goal": objects["goal"].pk},
        **{key: {"pk": objects["mentorship"].pk, "note": objects["note"].pk} for key in NOTE_URLS},
        "meetings:feed": {"token": objects["feed"].token},
        "meetings:coordinate": slug,
        "evaluations:coordinate": slug,
        **{key: {**slug, "kind": "final"} for key in SURVEY_URLS},
        **{
            key: {**slug, "kind": "final", "question": objects["survey_question"].pk}
            for key in QUESTION_URLS
        },
        "evaluations:respond": {"pk": objects["mentorship"].pk, "kind": "midway"},
        **{f"api:{key}": slug for key in API_PROGRAMME_URLS},
        "api:participant": {**slug, "pk": objects["mentee_participation"].pk},
        "api:matching_run": {**slug, "number": objects["run"].number},
        "api:mentorship": {**slug, "pk": objects["mentorship"].pk},
        "api:token_revoke": {"pk": objects["api_token"].pk},
        "api:not_found": {"rest": "v1/no-such-thing/"},
        "reports:dashboard": slug,
        "reports:export": {**slug, "file_format": "xlsx"},
        "reports:report_new": slug,
        **{
            key: {**slug, "job": objects["report_job"].pk}
            for key in ("reports:report_job", "reports:report_status", "reports:report_download")
        },
        "reports:compare": slug,
        "webhooks:list": slug,
        "webhooks:create": slug,
        **{
            key: {**slug, "pk": objects["endpoint"].pk}
            for key in ("webhooks:endpoint", "webhooks:rotate", "webhooks:delete")
        },
        **{
            key: {**slug, "pk": objects["endpoint"].pk, "delivery": objects["delivery"].pk}
            for key in ("webhooks:delivery", "webhooks:redeliver")
        },
        "privacy:consent": {"pk": objects["mentee_participation"].pk},
        "privacy:erasure_confirm": {"pk": 999_999},
        "privacy:erasure_decline": {"pk": 999_999},
        "provisioning:scim_resourcetype": {"ident": "User"},
        "provisioning:scim_schema": {"ident": "urn:ietf:params:scim:schemas:core:2.0:User"},
        "provisioning:scim_user": {"pk": str(objects["mentee_participation"].user_id)},
        "provisioning:scim_not_found": {"rest": "Groups"},
        "provisioning:token_revoke": {"pk": objects["scim_token"].pk},
        "account_confirm_email": {"key": "not-a-real-key"},
        "account_reset_password_from_key": {"uidb36": "0", "key": "set-password"},
        **{
            key: {"provider_id": "matrix"}
            for key in (
                "openid_connect_login",
                "openid_connect_callback",
                "sso:oidc_login",
                "sso:oidc_callback",
            )
        },
        **{
            key: {"organization_slug": "matrix"}
            for key in (
                "saml_acs",
                "saml_finish_acs",
                "saml_sls",
                "saml_metadata",
                "saml_login",
                "sso:saml_finish_acs",
                "sso:saml_sls",
            )
        },
        "sso:provider_edit": {"pk": objects["identity_provider"].pk},
        "sso:provider_toggle": {"pk": objects["identity_provider"].pk},
    }.get(name, {})


def outcome_of(response: Any) -> str:
    if response.status_code in (301, 302, 303):
        path = response["Location"].split("?")[0]
        try:
            match = resolve(path)
        except Resolver404:
            return f"→{path}"
        return f"→{match.view_name}"
    return str(response.status_code)


CASES = [
    (name, method, role)
    for name in sorted(MATRIX)
    for method in sorted(MATRIX[name])
    for role in ROLES
]


@pytest.fixture
def objects(
    programme: Programme,
    other_programme: Programme,
    mentee: User,
    mentor: User,
    coordinator: User,
) -> dict[str, Any]:
    """Programme A recruits (preparation phase, window open), so its public
    page and application form exist; the mentee's application is the object
    of the application URLs."""
    now = timezone.now()
    Programme.objects.filter(pk=programme.pk).update(
        phase=Phase.PREPARATION,
        applications_open_at=now - timedelta(days=7),
        applications_close_at=now + timedelta(days=7),
        starts_on=(now + timedelta(days=30)).date(),
        ends_on=(now + timedelta(days=240)).date(),
    )
    message = mail_store(
        key="matrix-test",
        to_email="someone@example.org",
        subject="Test",
        body_text="Test",
        language="da",
    )
    mentee_participation = Participation.objects.get(user=mentee, programme=programme)
    mentor_participation = Participation.objects.get(user=mentor, programme=programme)
    # A finished matching run #1 in programme A, and the mentee and mentor's
    # proposed mentorship (the objects of the matching and match URLs).
    run = MatchingRun.objects.create(programme=programme, number=1, status="done")
    mentorship = Mentorship.objects.create(
        programme=programme,
        mentee=mentee_participation,
        mentor=mentor_participation,
        run=run,
        mentor_slot=1,
    )
    # Both accepted: the pair's pages exist; version 1 of their agreement is
    # a draft. Programme A lets its mentees rank mentors (the shortlist page).
    Mentorship.objects.filter(pk=mentorship.pk).update(
        status=MentorshipStatus.ACCEPTED,
        mentee_accepted_at=now,
        mentor_accepted_at=now,
        accepted_at=now,
    )
    mentorship.refresh_from_db()
    agreement_save(
        mentorship=mentorship,
        side=Side.MENTEE,
        values=agreement.prefill(mentorship),
        expected_number=None,
        expected_revision=None,
    )
    MatchingSettings.objects.create(programme=programme, participant_ranking=True)
    # The pair's meetings app objects: a planned meeting two weeks ahead
    # (no agenda), homework, a goal and a shared note by the mentee, and the
    # mentee's calendar feed.
    meeting = meeting_plan(
        mentorship=mentorship,
        by=mentor,
        values=MeetingValues(
            starts_at=now + timedelta(days=14), duration_minutes=90, venue_kind="mentor_workplace"
        ),
    )
    item = ActionItem.objects.create(
        mentorship=mentorship,
        title="Læse om forandringsledelse",
        owner=Side.MENTEE,
        created_by=mentee,
    )
    goal = Goal.objects.create(mentorship=mentorship, text="Blive bedre til svære samtaler")
    note = Note.objects.create(
        mentorship=mentorship,
        author=mentee,
        visibility=NoteVisibility.SHARED,
        body="Tak for sidst.",
    )
    feed = CalendarFeed.objects.create(user=mentee)
    # Surveys: the midway check-in is open and the pair invited; the final
    # evaluation is still a draft (its questions can be edited).
    midway, final, _follow_up = questionnaires_ensure(programme)
    questionnaire_open(questionnaire=midway, by=None)
    mentorship_invite(questionnaire=midway, mentorship=mentorship, now=now)
    # A webhook endpoint of programme A with one delivered event.
    endpoint = Endpoint.objects.create(
        programme=programme,
        url="https://hooks.example.org/mentoring",
        events=["mentorship.accepted"],
        secret_encrypted=encrypt_secret(new_secret()),
    )
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_type="mentorship.accepted",
        body="{}",
        status=DeliveryStatus.DELIVERED,
    )
    api_token = token_create(user=coordinator, name="Matrix", scopes=list(ALL_SCOPES)).token
    # A SCIM token (the object of the revoke URL).
    scim_token = scim_token_create(
        name="Matrix", scopes=[TokenScope.READ], lifetime_days=30, by=mentor
    ).token
    # An identity provider nobody can reach (the SSO pages' object).
    identity_provider = IdentityProvider.objects.create(
        name="Matrix ID",
        slug="matrix",
        issuer="http://127.0.0.1:9",
        client_id="matrix",
        client_secret="not-used",
        domains="matrix.example",
    )
    # A finished report of programme A, asked for by its coordinator, its
    # file in the storage.
    report_job = ReportJob.objects.create(
        programme=programme,
        requested_by=coordinator,
        language="da",
        status="done",
        progress=100,
        file=default_storage.save("report-jobs/matrix.pdf", ContentFile(b"%PDF-1.7 matrix")),
        size=15,
        finished_at=now,
        expires_at=now + timedelta(hours=24),
    )
    return {
        "report_job": report_job,
        "identity_provider": identity_provider,
        "scim_token": scim_token,
        "api_token": api_token,
        "endpoint": endpoint,
        "delivery": delivery,
        "survey_question": final.questions.order_by("position").first(),
        "programme": programme,
        "other_programme": other_programme,
        "message": message,
        "mentee_participation": mentee_participation,
        "run": run,
        "mentorship": mentorship,
        "meeting": meeting,
        "item": item,
        "goal": goal,
        "note": note,
        "feed": feed,
    }


@pytest.fixture
def role_users(
    user: User,
    mentee: User,
    mentor: User,
    coordinator: User,
    other_coordinator: User,
    superuser: User,
) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "user": user,
        "mentee": mentee,
        "mentor": mentor,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "superuser": superuser,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_permission_matrix(
    name: str,
    method: str,
    role: str,
    objects: dict[str, Any],
    role_users: dict[str, User | None],
) -> None:
    client = Client()
    person = role_users[role]
    url = reverse(name, kwargs=url_kwargs(name, objects))
    if name.startswith("api:") and name not in API_WITHOUT_TOKEN:
        # The API: a token of the role's person with every scope, no session.
        headers = {}
        if person is not None:
            key = token_create(user=person, name="Matrix", scopes=list(ALL_SCOPES)).key
            headers["Authorization"] = f"Bearer {key}"
        if method == "GET":
            response = client.get(url, headers=headers)
        else:
            response = client.post(url, "{}", content_type="application/json", headers=headers)
        assert outcome_of(response) == MATRIX[name][method][role], (
            f"{method} {url} as {role}: got {outcome_of(response)}"
        )
        return
    if person is not None:
        client.force_login(person)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, {"language": "en", "next": "/"})
    assert outcome_of(response) == MATRIX[name][method][role], (
        f"{method} {url} as {role}: got {outcome_of(response)}"
    )
