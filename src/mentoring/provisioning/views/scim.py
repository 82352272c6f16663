"""The SCIM 2.0 endpoints (RFC 7644) at ``/scim/v2/``. Thin: authenticate the
bearer token, check its scope, parse with ``scim2-models``, call a service,
answer ``application/scim+json`` (errors as SCIM Error bodies)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError
from scim2_models import (
    Context,
    Error,
    ListResponse,
    PatchOp,
    ResponseParameters,
    SCIMException,
)

from mentoring.accounts.models import User
from mentoring.provisioning import scim
from mentoring.provisioning.enums import TokenScope
from mentoring.provisioning.models import ScimToken
from mentoring.provisioning.scim import MAX_RESULTS, MEDIA_TYPE, POLICY, ScimUser
from mentoring.provisioning.selectors import FilterError, scim_accounts, scim_filter
from mentoring.provisioning.services import (
    ProvisioningError,
    scim_user_create,
    scim_user_delete,
    scim_user_patch,
    scim_user_replace,
)
from mentoring.provisioning.tokens import scim_token_authenticate

#: The largest request body we read (a User is a few kilobytes).
MAX_BODY = 256 * 1024

ScimView = Callable[..., HttpResponse]


def scim_response(payload: dict[str, Any] | None, status: int = 200) -> HttpResponse:
    body = json.dumps(payload) if payload is not None else ""
    response = HttpResponse(body, status=status, content_type=MEDIA_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def error_response(status: int, detail: str, scim_type: str | None = None) -> HttpResponse:
    error = Error(status=status, detail=detail, scim_type=scim_type)
    response = scim_response(error.model_dump(), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="scim"'
    return response


def _exception_response(exc: Exception) -> HttpResponse:
    if isinstance(exc, SCIMException):
        error = exc.to_error()
        return scim_response(error.model_dump(), status=int(error.status or 400))
    if isinstance(exc, ValidationError):
        errors = Error.from_validation_errors(exc)
        error = errors[0] if errors else Error(status=400, detail="invalid payload")
        return scim_response(error.model_dump(), status=int(error.status or 400))
    if isinstance(exc, ProvisioningError):
        return error_response(exc.status, exc.detail, exc.scim_type)
    raise exc


def scim_endpoint(*, methods: dict[str, str]) -> Callable[[ScimView], ScimView]:
    """Guard a SCIM view: ``methods`` maps each allowed HTTP method to the
    scope it needs. No, an unknown, expired or revoked token: 401; a token
    without the scope: 403; both as SCIM errors."""

    def decorator(view: ScimView) -> ScimView:
        @csrf_exempt
        @never_cache
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            header = request.headers.get("Authorization", "")
            scheme, _, secret = header.partition(" ")
            token = (
                scim_token_authenticate(secret=secret.strip())
                if scheme.lower() == "bearer"
                else None
            )
            if token is None:
                return error_response(401, "a valid bearer token is required")
            scope = methods.get(request.method or "")
            if scope is None:
                response = error_response(405, f"{request.method} is not supported here")
                response["Allow"] = ", ".join(sorted(methods))
                return response
            if scope not in token.scope_list:
                return error_response(403, f"the token lacks the scope {scope}")
            try:
                return view(request, token, *args, **kwargs)
            except (SCIMException, ValidationError, ProvisioningError) as exc:
                return _exception_response(exc)

        return wrapped

    return decorator


def _json_body(request: HttpRequest) -> dict[str, Any]:
    if len(request.body) > MAX_BODY:
        raise ProvisioningError(413, "the request body is too large")
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProvisioningError(400, "the body is not JSON", "invalidSyntax") from exc
    if not isinstance(payload, dict):
        raise ProvisioningError(400, "the body must be a JSON object", "invalidSyntax")
    return payload


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("provisioning:scim_users")).rstrip("/")


def _location(request: HttpRequest, account: User) -> str:
    return request.build_absolute_uri(reverse("provisioning:scim_user", args=[account.pk]))


def _response_parameters(source: Any) -> Any:
    """``attributes`` / ``excludedAttributes`` of a query string or a search body."""
    params = {
        key: source.get(name)
        for key, name in (
            ("attributes", "attributes"),
            ("excluded_attributes", "excludedAttributes"),
        )
        if source.get(name)
    }
    return ResponseParameters[ScimUser].model_validate(params) if params else None


def _dump(resource: Any, context: Context, request: HttpRequest) -> dict[str, Any]:
    return resource.model_dump(
        scim_ctx=context, response_parameters=_response_parameters(request.GET)
    )


def _account_or_404(pk: str) -> User | None:
    if not pk.isdigit():
        return None
    return scim_accounts().filter(pk=int(pk)).first()


def _int_param(raw: Any, name: str, default: int) -> int:
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except (TypeError, ValueError) as exc:
        raise ProvisioningError(400, f"{name} must be a number", "invalidValue") from exc


READ = TokenScope.READ.value
WRITE = TokenScope.WRITE.value


@scim_endpoint(methods={"GET": READ, "POST": WRITE})
def users(request: HttpRequest, token: ScimToken) -> HttpResponse:
    if request.method == "POST":
        payload = _json_body(request)
        resource = ScimUser.model_validate(
            payload, scim_ctx=Context.RESOURCE_CREATION_REQUEST, scim_policy=POLICY
        )
        account = scim_user_create(resource=resource, token=token)
        account = scim_accounts().get(pk=account.pk)
        body = _dump(
            scim.to_resource(account, location=_location(request, account)),
            Context.RESOURCE_CREATION_RESPONSE,
            request,
        )
        response = scim_response(body, status=201)
        response["Location"] = _location(request, account)
        return response
    return _listing(
        request,
        expression=request.GET.get("filter", ""),
        start=_int_param(request.GET.get("startIndex"), "startIndex", 1),
        count=_int_param(request.GET.get("count"), "count", MAX_RESULTS),
        parameters=_response_parameters(request.GET),
    )


@scim_endpoint(methods={"POST": READ})
def users_search(request: HttpRequest, token: ScimToken) -> HttpResponse:
    """POST /Users/.search (RFC 7644 §3.4.3): the query in the body."""
    payload = _json_body(request)
    return _listing(
        request,
        expression=str(payload.get("filter") or ""),
        start=_int_param(payload.get("startIndex"), "startIndex", 1),
        count=_int_param(payload.get("count"), "count", MAX_RESULTS),
        parameters=_response_parameters(payload),
    )


def _listing(
    request: HttpRequest, *, expression: str, start: int, count: int, parameters: Any
) -> HttpResponse:
    accounts = scim_accounts()
    expression = expression.strip()
    if expression:
        try:
            accounts = scim_filter(accounts, expression)
        except FilterError:
            return error_response(
                400,
                'only filters of the form <attribute> eq "<value>" on userName, externalId, '
                "id, emails or emails.value are supported",
                "invalidFilter",
            )
    start = max(start, 1)
    count = min(max(count, 0), MAX_RESULTS)
    total = accounts.count()
    page = list(accounts[start - 1 : start - 1 + count]) if count else []
    listing = ListResponse[ScimUser](
        total_results=total,
        start_index=start,
        items_per_page=len(page),
        resources=[scim.to_resource(a, location=_location(request, a)) for a in page],
    )
    return scim_response(
        listing.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=parameters)
    )


@scim_endpoint(methods={"GET": READ, "PUT": WRITE, "PATCH": WRITE, "DELETE": WRITE})
def user(request: HttpRequest, token: ScimToken, pk: str) -> HttpResponse:
    account = _account_or_404(pk)
    if account is None:
        return error_response(404, f"no User with id {pk}")
    location = _location(request, account)
    if request.method == "DELETE":
        scim_user_delete(account=account, token=token)
        return scim_response(None, status=204)
    if request.method == "PUT":
        resource = ScimUser.model_validate(
            _json_body(request), scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST, scim_policy=POLICY
        )
        scim_user_replace(account=account, resource=resource, token=token)
        context = Context.RESOURCE_REPLACEMENT_RESPONSE
    elif request.method == "PATCH":
        patch = PatchOp[ScimUser].model_validate(
            _json_body(request), scim_ctx=Context.RESOURCE_PATCH_REQUEST, scim_policy=POLICY
        )
        scim_user_patch(account=account, patch=patch, token=token, location=location)
        context = Context.RESOURCE_PATCH_RESPONSE
    else:
        context = Context.RESOURCE_QUERY_RESPONSE
    account = scim_accounts().get(pk=account.pk)
    return scim_response(_dump(scim.to_resource(account, location=location), context, request))


def _discovery_list(items: list[Any], request: HttpRequest) -> HttpResponse:
    model: Any = ListResponse[type(items[0])]  # type: ignore[misc]
    listing = model(
        total_results=len(items), start_index=1, items_per_page=len(items), resources=items
    )
    return scim_response(listing.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


def _with_location(item: Any, request: HttpRequest, kind: str, ident: str) -> Any:
    from scim2_models import Meta

    item.meta = Meta(
        resource_type=kind,
        location=request.build_absolute_uri(
            reverse(f"provisioning:scim_{kind.lower()}", args=[ident])
        ),
    )
    return item


@scim_endpoint(methods={"GET": READ})
def service_provider_config(request: HttpRequest, token: ScimToken) -> HttpResponse:
    config = scim.service_provider_config()
    return scim_response(config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


@scim_endpoint(methods={"GET": READ})
def resource_types(request: HttpRequest, token: ScimToken) -> HttpResponse:
    items = [_with_location(t, request, "ResourceType", str(t.id)) for t in scim.resource_types()]
    return _discovery_list(items, request)


@scim_endpoint(methods={"GET": READ})
def resource_type(request: HttpRequest, token: ScimToken, ident: str) -> HttpResponse:
    for item in scim.resource_types():
        if item.id == ident:
            item = _with_location(item, request, "ResourceType", ident)
            return scim_response(item.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
    return error_response(404, f"no ResourceType {ident}")


@scim_endpoint(methods={"GET": READ})
def schemas(request: HttpRequest, token: ScimToken) -> HttpResponse:
    items = [_with_location(s, request, "Schema", str(s.id)) for s in scim.schemas()]
    return _discovery_list(items, request)


@scim_endpoint(methods={"GET": READ})
def schema(request: HttpRequest, token: ScimToken, ident: str) -> HttpResponse:
    for item in scim.schemas():
        if item.id == ident:
            item = _with_location(item, request, "Schema", ident)
            return scim_response(item.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
    return error_response(404, f"no Schema {ident}")


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /scim/v2/: a SCIM 404 (never the HTML page)."""
    return error_response(404, "no such endpoint")
