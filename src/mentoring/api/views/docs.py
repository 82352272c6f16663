"""The OpenAPI 3.1 document and its reference page (Swagger UI from the
vendored ``drf-spectacular-sidecar`` files, started by a static script: no
inline script, so the page keeps the site's Content Security Policy)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    """The document describes the API, not any data: anyone may read it."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = ()


@require_GET
def reference(request: HttpRequest) -> HttpResponse:
    return render(request, "api/reference.html", {"schema_url": reverse("api:schema")})
