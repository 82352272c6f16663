"""URLs of the reports app: a programme's results for its coordinators (the
dashboard, its data as CSV or XLSX, the PDF report made by the worker: asked
for, its progress, its download) and the comparison of two
programmes they coordinate. Everything lives under the programme's
``coordinate/<slug>/results/`` (``coordinate/compare/`` would be taken for a
programme's short name by ``programmes:detail``)."""

from django.urls import URLPattern, URLResolver, path

from mentoring.reports import job_views, views

app_name = "reports"

RESULTS = "coordinate/<slug:slug>/results/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(RESULTS, views.dashboard_view, name="dashboard"),
    path(RESULTS + "export.<str:file_format>", views.export_view, name="export"),
    path(RESULTS + "report/", job_views.report_new, name="report_new"),
    path(RESULTS + "report/<int:job>/", job_views.report_job, name="report_job"),
    path(RESULTS + "report/<int:job>/status/", job_views.report_job_status, name="report_status"),
    path(RESULTS + "report/<int:job>/download/", job_views.report_download, name="report_download"),
    path(RESULTS + "compare/", views.compare_view, name="compare"),
]
