"""URLs of the reports app: a programme's results for its coordinators (the
dashboard, its data as CSV or XLSX, the PDF report) and the comparison of two
programmes they coordinate. Everything lives under the programme's
``coordinate/<slug>/results/`` (``coordinate/compare/`` would be taken for a
programme's short name by ``programmes:detail``)."""

from django.urls import URLPattern, URLResolver, path

from mentoring.reports import views

app_name = "reports"

RESULTS = "coordinate/<slug:slug>/results/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(RESULTS, views.dashboard_view, name="dashboard"),
    path(RESULTS + "export.<str:file_format>", views.export_view, name="export"),
    path(RESULTS + "report.pdf", views.report_pdf_view, name="pdf"),
    path(RESULTS + "compare/", views.compare_view, name="compare"),
]
