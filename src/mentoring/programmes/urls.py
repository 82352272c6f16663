"""URLs of the programmes app, mounted at the site root: coordinator pages
under /coordinate/, public programme pages under /p/, the guide at /guide/.
One module (one namespace) so every name reverses as ``programmes:<name>``."""

from django.urls import path

from mentoring.programmes import views

app_name = "programmes"

urlpatterns = [
    # Coordinators ("new" is a reserved slug, see validation.RESERVED_SLUGS)
    path("coordinate/", views.programme_list, name="list"),
    path("coordinate/new/", views.programme_create_view, name="create"),
    path("coordinate/<slug:slug>/", views.programme_detail, name="detail"),
    path("coordinate/<slug:slug>/edit/", views.programme_edit, name="edit"),
    path("coordinate/<slug:slug>/phase/", views.programme_transition_view, name="transition"),
    path("coordinate/<slug:slug>/log/", views.programme_audit_log, name="audit_log"),
    # Everyone
    path("p/", views.public_list, name="public_list"),
    path("p/<slug:slug>/", views.public_detail, name="public"),
    path("guide/", views.guide, name="guide"),
]
