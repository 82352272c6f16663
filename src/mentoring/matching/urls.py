"""URLs of matching (coordinators; the mentee's shortlist under /p/<slug>/),
mounted at the site root with full paths."""

from django.urls import path

from mentoring.matching import views

app_name = "matching"

urlpatterns = [
    # Mentees: choose a 1st, 2nd and 3rd choice among suitable mentors
    path("p/<slug:slug>/mentors/", views.shortlist, name="shortlist"),
    path("coordinate/<slug:slug>/matching/", views.matching_home, name="home"),
    path("coordinate/<slug:slug>/matching/run/", views.run_start, name="run_start"),
    path("coordinate/<slug:slug>/matching/pairs/", views.pair_decide, name="pair"),
    path(
        "coordinate/<slug:slug>/matching/declined-notice/",
        views.decline_notice,
        name="decline_notice",
    ),
    path("coordinate/<slug:slug>/matching/runs/<int:number>/", views.run_detail, name="run"),
    path(
        "coordinate/<slug:slug>/matching/runs/<int:number>/status/",
        views.run_status,
        name="run_status",
    ),
    path(
        "coordinate/<slug:slug>/matching/runs/<int:number>/publish/",
        views.run_publish,
        name="publish",
    ),
]
