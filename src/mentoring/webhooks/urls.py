"""URLs of the webhooks app: a programme's endpoints and their delivery log,
for its coordinators, under ``coordinate/<slug>/webhooks/``."""

from django.urls import URLPattern, URLResolver, path

from mentoring.webhooks import views

app_name = "webhooks"

BASE = "coordinate/<slug:slug>/webhooks/"
ENDPOINT = BASE + "<int:pk>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(BASE, views.endpoint_list_view, name="list"),
    path(BASE + "new/", views.endpoint_create_view, name="create"),
    path(ENDPOINT, views.endpoint_view, name="endpoint"),
    path(ENDPOINT + "secret/", views.endpoint_rotate_view, name="rotate"),
    path(ENDPOINT + "delete/", views.endpoint_delete_view, name="delete"),
    path(ENDPOINT + "deliveries/<int:delivery>/", views.delivery_view, name="delivery"),
    path(
        ENDPOINT + "deliveries/<int:delivery>/redeliver/",
        views.delivery_redeliver_view,
        name="redeliver",
    ),
]
