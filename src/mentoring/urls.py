from allauth import urls as allauth_urls
from django.urls import URLPattern, include, path

from mentoring.portal import urls as portal_urls
from mentoring.relationships import urls as relationships_urls

urlpatterns = [
    # /healthz, /readyz, /metrics (load balancers, Prometheus)
    path("", include("mentoring.operations.urls")),
    # The front page (the portal: pages composed from several apps)
    path("", include(portal_urls.urlpatterns)),
    # Single sign-on: before allauth's URLs (its OpenID Connect paths answer here)
    path("", include("mentoring.sso.urls")),
    # allauth, without its deprecated unnamed /social/ redirects (never served here)
    path(
        "accounts/",
        include(
            [
                p
                for p in allauth_urls.urlpatterns
                if not (isinstance(p, URLPattern) and p.name is None)
            ]
        ),
    ),
    path("me/", include("mentoring.accounts.urls")),
    # Import and export of participants (coordinators)
    path(
        "coordinate/<slug:slug>/participants/",
        include("mentoring.participants.io.urls"),
    ),
    # /api/v1/ (the REST API) and /coordinate/api-tokens/ (its tokens; before
    # the programmes' coordinate/<slug>/, "api-tokens" is a reserved slug)
    path("", include("mentoring.api.urls")),
    # /coordinate/ (coordinators), /p/ (public programme pages), /guide/ (advice)
    path("", include("mentoring.programmes.urls")),
    # /p/<slug>/apply/<role>/ and /me/applications/ (applicants),
    # /coordinate/<slug>/participants/ (coordinators)
    path("", include("mentoring.participants.urls")),
    # /coordinate/<slug>/matching/ (coordinators)
    path("", include("mentoring.matching.urls")),
    # /me/matches/ (the mentee and the mentor of a proposed match)
    # The pair's home page is the portal's but keeps its name relationships:pair
    path(
        "",
        include(
            (
                [*relationships_urls.urlpatterns, *portal_urls.relationships_urlpatterns],
                relationships_urls.app_name,
            )
        ),
    ),
    path("", include("mentoring.meetings.urls")),
    path("", include("mentoring.evaluations.urls")),
    path("", include("mentoring.reports.urls")),
    # /coordinate/<slug>/webhooks/ (coordinators)
    path("", include("mentoring.webhooks.urls")),
    path("", include("mentoring.privacy.urls")),
    # /scim/v2/ (the identity provider, bearer token), /staff/provisioning/ (superusers)
    path("", include("mentoring.provisioning.urls")),
    path("", include("mentoring.common.urls")),
]
