from django.urls import path

from mentoring.participants import views

app_name = "participants"

urlpatterns = [
    # Applicants
    path("p/<slug:slug>/apply/<str:role>/", views.apply, name="apply"),
    path("me/applications/", views.my_applications, name="my_applications"),
    path("me/applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    # Coordinators
    path("coordinate/<slug:slug>/participants/", views.participant_list, name="list"),
    path(
        "coordinate/<slug:slug>/participants/<int:pk>/",
        views.participant_detail,
        name="detail",
    ),
    path(
        "coordinate/<slug:slug>/participants/<int:pk>/decide/",
        views.decide,
        name="decide",
    ),
]

urlpatterns += [
    # Invitations from the participant import (the token is the permission)
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
