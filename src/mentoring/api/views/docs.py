"""The OpenAPI 3.1 document and its reference page (Swagger UI from the
vendored ``drf-spectacular-sidecar`` files, started by a static script: no
inline script, so the page keeps the site's Content Security Policy)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from mentoring.api.problems import PROBLEM_CONTENT_TYPE, problem


class SchemaView(SpectacularAPIView):
    """The document describes the API, not any data: anyone may read it."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = ()


@csrf_exempt  # it writes nothing; a POST gets the same problem as a GET
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other address under /api/: a problem, not the site's HTML page."""
    return JsonResponse(
        problem(404, _("There is no such address in the API.")),
        status=404,
        content_type=PROBLEM_CONTENT_TYPE,
    )


@require_GET
def reference(request: HttpRequest) -> HttpResponse:
    return render(request, "api/reference.html", {"schema_url": reverse("api:schema")})
