"""The programme's results in the API: the dashboard's figures, the evaluation
aggregates (the dashboard's survey sections, suppressed below the programme's
minimum number of respondents exactly as on the dashboard) and the audit log."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from mentoring.api.enums import Resource
from mentoring.api.filters import apply_filters
from mentoring.api.serializers import (
    AuditEntrySerializer,
    DashboardSerializer,
    EvaluationsSerializer,
)
from mentoring.api.views.base import ERRORS, UPDATED_SINCE, ApiView
from mentoring.evaluations.selectors import questionnaire_rows
from mentoring.programmes.selectors import programme_audit_entries
from mentoring.reports.dashboard import Dashboard, programme_dashboard
from mentoring.reports.tables import Section

#: The dashboard's sections made from survey answers.
SURVEY_SECTIONS = ("benefits", "satisfaction", "learning")


# --- Results ------------------------------------------------------------------


def _sections(sections: list[Section]) -> list[dict[str, Any]]:
    return [
        {
            "key": section.key,
            "title": section.title,
            "tables": [
                {
                    "key": table.key,
                    "caption": table.caption,
                    "columns": table.columns,
                    "rows": [
                        {
                            "key": row.key,
                            "label": row.label,
                            "cells": [
                                {
                                    "value": cell.value,
                                    "text": cell.text,
                                    "suppressed": cell.suppressed,
                                    "percent": cell.percent,
                                }
                                for cell in row.cells
                            ],
                        }
                        for row in table.rows
                    ],
                    "note": table.note,
                    "is_empty": table.is_empty,
                }
                for table in section.tables
            ],
        }
        for section in sections
    ]


def _cell(cell: Any) -> dict[str, Any]:
    return {
        "value": cell.value,
        "text": cell.text,
        "suppressed": cell.suppressed,
        "percent": cell.percent,
    }


class DashboardView(ApiView):
    resource = Resource.DASHBOARD
    serializer_class = DashboardSerializer
    pagination_class = None

    @extend_schema(
        tags=["results"],
        operation_id="dashboard_retrieve",
        responses={200: DashboardSerializer, **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        dashboard: Dashboard = programme_dashboard(self.programme())
        return Response(
            {
                "programme": dashboard.programme.slug,
                "generated_at": dashboard.generated_at,
                "min_respondents": dashboard.min_respondents,
                "key_figures": [
                    {"key": figure.key, "label": str(figure.label), "cell": _cell(figure.cell)}
                    for figure in dashboard.key_figures
                ],
                "sections": _sections(dashboard.sections),
            }
        )


class EvaluationsView(ApiView):
    resource = Resource.EVALUATIONS
    serializer_class = EvaluationsSerializer
    pagination_class = None

    @extend_schema(
        tags=["results"],
        operation_id="evaluations_retrieve",
        responses={200: EvaluationsSerializer, **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        programme = self.programme()
        dashboard = programme_dashboard(programme)
        return Response(
            {
                "programme": programme.slug,
                "generated_at": dashboard.generated_at,
                "min_respondents": dashboard.min_respondents,
                "surveys": [
                    {
                        "kind": row.questionnaire.kind,
                        "state": row.questionnaire.state,
                        "invited": row.invited,
                        "submitted": row.submitted,
                    }
                    for row in questionnaire_rows(programme)
                ],
                "sections": _sections([s for s in dashboard.sections if s.key in SURVEY_SECTIONS]),
            }
        )


class AuditLog(ApiView, generics.ListAPIView):
    resource = Resource.AUDIT
    serializer_class = AuditEntrySerializer

    @extend_schema(
        tags=["audit"],
        operation_id="audit_log_list",
        parameters=[UPDATED_SINCE],
        responses={200: AuditEntrySerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        queryset = apply_filters(
            programme_audit_entries(programme=self.programme()).order_by("-created_at", "-pk"),
            request,
            updated_field="created_at",
        )
        return self.page_response(queryset)
