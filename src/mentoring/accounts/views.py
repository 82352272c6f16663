from __future__ import annotations

from typing import Literal, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mentoring.accounts.forms import LanguageForm, ProfileForm
from mentoring.accounts.models import User
from mentoring.accounts.selectors import user_has_mfa
from mentoring.accounts.services import user_set_language, user_update_profile

SameSite = Literal["Lax", "Strict", "None", False] | None


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=cast(SameSite, settings.LANGUAGE_COOKIE_SAMESITE),
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=True,
    )


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language of the pages (and, when signed in, of e-mails)."""
    form = LanguageForm(request.POST)
    next_url = _safe_next(request, request.POST.get("next") or request.headers.get("referer"))
    if not form.is_valid():
        messages.error(request, _("That language is not available. Choose Danish or English."))
        return redirect(next_url)
    language = form.cleaned_data["language"]
    if isinstance(request.user, User):
        user_set_language(user=request.user, language=language)
    translation.activate(language)
    response = HttpResponseRedirect(next_url)
    _set_language_cookie(response, language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required: always a signed-in User
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            user_update_profile(
                user=user,
                full_name=form.cleaned_data["full_name"],
                language=form.cleaned_data["language"],
                presentation=form.cleaned_data["presentation"],
            )
            translation.activate(form.cleaned_data["language"])
            messages.success(request, _("Your profile has been saved."))
            response = redirect("accounts:profile")
            _set_language_cookie(response, form.cleaned_data["language"])
            return response
    else:
        form = ProfileForm(
            initial={
                "full_name": user.full_name,
                "presentation": user.presentation,
                "language": user.language,
            }
        )
    return render(request, "accounts/profile.html", {"form": form, "has_mfa": user_has_mfa(user)})
