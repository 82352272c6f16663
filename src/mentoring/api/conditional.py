"""``ETag`` and ``If-None-Match`` for the API's GET answers: the tag is a hash
of the answer's body, so an unchanged resource answers 304 without a body."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers

View = Callable[..., HttpResponseBase]


def with_etag(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if not isinstance(response, HttpResponse):  # a streaming answer: no tag
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        response["ETag"] = etag
        patch_vary_headers(response, ("Authorization", "Accept-Language"))
        conditional = get_conditional_response(request, etag=etag, response=response)
        if conditional is not response and conditional is not None:
            conditional["Cache-Control"] = "private, no-cache"
        response["Cache-Control"] = "private, no-cache"
        return conditional if conditional is not None else response

    return wrapped
