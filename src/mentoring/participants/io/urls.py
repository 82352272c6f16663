"""Import and export of a programme's participants (mounted under
``coordinate/<slug>/participants/``)."""

from django.urls import path

from mentoring.participants.io import views as io_views

app_name = "participants_io"

urlpatterns = [
    path("import/", io_views.import_upload, name="import"),
    path("import/template.csv", io_views.import_template_csv, name="import_template_csv"),
    path("import/template.xlsx", io_views.import_template_xlsx, name="import_template_xlsx"),
    path("import/<slug:token>/", io_views.import_preview, name="import_preview"),
    path("export.csv", io_views.export_csv, name="export_csv"),
    path("export.xlsx", io_views.export_xlsx, name="export_xlsx"),
]
