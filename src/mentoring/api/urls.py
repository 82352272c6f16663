"""``/api/v1/`` (the REST API, its OpenAPI document and reference page) and
``/coordinate/api-tokens/`` (the coordinator's tokens)."""

from django.urls import path, register_converter

from mentoring.api.conditional import with_etag
from mentoring.api.views import docs, resources, results, tokens

app_name = "api"


class AnythingConverter:
    """Any rest of an address, line breaks too (``path`` stops at one)."""

    regex = r"[\s\S]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AnythingConverter, "anything")

P = "api/v1/programmes/<slug:slug>/"

urlpatterns = [
    path("api/v1/schema/", docs.SchemaView.as_view(), name="schema"),
    path("api/v1/docs/", docs.reference, name="reference"),
    path("api/v1/programmes/", with_etag(resources.ProgrammeList.as_view()), name="programmes"),
    path(P, with_etag(resources.ProgrammeDetail.as_view()), name="programme"),
    path(P + "participants/", with_etag(resources.ParticipantList.as_view()), name="participants"),
    path(
        P + "participants/<int:pk>/",
        with_etag(resources.ParticipantDetail.as_view()),
        name="participant",
    ),
    path(
        P + "matching-runs/", with_etag(resources.MatchingRunList.as_view()), name="matching_runs"
    ),
    path(
        P + "matching-runs/<int:number>/",
        with_etag(resources.MatchingRunDetail.as_view()),
        name="matching_run",
    ),
    path(P + "mentorships/", with_etag(resources.MentorshipList.as_view()), name="mentorships"),
    path(
        P + "mentorships/<int:pk>/",
        with_etag(resources.MentorshipDetail.as_view()),
        name="mentorship",
    ),
    path(P + "meetings/", with_etag(resources.MeetingList.as_view()), name="meetings"),
    path(P + "evaluations/", with_etag(results.EvaluationsView.as_view()), name="evaluations"),
    path(P + "dashboard/", with_etag(results.DashboardView.as_view()), name="dashboard"),
    path(P + "audit-log/", with_etag(results.AuditLog.as_view()), name="audit_log"),
    # Last: every other address under api/ answers a problem (404).
    path("api/<anything:rest>", docs.not_found, name="not_found"),
    path("coordinate/api-tokens/", tokens.token_list, name="tokens"),
    path("coordinate/api-tokens/new/", tokens.token_new, name="token_new"),
    path("coordinate/api-tokens/<int:pk>/revoke/", tokens.token_revoke_view, name="token_revoke"),
]
