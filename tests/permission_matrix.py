"""The permission matrix: for every URL pattern of the project, what each role
gets. ``tests/test_permission_matrix.py`` checks every cell against the running
project and fails when a URL pattern has no row, so every new view must be
added here. ``docs/permissions.md`` embeds the rendered table (a test checks
it is current; regenerate with ``.venv/bin/python -m tests.permission_matrix``).

Outcomes: an HTTP status ("200", "404": someone else's object or a page for
another role, "405": method not allowed, "401": the API refused the token), or
"→name": a redirect to the URL named ``name`` (e.g. "→account_login" for the
login page).
"""

from __future__ import annotations

OK = "200"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
UNAUTHORIZED = "401"
LOGIN = "→account_login"
HOME = "→home"

ROLES = (
    "anonymous",
    "user",
    "mentee",
    "mentor",
    "coordinator",
    "other_coordinator",
    "superuser",
)

ROLE_DESCRIPTIONS = {
    "anonymous": "not signed in",
    "user": "signed in, no role in any programme",
    "mentee": "accepted mentee in programme A",
    "mentor": "accepted mentor in programme A",
    "coordinator": "coordinator of programme A (with MFA)",
    "other_coordinator": "coordinator of programme B only (with MFA), asking for programme A",
    "superuser": "superuser and staff (with MFA)",
}


def same(outcome: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome: str, anonymous: str = LOGIN) -> dict[str, str]:
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], outcome)}


def per_role(
    anonymous: str,
    user: str,
    coordinator: str,
    other: str,
    superuser: str,
    *,
    mentee: str | None = None,
    mentor: str | None = None,
) -> dict[str, str]:
    """Outcomes per role; mentee and mentor get what a plain user gets unless given."""
    return {
        "anonymous": anonymous,
        "user": user,
        "mentee": user if mentee is None else mentee,
        "mentor": user if mentor is None else mentor,
        "coordinator": coordinator,
        "other_coordinator": other,
        "superuser": superuser,
    }


REAUTH = "→account_reauthenticate"
DETAIL = "→programmes:detail"
APPLY = "→participants:apply"
IMPORT = "→participants_io:import"
MATCHING = "→matching:home"
#: Pages of programme A for its coordinators (and superusers) only.
COORDINATOR_OF_A = per_role(LOGIN, NOT_FOUND, OK, NOT_FOUND, OK)
#: A report job of programme A asked for by its coordinator: only they see it.
REQUESTER_ONLY = per_role(LOGIN, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND)
#: Pages of a pair: only its mentee and mentor; everybody else 404
#: (coordinators see the pair's status on their own pages, never its content).
PAIR_ONLY = per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, mentee=OK, mentor=OK)


def api_of_a(outcome: str) -> dict[str, str]:
    """An API endpoint of programme A: its coordinators' tokens (and superusers')
    get ``outcome``, a coordinator of B's 404, everybody else's token 401."""
    return per_role(
        UNAUTHORIZED,
        UNAUTHORIZED,
        outcome,
        NOT_FOUND,
        outcome,
    )


API_OF_A = api_of_a(OK)
#: The list of programmes: each coordinator gets the ones they coordinate.
API_READ_ALL = per_role(UNAUTHORIZED, UNAUTHORIZED, OK, OK, OK)
#: A method the endpoint does not have; checked after the token, like every
#: request (the document itself is public: 405 for everybody).
API_NOT_ALLOWED = per_role(UNAUTHORIZED, UNAUTHORIZED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)


#: The mentee's own pages (or the author's: the matrix's notes are the
#: mentee's): the mentor gets 404 as well.
MENTEE_ONLY = per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, mentee=OK)


def pair_redirect(
    to: str, *, mentee: str | None = None, mentor: str | None = None
) -> dict[str, str]:
    """Only the pair, who are sent on to ``to`` (e.g. after an empty POST);
    ``mentee``/``mentor`` override one side's outcome."""
    return per_role(
        LOGIN,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        mentee=to if mentee is None else mentee,
        mentor=to if mentor is None else mentor,
    )


#: url name -> method -> role -> outcome
MATRIX: dict[str, dict[str, dict[str, str]]] = {
    "home": {"GET": same(OK), "POST": same(NOT_ALLOWED)},
    # allauth: accounts. Signed-in people are sent home from login and sign-up.
    "account_login": {"GET": signed_in(HOME, anonymous=OK)},
    "account_signup": {"GET": signed_in(HOME, anonymous=OK)},
    "account_logout": {"GET": signed_in(OK, anonymous=HOME)},
    "account_inactive": {"GET": same(OK)},
    "account_reauthenticate": {"GET": signed_in(OK)},
    "account_request_reauthentication_code": {"GET": signed_in(OK)},
    "account_confirm_reauthentication_code": {
        "GET": signed_in("→account_request_reauthentication_code")
    },
    "account_confirm_login_code": {"GET": signed_in(HOME)},
    "account_email": {"GET": signed_in(OK)},
    "account_email_verification_sent": {"GET": same(OK)},
    # An unknown key shows the "link expired or invalid" page.
    "account_confirm_email": {"GET": same(OK)},
    "account_change_password": {"GET": signed_in(OK)},
    "account_set_password": {"GET": signed_in("→account_change_password")},
    "account_reset_password": {"GET": same(OK)},
    "account_reset_password_done": {"GET": same(OK)},
    "account_reset_password_from_key": {"GET": same(OK)},
    "account_reset_password_from_key_done": {"GET": same(OK)},
    # allauth: MFA. Changing MFA needs a fresh authentication ("reauthenticate").
    "mfa_index": {"GET": signed_in(OK)},
    "mfa_authenticate": {"GET": signed_in(HOME)},
    "mfa_reauthenticate": {"GET": per_role(LOGIN, REAUTH, OK, OK, OK)},
    "mfa_activate_totp": {"GET": signed_in(REAUTH)},
    "mfa_deactivate_totp": {"GET": per_role(LOGIN, NOT_FOUND, REAUTH, REAUTH, REAUTH)},
    "mfa_generate_recovery_codes": {"GET": signed_in(REAUTH)},
    # Nobody in the fixtures has recovery codes yet.
    "mfa_view_recovery_codes": {"GET": signed_in(NOT_FOUND)},
    "mfa_download_recovery_codes": {"GET": signed_in(NOT_FOUND)},
    # accounts
    "accounts:set_language": {"GET": same(NOT_ALLOWED), "POST": same(HOME)},
    "accounts:profile": {"GET": signed_in(OK), "POST": signed_in("→accounts:profile")},
    # programmes: a coordinator of programme B gets 404 for anything of programme A.
    "programmes:list": {
        "GET": per_role(LOGIN, NOT_FOUND, OK, OK, OK),
        "POST": same(NOT_ALLOWED),
    },
    "programmes:detail": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "programmes:audit_log": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "programmes:create": {
        "GET": per_role(LOGIN, NOT_FOUND, OK, OK, OK),
        "POST": per_role(LOGIN, NOT_FOUND, OK, OK, OK),  # the form again, with errors
    },
    "programmes:edit": {
        "GET": per_role(LOGIN, NOT_FOUND, OK, NOT_FOUND, OK),
        "POST": per_role(LOGIN, NOT_FOUND, OK, NOT_FOUND, OK),
    },
    "programmes:transition": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, DETAIL, NOT_FOUND, DETAIL),
    },
    # public pages: programme A recruits in the matrix fixture
    "programmes:public_list": {"GET": same(OK), "POST": same(NOT_ALLOWED)},
    "programmes:public": {"GET": same(OK), "POST": same(NOT_ALLOWED)},
    "programmes:guide": {"GET": same(OK), "POST": same(NOT_ALLOWED)},
    # participants: applications. POST saves a draft (the mentee's own is decided:
    # shown again, nothing saved).
    "participants:apply": {
        "GET": signed_in(OK),
        "POST": per_role(LOGIN, APPLY, APPLY, APPLY, APPLY, mentee=OK),
    },
    "participants:my_applications": {"GET": signed_in(OK), "POST": same(NOT_ALLOWED)},
    # The object is the mentee's own application: only they may withdraw it.
    "participants:withdraw": {
        "GET": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, mentee=OK),
        "POST": per_role(
            LOGIN,
            NOT_FOUND,
            NOT_FOUND,
            NOT_FOUND,
            NOT_FOUND,
            mentee="→participants:my_applications",
        ),
    },
    "participants:list": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "participants:detail": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "participants:decide": {
        "GET": same(NOT_ALLOWED),
        "POST": COORDINATOR_OF_A,  # the form again, with errors
    },
    # An invitation from the import: the token is the key; an unknown or used
    # token shows the "link not valid" page with 404 (the person's own link: tests).
    "participants:invitation": {"GET": same(NOT_FOUND), "POST": same(NOT_FOUND)},
    # participants: import and export
    "participants_io:import": {"GET": COORDINATOR_OF_A, "POST": COORDINATOR_OF_A},
    # An unknown token sends the coordinator back to the upload form.
    "participants_io:import_preview": {
        "GET": per_role(LOGIN, NOT_FOUND, IMPORT, NOT_FOUND, IMPORT),
        "POST": per_role(LOGIN, NOT_FOUND, IMPORT, NOT_FOUND, IMPORT),
    },
    "participants_io:import_template_csv": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "participants_io:import_template_xlsx": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "participants_io:export_csv": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "participants_io:export_xlsx": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    # matching (coordinators of the programme)
    "matching:home": {"GET": COORDINATOR_OF_A, "POST": COORDINATOR_OF_A},  # POST: form with errors
    "matching:run_start": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, "→matching:run", NOT_FOUND, "→matching:run"),
    },
    # An unreadable pair: back to the matching page with a message.
    "matching:pair": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, MATCHING, NOT_FOUND, MATCHING),
    },
    # The coordinator's own choice of notices about declined proposals (no
    # choice posted: back to the matching page with a message).
    "matching:decline_notice": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, MATCHING, NOT_FOUND, MATCHING),
    },
    "matching:run": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "matching:run_status": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    # GET: the confirmation page; POST without the confirmation: the page again
    "matching:publish": {"GET": COORDINATOR_OF_A, "POST": COORDINATOR_OF_A},
    # relationships: only the two people of a mentorship see it
    "relationships:my_matches": {"GET": signed_in(OK), "POST": same(NOT_ALLOWED)},
    "relationships:match": {
        "GET": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, mentee=OK, mentor=OK),
        "POST": same(NOT_ALLOWED),
    },
    "relationships:respond": {
        "GET": same(NOT_ALLOWED),
        # the form again, with errors (the matrix posts no answer)
        "POST": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, mentee=OK, mentor=OK),
    },
    # the mentee's shortlist when the programme lets mentees rank mentors (the
    # matrix's mentee already has a mentor: the page says so, POST changes nothing)
    "matching:shortlist": {
        "GET": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, mentee=OK),
        "POST": per_role(
            LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, mentee="→matching:shortlist"
        ),
    },
    # the pair's pages (the establishment phase); POSTs without data show the
    # form again with errors, or send the pair back with a message
    "relationships:pair": {"GET": PAIR_ONLY, "POST": same(NOT_ALLOWED)},
    "relationships:roles": {"GET": PAIR_ONLY, "POST": PAIR_ONLY},
    "relationships:roles_agree": {
        "GET": same(NOT_ALLOWED),
        "POST": pair_redirect("→relationships:roles"),
    },
    "relationships:agreement": {"GET": PAIR_ONLY, "POST": same(NOT_ALLOWED)},
    "relationships:agreement_edit": {"GET": PAIR_ONLY, "POST": PAIR_ONLY},
    "relationships:agreement_accept": {
        "GET": same(NOT_ALLOWED),
        "POST": pair_redirect("→relationships:agreement"),
    },
    "relationships:agreement_version": {"GET": PAIR_ONLY, "POST": same(NOT_ALLOWED)},
    "relationships:agreement_pdf": {"GET": PAIR_ONLY, "POST": same(NOT_ALLOWED)},
    "relationships:first_meeting": {"GET": same(NOT_ALLOWED), "POST": PAIR_ONLY},
    "relationships:trial": {"GET": PAIR_ONLY, "POST": PAIR_ONLY},
    # coordinators: each pair's progress (status and dates only)
    "relationships:coordinate_pairs": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "relationships:coordinate_pair": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    # meetings of a pair (the matrix's pair has one planned meeting, two weeks
    # ahead, without an agenda); empty POSTs show the form again with errors or
    # send the pair back with a message. The agenda and the feedback on the
    # roles are the mentee's: the mentor gets 404 for their POSTs.
    "meetings:list": {"GET": PAIR_ONLY, "POST": same(NOT_ALLOWED)},
    "meetings:plan": {"GET": PAIR_ONLY, "POST": PAIR_ONLY},
    "meetings:detail": {"GET": PAIR_ONLY, "POST": pair_redirect("→meetings:detail")},
    "meetings:edit": {"GET": PAIR_ONLY, "POST": PAIR_ONLY},
    "meetings:cancel": {"GET": PAIR_ONLY, "POST": pair_redirect("→meetings:list")},
    "meetings:agenda": {
        "GET": PAIR_ONLY,
        "POST": pair_redirect("→meetings:detail", mentor=NOT_FOUND),
    },
    "meetings:held": {"GET": PAIR_ONLY, "POST": pair_redirect("→meetings:detail")},
    "meetings:feedback": {
        "GET": MENTEE_ONLY,
        "POST": pair_redirect("→meetings:detail", mentor=NOT_FOUND),
    },
    "meetings:close": {"GET": PAIR_ONLY, "POST": PAIR_ONLY},
    "meetings:ics": {"GET": PAIR_ONLY, "POST": same(NOT_ALLOWED)},
    # homework and goals (one item and one goal written by the mentee)
    "meetings:homework": {"GET": PAIR_ONLY, "POST": PAIR_ONLY},
    "meetings:homework_item": {
        "GET": same(NOT_ALLOWED),
        "POST": pair_redirect("→meetings:homework"),
    },
    # the mentor does not add goals: sent back with a message
    "meetings:goals": {"GET": PAIR_ONLY, "POST": pair_redirect(OK, mentor="→meetings:goals")},
    "meetings:goal_update": {"GET": same(NOT_ALLOWED), "POST": PAIR_ONLY},
    # the journal (one shared note written by the mentee: only its author
    # edits or deletes it)
    "meetings:journal": {"GET": PAIR_ONLY, "POST": same(NOT_ALLOWED)},
    "meetings:note_new": {"GET": PAIR_ONLY, "POST": PAIR_ONLY},
    "meetings:note": {"GET": PAIR_ONLY, "POST": same(NOT_ALLOWED)},
    "meetings:note_edit": {"GET": MENTEE_ONLY, "POST": MENTEE_ONLY},
    "meetings:note_delete": {
        "GET": MENTEE_ONLY,
        "POST": pair_redirect("→meetings:journal", mentor=NOT_FOUND),
    },
    # a person's calendar page; the feed answers whoever has its secret
    # address (the matrix uses the mentee's), without a login
    "meetings:calendar": {"GET": signed_in(OK), "POST": same(NOT_ALLOWED)},
    "meetings:calendar_reset": {
        "GET": same(NOT_ALLOWED),
        "POST": signed_in("→meetings:calendar"),
    },
    "meetings:feed": {"GET": same(OK), "POST": same(NOT_ALLOWED)},
    # coordinators: meetings per pair and pairs at risk (no content)
    "meetings:coordinate": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    # surveys: coordinators edit a draft questionnaire (the final one), open
    # and close it, and read only the answers shared with consent; the pair
    # answers the survey they were invited to (the midway check-in)
    "evaluations:coordinate": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "evaluations:questionnaire": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "evaluations:answers": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "evaluations:question_new": {"GET": COORDINATOR_OF_A, "POST": COORDINATOR_OF_A},
    "evaluations:question": {"GET": COORDINATOR_OF_A, "POST": COORDINATOR_OF_A},
    "evaluations:state": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(
            LOGIN, NOT_FOUND, "→evaluations:questionnaire", NOT_FOUND, "→evaluations:questionnaire"
        ),
    },
    "evaluations:question_move": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(
            LOGIN, NOT_FOUND, "→evaluations:questionnaire", NOT_FOUND, "→evaluations:questionnaire"
        ),
    },
    "evaluations:question_remove": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(
            LOGIN, NOT_FOUND, "→evaluations:questionnaire", NOT_FOUND, "→evaluations:questionnaire"
        ),
    },
    "evaluations:mine": {"GET": signed_in(OK), "POST": same(NOT_ALLOWED)},
    "evaluations:respond": {"GET": PAIR_ONLY, "POST": PAIR_ONLY},
    # results: dashboard, its data as CSV/XLSX, the PDF report, comparison
    # (aggregates only)
    "reports:dashboard": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "reports:export": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    # the PDF report is made by the worker: a POST asks for it (a job) and goes
    # to its page; the job's pages and file are the requester's only (the
    # coordinator of A asked; the superuser, too, gets 404)
    "reports:report_new": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, "→reports:report_job", NOT_FOUND, "→reports:report_job"),
    },
    "reports:report_job": {"GET": REQUESTER_ONLY, "POST": same(NOT_ALLOWED)},
    "reports:report_status": {"GET": REQUESTER_ONLY, "POST": same(NOT_ALLOWED)},
    "reports:report_download": {"GET": REQUESTER_ONLY, "POST": same(NOT_ALLOWED)},
    "reports:compare": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    # webhooks: a programme's endpoints and delivery log, for its coordinators;
    # an empty POST to a form comes back with the form (200), a new secret is
    # shown on the answer to its POST
    "webhooks:list": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "webhooks:create": {"GET": COORDINATOR_OF_A, "POST": COORDINATOR_OF_A},
    "webhooks:endpoint": {"GET": COORDINATOR_OF_A, "POST": COORDINATOR_OF_A},
    "webhooks:rotate": {"GET": same(NOT_ALLOWED), "POST": COORDINATOR_OF_A},
    "webhooks:delete": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, "→webhooks:list", NOT_FOUND, "→webhooks:list"),
    },
    "webhooks:delivery": {"GET": COORDINATOR_OF_A, "POST": same(NOT_ALLOWED)},
    "webhooks:redeliver": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, "→webhooks:delivery", NOT_FOUND, "→webhooks:delivery"),
    },
    # privacy: a person's own data (export, erasure request, consents) and the
    # coordinators' list of erasure requests; a POST without the confirm box
    # comes back to the form; the confirm URL is for a request that does not
    # exist (a real one would be used up by the first allowed role)
    "privacy:home": {"GET": signed_in(OK), "POST": same(NOT_ALLOWED)},
    "privacy:export": {"GET": same(NOT_ALLOWED), "POST": signed_in(OK)},
    "privacy:erase": {"GET": signed_in(OK), "POST": signed_in("→privacy:erase")},
    "privacy:consent": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, mentee="→privacy:home"),
    },
    "privacy:erasure_requests": {
        "GET": per_role(LOGIN, NOT_FOUND, OK, OK, OK),
        "POST": same(NOT_ALLOWED),
    },
    "privacy:erasure_decline": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "privacy:erasure_confirm": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    # the REST API (api/v1/): a Bearer token of each role's person with every
    # scope. Only coordinators (and superusers) can use one: anybody else's
    # token is refused (401) as if it were unknown; programme A of a
    # coordinator of B answers 404. POST: an empty JSON body (400: no rows).
    "api:programmes": {"GET": API_READ_ALL, "POST": API_NOT_ALLOWED},
    "api:programme": {"GET": API_OF_A, "POST": API_NOT_ALLOWED},
    "api:participants": {"GET": API_OF_A, "POST": api_of_a("400")},
    "api:participant": {"GET": API_OF_A, "POST": API_NOT_ALLOWED},
    "api:matching_runs": {"GET": API_OF_A, "POST": API_NOT_ALLOWED},
    "api:matching_run": {"GET": API_OF_A, "POST": API_NOT_ALLOWED},
    "api:mentorships": {"GET": API_OF_A, "POST": API_NOT_ALLOWED},
    "api:mentorship": {"GET": API_OF_A, "POST": API_NOT_ALLOWED},
    "api:meetings": {"GET": API_OF_A, "POST": API_NOT_ALLOWED},
    "api:evaluations": {"GET": API_OF_A, "POST": API_NOT_ALLOWED},
    "api:dashboard": {"GET": API_OF_A, "POST": API_NOT_ALLOWED},
    "api:audit_log": {"GET": API_OF_A, "POST": API_NOT_ALLOWED},
    # any other address under api/: a problem (404), whoever asks
    "api:not_found": {"GET": same(NOT_FOUND), "POST": same(NOT_FOUND)},
    # the OpenAPI document and its reference page describe the API, no data
    "api:schema": {"GET": same(OK), "POST": same(NOT_ALLOWED)},
    "api:reference": {"GET": same(OK), "POST": same(NOT_ALLOWED)},
    # the coordinator's own tokens (the web pages, signed in as usual); revoking
    # a token that is not one's own: 404
    "api:tokens": {"GET": per_role(LOGIN, NOT_FOUND, OK, OK, OK), "POST": same(NOT_ALLOWED)},
    "api:token_new": {
        "GET": per_role(LOGIN, NOT_FOUND, OK, OK, OK),
        "POST": per_role(LOGIN, NOT_FOUND, OK, OK, OK),  # the form again, with errors
    },
    "api:token_revoke": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, "→api:tokens", NOT_FOUND, NOT_FOUND),
    },
    # allauth: social accounts (single sign-on). Starting a login is a POST; a GET
    # shows allauth's "continue to the provider" page. A callback without the
    # state of a login in progress is refused (the SSO failure page).
    "openid_connect_login": {"GET": same(OK)},
    "openid_connect_callback": {"GET": same("400")},
    "socialaccount_connections": {"GET": signed_in(OK)},
    "socialaccount_login_cancelled": {"GET": same(OK)},
    "socialaccount_login_error": {"GET": same("401")},
    "socialaccount_signup": {"GET": same("→account_login")},
    # sso: the same OpenID Connect paths (served first, with the verified id_token),
    # home-realm discovery, and the superusers' identity providers
    "sso:oidc_login": {"GET": same(OK)},
    "sso:oidc_callback": {"GET": same("400"), "POST": same(NOT_ALLOWED)},
    "sso:discover": {"GET": same(NOT_ALLOWED), "POST": same("→account_login")},
    # allauth's SAML paths: the matrix's provider speaks OpenID Connect, so
    # there is no SAML app of that name (404); the ACS stores the POST and
    # continues at its finishing step, which ours serves.
    "saml_acs": {"GET": same("→sso:saml_finish_acs"), "POST": same("→sso:saml_finish_acs")},
    "saml_finish_acs": {"GET": same(NOT_FOUND)},
    "sso:saml_finish_acs": {"GET": same(NOT_FOUND), "POST": same(NOT_ALLOWED)},
    "saml_sls": {"GET": same(NOT_FOUND)},
    # Ours answers first (the IdP's signature required); GET only (HTTP-Redirect).
    "sso:saml_sls": {"GET": same(NOT_FOUND), "POST": same(NOT_ALLOWED)},
    "saml_metadata": {"GET": same(NOT_FOUND)},
    "saml_login": {"GET": same(NOT_FOUND), "POST": same(NOT_FOUND)},
    "sso:providers": {
        "GET": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
        "POST": same(NOT_ALLOWED),
    },
    "sso:provider_add": {"GET": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)},
    "sso:provider_edit": {"GET": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)},
    "sso:provider_toggle": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, "→sso:providers"),
    },
    # staff: the e-mail log
    "common:outbox": {
        "GET": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
        "POST": same(NOT_ALLOWED),
    },
    "common:outbox_retry": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, "→common:outbox"),
    },
    # operations: for load balancers and Prometheus, the same for everybody. No
    # worker runs in the matrix test, so /readyz answers 503 (not ready); /metrics
    # exists only with MENTORING_METRICS_TOKEN and then wants that bearer token.
    "operations:healthz": {"GET": same(OK), "POST": same(NOT_ALLOWED)},
    "operations:readyz": {"GET": same("503"), "POST": same(NOT_ALLOWED)},
    "operations:metrics": {"GET": same(NOT_FOUND), "POST": same(NOT_ALLOWED)},
    # SCIM 2.0: only a bearer token opens it (a session is not enough); see
    # tests/provisioning/test_tokens.py for the token's own cases (401/403)
    **{
        f"provisioning:{name}": {"GET": same(UNAUTHORIZED), "POST": same(UNAUTHORIZED)}
        for name in (
            "scim_service_provider_config",
            "scim_resourcetypes",
            "scim_resourcetype",
            "scim_schemas",
            "scim_schema",
            "scim_search",
            "scim_users",
            "scim_users_search",
            "scim_user",
        )
    },
    "provisioning:scim_not_found": {"GET": same(NOT_FOUND), "POST": same(NOT_FOUND)},
    # staff (superusers only): SCIM tokens and the CSV upload of people
    "provisioning:tokens": {
        "GET": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
        "POST": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    },
    "provisioning:token_revoke": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, "→provisioning:tokens"),
    },
    "provisioning:csv_upload": {
        "GET": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
        "POST": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    },
    "provisioning:csv_apply": {
        "GET": same(NOT_ALLOWED),
        "POST": per_role(LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, "→provisioning:csv_upload"),
    },
}


def render_markdown() -> str:
    lines = [
        "| URL name | method | " + " | ".join(ROLES) + " |",
        "|---|---|" + "---|" * len(ROLES),
    ]
    for name in sorted(MATRIX):
        for method, outcomes in sorted(MATRIX[name].items()):
            cells = " | ".join(outcomes[role] for role in ROLES)
            lines.append(f"| `{name}` | {method} | {cells} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")
