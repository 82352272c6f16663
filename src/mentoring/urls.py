from django.urls import include, path

from mentoring.common import views as common_views

urlpatterns = [
    path("", common_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("mentoring.accounts.urls")),
    path("coordinate/", include("mentoring.programmes.urls")),
    path("", include("mentoring.common.urls")),
]
