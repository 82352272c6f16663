from django.urls import path

from mentoring.common import views

app_name = "common"

urlpatterns = [
    path("staff/mail/", views.outbox_list, name="outbox"),
    path("staff/mail/<int:message_id>/retry/", views.outbox_retry, name="outbox_retry"),
]
