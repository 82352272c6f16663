"""URLs of the portal. Each page keeps the URL name it had before it moved
here, because templates and mails of several apps link to it: the front page
is ``home`` (no namespace, ``urlpatterns``); the pair's home page
``relationships:pair`` and a person's matches (``relationships:my_matches``,
``relationships:match``, ``relationships:respond``) are
``relationships_urlpatterns``, added to the relationships namespace by the
project's ``urls.py``."""

from django.urls import path

from mentoring.portal import views

urlpatterns = [
    path("", views.home, name="home"),
]

relationships_urlpatterns = [
    path("me/matches/", views.my_matches, name="my_matches"),
    path("me/matches/<int:pk>/", views.match_detail, name="match"),
    path("me/matches/<int:pk>/respond/", views.match_respond, name="respond"),
    path("me/mentorships/<int:pk>/", views.pair_home, name="pair"),
]
