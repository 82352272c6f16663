"""Coordinator pages of a programme's webhooks: the endpoints, registering
one (its secret is shown once, on the answer to the POST; reloading that
answer does not register it again: ``common.once``), changing it, a new
secret, removing it, and the delivery log with manual redelivery.

Thin views: guard → selector (another programme's endpoint is a 404) →
form → service → message and redirect."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common import once
from mentoring.common.errors import add_service_errors
from mentoring.programmes.permissions import coordinator_required
from mentoring.programmes.selectors import coordinated_programme_or_404
from mentoring.webhooks import selectors, services
from mentoring.webhooks.forms import EndpointEditForm, EndpointForm
from mentoring.webhooks.models import Endpoint


def _secret_page(request: HttpRequest, endpoint: Endpoint, secret: str) -> HttpResponse:
    """The one page that shows a secret in clear: the answer to the POST
    that made it (never stored in the session, never cached)."""
    return render(
        request,
        "webhooks/secret.html",
        {"programme": endpoint.programme, "endpoint": endpoint, "secret": secret},
    )


@never_cache
@require_GET
@coordinator_required
def endpoint_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    return render(
        request,
        "webhooks/endpoint_list.html",
        {"programme": programme, "endpoints": list(selectors.endpoints_of(programme))},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@coordinator_required
def endpoint_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    if request.method == "POST" and once.is_repeat(request):
        return once.repeat_redirect(request, "webhooks:list", slug=slug)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.endpoint_create(
                programme=programme,
                url=form.cleaned_data["url"],
                description=form.cleaned_data["description"],
                events=form.cleaned_data["events"],
                by=request.user,
            )
        except services.WebhookError as error:
            add_service_errors(form, error)
        else:
            once.mark_done(request)
            return _secret_page(request, endpoint, secret)
    return render(request, "webhooks/endpoint_form.html", {"programme": programme, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
@coordinator_required
def endpoint_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    endpoint = selectors.endpoint_or_404(user=request.user, slug=slug, pk=pk)
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "events": endpoint.events,
        "enabled": endpoint.enabled,
    }
    form = EndpointEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.endpoint_update(
                endpoint=endpoint,
                url=form.cleaned_data["url"],
                description=form.cleaned_data["description"],
                events=form.cleaned_data["events"],
                enabled=form.cleaned_data["enabled"],
                by=request.user,
            )
        except services.WebhookError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The endpoint is saved."))
            return redirect("webhooks:endpoint", slug=slug, pk=endpoint.pk)
    return render(
        request,
        "webhooks/endpoint_detail.html",
        {
            "programme": endpoint.programme,
            "endpoint": endpoint,
            "form": form,
            "deliveries": selectors.recent_deliveries(endpoint),
        },
    )


@never_cache
@require_POST
@coordinator_required
def endpoint_rotate_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    endpoint = selectors.endpoint_or_404(user=request.user, slug=slug, pk=pk)
    if once.is_repeat(request):
        return once.repeat_redirect(request, "webhooks:endpoint", slug=slug, pk=pk)
    secret = services.endpoint_rotate_secret(endpoint=endpoint, by=request.user)
    once.mark_done(request)
    return _secret_page(request, endpoint, secret)


@require_POST
@coordinator_required
def endpoint_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    endpoint = selectors.endpoint_or_404(user=request.user, slug=slug, pk=pk)
    services.endpoint_delete(endpoint=endpoint, by=request.user)
    messages.success(request, _("The endpoint is removed."))
    return redirect("webhooks:list", slug=slug)


@never_cache
@require_GET
@coordinator_required
def delivery_view(request: HttpRequest, slug: str, pk: int, delivery: int) -> HttpResponse:
    item = selectors.delivery_or_404(user=request.user, slug=slug, pk=pk, delivery=delivery)
    return render(
        request,
        "webhooks/delivery_detail.html",
        {
            "programme": item.endpoint.programme,
            "endpoint": item.endpoint,
            "delivery": item,
            "attempts": list(item.attempt_log.order_by("number")),
        },
    )


@require_POST
@coordinator_required
def delivery_redeliver_view(
    request: HttpRequest, slug: str, pk: int, delivery: int
) -> HttpResponse:
    item = selectors.delivery_or_404(user=request.user, slug=slug, pk=pk, delivery=delivery)
    try:
        services.delivery_redeliver(delivery=item, by=request.user)
    except services.WebhookError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The event will be sent again under the same id."))
    return redirect("webhooks:delivery", slug=slug, pk=pk, delivery=item.pk)
