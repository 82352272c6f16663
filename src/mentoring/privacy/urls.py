"""URLs of the privacy app (full paths: ``me/`` for a person's own pages,
``coordinate/`` for coordinators)."""

from django.urls import URLPattern, URLResolver, path

from mentoring.privacy import views

app_name = "privacy"

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/privacy/", views.privacy_home, name="home"),
    path("me/privacy/export/", views.export, name="export"),
    path("me/privacy/erase/", views.erase, name="erase"),
    path("me/privacy/consent/<int:pk>/", views.consent, name="consent"),
    path("coordinate/privacy/erasures/", views.erasure_requests, name="erasure_requests"),
    path(
        "coordinate/privacy/erasures/<int:pk>/decline/",
        views.erasure_request_decline,
        name="erasure_decline",
    ),
    path(
        "coordinate/privacy/erasures/<int:pk>/confirm/",
        views.erasure_request_confirm,
        name="erasure_confirm",
    ),
]
