"""Thin views: home-realm discovery, the OpenID Connect login and callback
(with our verifying adapter), and the superusers' provider pages."""

from __future__ import annotations

import copy

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.permissions import guard
from mentoring.sso import saml, selectors, services, sp_keys
from mentoring.sso.enums import Protocol
from mentoring.sso.forms import DiscoverForm, IdentityProviderForm
from mentoring.sso.oidc import VerifiedOIDCAdapter

superuser_required = guard(lambda user: bool(user.is_superuser))


@login_not_required
@require_http_methods(["GET", "POST"])
def oidc_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2LoginView.adapter_view(VerifiedOIDCAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


@login_not_required
@require_GET
def oidc_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2CallbackView.adapter_view(VerifiedOIDCAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


@login_not_required
@require_GET
def saml_finish_acs(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """allauth's SAML ACS finishing step, replaced (``sso.saml.finish_acs``)."""
    return saml.finish_acs(request, organization_slug)


@login_not_required
@require_GET
def saml_single_logout(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """allauth's SAML single logout service, replaced (``sso.saml.single_logout``)."""
    return saml.single_logout(request, organization_slug)


@login_not_required
@require_POST
def discover(request: HttpRequest) -> HttpResponse:
    """Home-realm discovery: an address whose domain belongs to a provider
    goes straight to that provider's login."""
    form = DiscoverForm(request.POST)
    provider = selectors.provider_for_email(form.data.get("email", "")) if form.is_valid() else None
    if provider is None:
        messages.info(
            request,
            _("Your organisation does not use single sign-on here. Log in with your password."),
        )
        return redirect("account_login")
    if provider.protocol == Protocol.SAML:
        from allauth.socialaccount.providers.saml.views import login as saml_login

        return saml_login(request, organization_slug=provider.slug)
    return oidc_login(request, provider_id=provider.slug)


@require_GET
@superuser_required
def provider_list(request: HttpRequest) -> HttpResponse:
    return render(request, "sso/provider_list.html", {"providers": selectors.providers_all()})


@require_http_methods(["GET", "POST"])
@superuser_required
def provider_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    provider = get_object_or_404(selectors.providers_all(), pk=pk) if pk is not None else None
    # The form edits a copy: the service compares the stored row with the new values.
    form = IdentityProviderForm(request.POST or None, instance=copy.copy(provider))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "slug"}
        if provider is None:
            values["slug"] = form.cleaned_data["slug"]
        try:
            saved = services.identity_provider_save(
                actor=request.user,
                provider=provider,
                values=values,
                client_secret=form.cleaned_data["new_client_secret"],
            )
        except ValidationError as error:
            by_field = (
                error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
            )
            for field, errors in by_field.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
            return redirect("sso:providers")
    redirect_uri = saml_acs = saml_entity_id = ""
    saml_signing = None
    saml_signing_error = ""
    if provider is not None and provider.protocol == Protocol.SAML:
        try:
            saml_signing = sp_keys.signing_key()
        except ImproperlyConfigured as error:  # says which file, never its content
            saml_signing_error = str(error)
        saml_acs = settings.SITE_URL + reverse("saml_acs", args=[provider.slug])
        saml_entity_id = settings.SITE_URL + reverse("saml_metadata", args=[provider.slug])
    elif provider is not None:
        redirect_uri = settings.SITE_URL + reverse(
            "openid_connect_callback", kwargs={"provider_id": provider.slug}
        )
    return render(
        request,
        "sso/provider_form.html",
        {
            "form": form,
            "provider": provider,
            "redirect_uri": redirect_uri,
            "saml_acs": saml_acs,
            "saml_entity_id": saml_entity_id,
            "saml_sls": saml_acs.replace("/acs/", "/sls/"),
            "saml_signing": saml_signing,
            "saml_signing_error": saml_signing_error,
        },
    )


@require_POST
@superuser_required
def provider_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    provider = get_object_or_404(selectors.providers_all(), pk=pk)
    try:
        services.identity_provider_set_enabled(
            actor=request.user, provider=provider, enabled=not provider.enabled
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("sso:providers")
