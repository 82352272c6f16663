from django.urls import include, path

from mentoring.common import views as common_views

urlpatterns = [
    path("", common_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("mentoring.accounts.urls")),
    # Import and export of participants (coordinators)
    path(
        "coordinate/<slug:slug>/participants/",
        include("mentoring.participants.io.urls"),
    ),
    # /coordinate/ (coordinators), /p/ (public programme pages), /guide/ (advice)
    path("", include("mentoring.programmes.urls")),
    # /p/<slug>/apply/<role>/ and /me/applications/ (applicants),
    # /coordinate/<slug>/participants/ (coordinators)
    path("", include("mentoring.participants.urls")),
    # /coordinate/<slug>/matching/ (coordinators)
    path("", include("mentoring.matching.urls")),
    # /me/matches/ (the mentee and the mentor of a proposed match)
    path("", include("mentoring.relationships.urls")),
    path("", include("mentoring.meetings.urls")),
    path("", include("mentoring.evaluations.urls")),
    path("", include("mentoring.reports.urls")),
    path("", include("mentoring.privacy.urls")),
    path("", include("mentoring.common.urls")),
]
