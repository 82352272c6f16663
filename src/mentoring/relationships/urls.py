"""URLs of the relationships app (a person's own matches under /me/)."""

from django.urls import path

from mentoring.relationships import views

app_name = "relationships"

urlpatterns = [
    path("me/matches/", views.my_matches, name="my_matches"),
    path("me/matches/<int:pk>/", views.match_detail, name="match"),
    path("me/matches/<int:pk>/respond/", views.match_respond, name="respond"),
]
