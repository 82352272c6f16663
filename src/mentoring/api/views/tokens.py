"""The coordinator's API tokens (``/coordinate/api-tokens/``): list, create
(the key is shown once), revoke. A coordinator's token reads the programmes
they coordinate; a superuser's, every programme."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mentoring.api.forms import TokenForm
from mentoring.api.models import ApiToken
from mentoring.api.selectors import tokens_for_user
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
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = token_create(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.expires_at(),
            allowed_networks=form.cleaned_data["allowed_networks"],
        )
        once.mark_done(request)
        # The key is shown on this answer only (never stored; never_cache: no-store).
        return render(request, "api/token_created.html", {"token": new.token, "key": new.key})
    return render(request, "api/token_form.html", {"form": form})


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
