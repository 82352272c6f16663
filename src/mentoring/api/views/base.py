"""What every endpoint shares: token authentication, scopes, the per-token
rate limit, problem details, pagination and the request's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from mentoring.api.authentication import BearerTokenAuthentication
from mentoring.api.pagination import Pagination
from mentoring.api.permissions import HasScope
from mentoring.api.serializers import ProblemSerializer
from mentoring.api.throttling import TokenRateThrottle
from mentoring.programmes.models import Programme
from mentoring.programmes.selectors import coordinated_programme_or_404

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def header_language(request: Any) -> str | None:
    """The first supported language of ``Accept-Language`` (da or en), if any."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in SUPPORTED:
            return code
    return None


PROBLEM = OpenApiResponse(ProblemSerializer, description="Problem details (RFC 9457)")
#: The errors every endpoint may answer, as application/problem+json.
ERRORS: dict[Any, Any] = {
    (code, "application/problem+json"): PROBLEM for code in (400, 401, 403, 404, 406, 429)
}

STATUS = OpenApiParameter("status", str, description="Only objects with this status.")
UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Only objects changed at or after this time (ISO 8601).",
)


class ApiView(generics.GenericAPIView):
    authentication_classes = (BearerTokenAuthentication,)
    permission_classes = (HasScope,)
    throttle_classes = (TokenRateThrottle,)
    pagination_class: type[Pagination] | None = Pagination
    #: The resource whose scope the view needs (enums.Resource).
    resource = ""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Accept-Language first; without it, the token owner's language (set
        # once the token is known, so that every problem after that is in it).
        self._header_language = header_language(request)
        translation.activate(self._header_language or settings.LANGUAGE_CODE)
        super().initial(request, *args, **kwargs)

    def perform_authentication(self, request: Request) -> None:
        super().perform_authentication(request)
        language = getattr(request.user, "language", "")
        if self._header_language is None and language in SUPPORTED:
            translation.activate(language)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    def programme(self) -> Programme:
        """The programme of the URL if the token's owner coordinates it; 404 otherwise."""
        if not hasattr(self, "_programme"):
            self._programme = coordinated_programme_or_404(
                user=self.request.user, slug=self.kwargs["slug"]
            )
        return self._programme

    def page_response(self, queryset: QuerySet[Any]) -> Response:
        """One page of ``queryset`` (``?page=``, ``?page_size=``), serialised
        with the view's serializer, with the pagination links."""
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
