"""Staff pages of provisioning (superusers with MFA): SCIM tokens (create,
shown once; revoke) and the CSV upload (preview, then apply)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mentoring.common import once
from mentoring.common.permissions import guard
from mentoring.provisioning import csv_io
from mentoring.provisioning.forms import CsvUploadForm, TokenForm
from mentoring.provisioning.models import ScimToken
from mentoring.provisioning.selectors import scim_tokens
from mentoring.provisioning.services import CsvInvalidError, csv_rows_apply
from mentoring.provisioning.tokens import scim_token_create, scim_token_revoke

#: Provisioning is for superusers only (it creates and blocks accounts).
superuser_required = guard(lambda user: bool(user.is_superuser))

_PENDING = "provisioning_csv"


@never_cache
@require_http_methods(["GET", "POST"])
@superuser_required
def tokens(request: HttpRequest) -> HttpResponse:
    new_secret = None
    if request.method == "POST" and once.is_repeat(request):
        return once.repeat_redirect(request, "provisioning:tokens")
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            created = scim_token_create(
                name=form.cleaned_data["name"],
                scopes=list(form.cleaned_data["scopes"]),
                lifetime_days=form.cleaned_data["lifetime_days"],
                by=request.user,  # type: ignore[arg-type]
            )
            # Shown in this response only: the page is not cached and the
            # token is never stored or logged.
            new_secret = created.secret
            once.mark_done(request)
            form = TokenForm()
    else:
        form = TokenForm()
    return render(
        request,
        "provisioning/tokens.html",
        {
            "form": form,
            "tokens": scim_tokens(),
            "new_secret": new_secret,
            "scim_base": request.build_absolute_uri(reverse("provisioning:scim_users"))[
                : -len("/Users")
            ],
        },
    )


@require_POST
@superuser_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ScimToken.objects.filter(pk=pk).first()
    if token is None:
        raise Http404
    if scim_token_revoke(token=token, by=request.user):  # type: ignore[arg-type]
        messages.success(request, _("The token is revoked. It no longer works."))
    return redirect("provisioning:tokens")


@never_cache
@require_http_methods(["GET", "POST"])
@superuser_required
def csv_upload(request: HttpRequest) -> HttpResponse:
    preview = None
    file_error = None
    token = ""
    if request.method == "POST":
        form = CsvUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                text = csv_io.decode(form.cleaned_data["file"].read())
                preview = csv_io.read_rows(text)
            except csv_io.CsvFileError as exc:
                file_error = exc.message
            else:
                token = secrets.token_urlsafe(16)
                request.session[_PENDING] = {"token": token, "text": text}
    else:
        form = CsvUploadForm()
    return render(
        request,
        "provisioning/csv_upload.html",
        {"form": form, "preview": preview, "file_error": file_error, "token": token},
    )


@require_POST
@superuser_required
def csv_apply(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(_PENDING)
    if not isinstance(pending, dict) or not secrets.compare_digest(
        str(pending.get("token", "")), request.POST.get("token", "")
    ):
        messages.error(request, _("The upload has expired. Upload the file again."))
        return redirect("provisioning:csv_upload")
    try:
        counts = csv_rows_apply(text=str(pending["text"]), by=request.user)  # type: ignore[arg-type]
    except (CsvInvalidError, csv_io.CsvFileError):
        messages.error(
            request, _("The file has errors now (the accounts changed). Upload it again.")
        )
        return redirect("provisioning:csv_upload")
    del request.session[_PENDING]
    messages.success(
        request,
        _(
            "Done: %(create)d created, %(update)d updated, %(deactivate)d deactivated, "
            "%(reactivate)d reactivated."
        )
        % counts,
    )
    return redirect("provisioning:csv_upload")
