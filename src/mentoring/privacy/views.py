"""Pages of the privacy app: the person's privacy page (export, erasure
request, consents) and the coordinators' list of erasure requests."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.accounts.models import User
from mentoring.participants.models import Participation
from mentoring.privacy.enums import ErasureStatus
from mentoring.privacy.exporting import export_zip
from mentoring.privacy.forms import DeclineForm
from mentoring.privacy.models import ErasureRequest
from mentoring.privacy.selectors import (
    last_coordinator_of,
    needs_coordinator,
    requests_for_coordinator,
    retention_periods,
)
from mentoring.privacy.services import (
    ErasureError,
    consent_set,
    erasure_confirm,
    erasure_decline,
    erasure_request,
)
from mentoring.programmes.permissions import coordinator_required


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@never_cache
@require_GET
@login_required
def privacy_home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "privacy/privacy_home.html",
        {
            "participations": Participation.objects.filter(user=user).select_related("programme"),
            "pending": ErasureRequest.objects.filter(
                user=user, status=ErasureStatus.PENDING
            ).first(),
            "declined": ErasureRequest.objects.filter(user=user, status=ErasureStatus.DECLINED)
            .order_by("-declined_at")
            .first(),
            "retention": retention_periods(),
        },
    )


@never_cache
@require_POST
@login_required
def export(request: HttpRequest) -> HttpResponse:
    data = export_zip(user=_user(request))
    response = HttpResponse(data, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.zip"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def erase(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    pending = ErasureRequest.objects.filter(user=user, status=ErasureStatus.PENDING).first()
    self_confirm = not needs_coordinator(user=user)
    refused = last_coordinator_of(user=user)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm that you want your data erased."))
            return redirect("privacy:erase")
        try:
            result = erasure_request(user=user)
            if self_confirm:
                erasure_confirm(request=result.request, by=user)
                logout(request)
                messages.success(request, _("Your personal data has been erased. Goodbye."))
                return redirect("home")
        except ErasureError as error:
            messages.error(request, error.message)
            return redirect("privacy:erase")
        if result.created:
            messages.success(
                request,
                _(
                    "Your request is registered. A coordinator of your programme will "
                    "confirm it, and then your data is erased."
                ),
            )
        else:
            messages.info(
                request,
                _("You have already asked for erasure; a coordinator will confirm it."),
            )
        return redirect("privacy:home")
    return render(
        request,
        "privacy/erase.html",
        {"pending": pending, "self_confirm": self_confirm, "refused": refused},
    )


@never_cache
@require_POST
@login_required
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_object_or_404(Participation.objects.filter(user=_user(request)), pk=pk)
    value = request.POST.get("contact_after") == "yes"
    consent_set(participation=participation, contact_after=value)
    messages.success(
        request,
        _("Thank you: you may be contacted after the programme.")
        if value
        else _("Your consent is withdrawn: you will not be contacted after the programme."),
    )
    return redirect("privacy:home")


@never_cache
@require_GET
@coordinator_required
def erasure_requests(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    # The person's participations in this coordinator's programmes only.
    participations = Participation.objects.select_related("programme").order_by(
        "programme__name_da"
    )
    if not user.is_superuser:
        participations = participations.filter(programme__coordinators=user)
    rows = requests_for_coordinator(user=user).prefetch_related(
        Prefetch("user__participations", queryset=participations)
    )
    return render(request, "privacy/erasure_requests.html", {"requests": rows})


@never_cache
@require_POST
@coordinator_required
def erasure_request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    pending = requests_for_coordinator(user=_user(request)).filter(pk=pk).first()
    if pending is None:
        raise Http404
    form = DeclineForm(request.POST)
    if not form.is_valid():
        for error in form.errors["reason"]:
            messages.error(request, str(error))
        return redirect("privacy:erasure_requests")
    try:
        erasure_decline(request=pending, by=_user(request), reason=form.cleaned_data["reason"])
    except ErasureError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The request is declined, and the person has been told why."))
    return redirect("privacy:erasure_requests")


@never_cache
@require_POST
@coordinator_required
def erasure_request_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    pending = requests_for_coordinator(user=_user(request)).filter(pk=pk).first()
    if pending is None:
        raise Http404
    try:
        erasure_confirm(request=pending, by=_user(request))
    except ErasureError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The person's data has been erased."))
    return redirect("privacy:erasure_requests")
