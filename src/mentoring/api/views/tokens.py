"""The coordinator's API tokens (``/coordinate/api-tokens/``): list, create
(the key is shown once), revoke. A coordinator's token reads the programmes
they coordinate; a superuser's, every programme. A token is made only in a
session whose second factor can be checked again at every use (our
authenticator app, or single sign-on whose identity provider asserted MFA)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mentoring.api.forms import TokenForm
from mentoring.api.models import ApiToken
from mentoring.api.selectors import session_mfa_route, tokens_for_user
from mentoring.api.services import token_create, token_revoke
from mentoring.common import once
from mentoring.programmes.permissions import coordinator_required


@require_GET
@coordinator_required
def token_list(request: HttpRequest) -> HttpResponse:
    return render(request, "api/token_list.html", {"tokens": tokens_for_user(request.user)})


@never_cache
@coordinator_required
def token_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and once.is_repeat(request):
        return once.repeat_redirect(request, "api:tokens")
    route = session_mfa_route(request)
    if route is None:
        # The guard let the session in on an identity provider's MFA that no
        # longer holds (provider disabled, link removed, or a session from
        # before the provider was named): a token needs a route that lasts.
        messages.warning(
            request,
            _(
                "A token relies on your two-factor authentication. Log in again with "
                "single sign-on, or set up an authenticator app, to create one."
            ),
        )
        return redirect("api:tokens")
    mfa_route, mfa_provider = route
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = token_create(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            mfa_route=mfa_route,
            mfa_provider=mfa_provider,
            expires_at=form.expires_at(),
            allowed_networks=form.cleaned_data["allowed_networks"],
        )
        once.mark_done(request)
        # The key is shown on this answer only (never stored; never_cache: no-store).
        return render(request, "api/token_created.html", {"token": new.token, "key": new.key})
    return render(
        request,
        "api/token_form.html",
        {"form": form, "mfa_route": mfa_route, "mfa_provider": mfa_provider},
    )


@require_POST
@coordinator_required
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = tokens_for_user(request.user).get(pk=pk)
    except ApiToken.DoesNotExist as error:
        raise Http404 from error
    token_revoke(token=token, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api:tokens")
