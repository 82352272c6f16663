"""URLs of the portal. Each page keeps the URL name it had before it moved
here, because templates and mails of several apps link to it: the front page
is ``home`` (no namespace, ``urlpatterns``), the pair's home page is
``relationships:pair`` (``relationships_urlpatterns``, added to the
relationships namespace by the project's ``urls.py``)."""

from django.urls import path

from mentoring.portal import views

urlpatterns = [
    path("", views.home, name="home"),
]

relationships_urlpatterns = [
    path("me/mentorships/<int:pk>/", views.pair_home, name="pair"),
]
