from django.urls import path

from mentoring.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/log/", views.programme_audit_log, name="audit_log"),
]
