"""The pair's collaboration agreement (samarbejdsaftale): the current version
with its status and the accept button, the form (a prefilled first draft when
there is none), each earlier version with its changes, and the PDF. Only the
two people of the pair reach these pages (``pair_or_404``); after the
mentorship ended early the agreement stays readable but cannot change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.errors import add_service_errors
from mentoring.programmes.method import recommendation_text
from mentoring.relationships import agreement
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.forms.agreement import AcceptForm, AgreementForm
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.pdf import pdf_filename, render_agreement_pdf
from mentoring.relationships.selectors import pair_or_404
from mentoring.relationships.services.agreement import (
    AgreementConflict,
    AgreementError,
    agreement_save,
)
from mentoring.relationships.services.agreement import agreement_accept as accept_version


def _versions(mentorship: Mentorship) -> list[AgreementVersion]:
    """Every version of the pair's agreement, oldest first (one query)."""
    return list(
        AgreementVersion.objects.filter(mentorship=mentorship)
        .select_related("updated_by")
        .order_by("number")
    )


def _people(mentorship: Mentorship, side: Side) -> dict[str, Any]:
    return {
        "mentorship": mentorship,
        "programme": mentorship.programme,
        "side": str(side),
        "can_edit": mentorship.status == MentorshipStatus.ACCEPTED,
        "ended": mentorship.status == MentorshipStatus.ENDED_EARLY,
        "recommendation": recommendation_text(mentorship.programme),
    }


def _status(version: AgreementVersion, side: Side) -> dict[str, Any]:
    mine = version.mentee_accepted_at if side == Side.MENTEE else version.mentor_accepted_at
    return {"version": version, "my_acceptance": mine}


@never_cache
@require_GET
@login_required
def agreement_current(request: HttpRequest, pk: int) -> HttpResponse:
    """The newest version of the agreement: status, warnings, accept button,
    the content and the list of versions."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    versions = _versions(mentorship)
    context = _people(mentorship, side)
    context["versions"] = list(reversed(versions))
    if versions:
        version = versions[-1]
        values = agreement.values_of(version)
        _errors, warnings = agreement.check_against_recommendation(mentorship.programme, values)
        last_agreed = next((item for item in reversed(versions[:-1]) if item.accepted_at), None)
        context.update(
            _status(version, side),
            # Only the other person's edits: one's own were seen in the form.
            changes_since_mine=agreement.changes_since_accepted(
                version, str(side), last_agreed=last_agreed
            )
            if version.updated_by_id != request.user.pk
            else None,
            sections=agreement.sections_of(values),
            warnings=warnings,
            accept_form=AcceptForm(
                auto_id=False, initial={"number": version.number, "revision": version.revision}
            ),
        )
    return render(request, "relationships/agreement.html", context)


def _edit_page(
    request: HttpRequest,
    mentorship: Mentorship,
    side: Side,
    form: AgreementForm,
    *,
    current: AgreementVersion | None,
    warnings: list[str],
    theirs: AgreementVersion | None = None,
) -> HttpResponse:
    context = _people(mentorship, side)
    context.update(form=form, current=current, warnings=warnings, theirs=theirs)
    if theirs is not None:
        saved = agreement.values_of(theirs)
        context["their_sections"] = agreement.sections_of(saved)
        # Where the person's form differs from what the other person saved.
        context["conflict_changes"] = (
            agreement.diff_values(saved, form.values()) if form.is_valid() else None
        )
    return render(request, "relationships/agreement_edit.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the first draft (prefilled) or change the agreement. Saving a
    change to an agreement both accepted creates the next version."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    if mentorship.status != MentorshipStatus.ACCEPTED:
        messages.error(
            request, _("This mentorship has ended, so the agreement can no longer be changed.")
        )
        return redirect("relationships:agreement", pk=mentorship.pk)
    versions = _versions(mentorship)
    current = versions[-1] if versions else None

    if request.method == "POST":
        form = AgreementForm(
            request.POST,
            programme=mentorship.programme,
            matched=agreement.matched_on(mentorship),
        )
        if not form.is_valid():
            return _edit_page(
                request, mentorship, side, form, current=current, warnings=form.warnings
            )
        try:
            saved = agreement_save(
                mentorship=mentorship,
                side=side,
                values=form.values(),
                expected_number=form.expected_number,
                expected_revision=form.expected_revision,
            )
        except AgreementConflict as conflict:
            messages.error(request, conflict.message)
            # The person's own changes stay in the form; it now carries the
            # current version and revision, so saving again is a deliberate
            # choice to replace the other person's version.
            data = request.POST.copy()
            data["number"] = str(conflict.current.number) if conflict.current else ""
            data["revision"] = str(conflict.current.revision) if conflict.current else ""
            form = AgreementForm(
                data, programme=mentorship.programme, matched=agreement.matched_on(mentorship)
            )
            form.is_valid()
            return _edit_page(
                request,
                mentorship,
                side,
                form,
                current=conflict.current,
                warnings=form.warnings,
                theirs=conflict.current,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return _edit_page(
                request, mentorship, side, form, current=current, warnings=form.warnings
            )
        except AgreementError as error:
            messages.error(request, error.message)
            return redirect("relationships:agreement", pk=mentorship.pk)
        version = saved.version
        if not saved.changed:
            messages.info(request, _("Nothing was changed, so nothing was saved."))
        elif saved.created and version.number == 1:
            messages.success(
                request,
                _(
                    "The draft is saved as version 1. We have asked the other person to read "
                    "it. When you both agree with it, both of you accept it."
                ),
            )
        elif saved.created:
            messages.success(
                request,
                _(
                    "Your changes are saved as version %(number)d. You must both accept it "
                    "again; until then version %(previous)d applies."
                )
                % {"number": version.number, "previous": version.number - 1},
            )
        else:
            messages.success(
                request,
                _(
                    "Your changes are saved. Any acceptance of the earlier text was cleared: "
                    "you both accept the agreement as it is now."
                ),
            )
        return redirect("relationships:agreement", pk=mentorship.pk)

    if current is None:
        values = agreement.prefill(mentorship)
        number, revision = None, None
    else:
        values = agreement.values_of(current)
        number, revision = current.number, current.revision
    form = AgreementForm(
        initial=AgreementForm.initial_for(values, number=number, revision=revision),
        programme=mentorship.programme,
    )
    _errors, warnings = agreement.check_against_recommendation(mentorship.programme, values)
    return _edit_page(request, mentorship, side, form, current=current, warnings=warnings)


@require_POST
@login_required
def agreement_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept the version and revision the person read (hidden fields)."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("We could not tell which version you accepted. Please try again.")
        )
        return redirect("relationships:agreement", pk=mentorship.pk)
    try:
        version = accept_version(
            mentorship=mentorship,
            side=side,
            number=form.cleaned_data["number"],
            revision=form.cleaned_data["revision"],
        )
    except AgreementError as error:
        messages.error(request, error.message)
        return redirect("relationships:agreement", pk=mentorship.pk)
    if version.is_accepted:
        messages.success(
            request,
            _(
                "You have both accepted version %(number)d: your collaboration agreement is "
                "in place. You can download it as a PDF."
            )
            % {"number": version.number},
        )
    else:
        messages.success(
            request,
            _(
                "You have accepted version %(number)d. We have asked the other person to "
                "accept it too."
            )
            % {"number": version.number},
        )
    return redirect("relationships:agreement", pk=mentorship.pk)


def _version_or_404(mentorship: Mentorship, number: int) -> AgreementVersion:
    try:
        return AgreementVersion.objects.select_related("updated_by").get(
            mentorship=mentorship, number=number
        )
    except AgreementVersion.DoesNotExist as error:
        raise Http404 from error


@never_cache
@require_GET
@login_required
def agreement_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One version, read-only, with what changed since the version before."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    version = _version_or_404(mentorship, number)
    previous = (
        AgreementVersion.objects.filter(mentorship=mentorship, number=number - 1).first()
        if number > 1
        else None
    )
    latest_number = (
        AgreementVersion.objects.filter(mentorship=mentorship)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    values = agreement.values_of(version)
    context = _people(mentorship, side)
    context.update(
        _status(version, side),
        previous=previous,
        is_latest=number == latest_number,
        changes=agreement.diff_values(agreement.values_of(previous), values) if previous else None,
        sections=agreement.sections_of(values),
    )
    return render(request, "relationships/agreement_version.html", context)


@never_cache
@require_GET
@login_required
def agreement_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Version ``number`` as a PDF download in the reader's language."""
    mentorship, _side = pair_or_404(user=request.user, pk=pk)
    version = _version_or_404(mentorship, number)
    response = HttpResponse(
        render_agreement_pdf(mentorship=mentorship, version=version),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(version)}"'
    return response
