"""Health and metrics endpoints for load balancers and Prometheus. No
templates, no session: plain answers, never cached."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mentoring.operations import metrics
from mentoring.operations.selectors import readiness


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers (no database, no cache)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, every migration is applied, the cache
    answers and a worker ticked recently; 503 otherwise."""
    checks = readiness()
    ok = all(check.ok for check in checks.values())
    return JsonResponse(
        {
            "status": "ok" if ok else "unavailable",
            "checks": {
                name: {"ok": check.ok, "detail": check.detail} for name, check in checks.items()
            },
        },
        status=200 if ok else 503,
    )


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus' text format, for ``Authorization: Bearer <MENTORING_METRICS_TOKEN>``.
    Without a token configured the endpoint does not exist (404)."""
    token = settings.MENTORING_METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(
        value.strip().encode(), token.encode()
    ):
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics.render(), content_type="text/plain; version=0.0.4; charset=utf-8")
