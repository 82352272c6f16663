"""Pages of the programmes app: the coordinator pages under /coordinate/, the
public programme pages under /p/ and the advice guide at /guide/.

Thin views: guard → selector → form → service → message and redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.audit import log_action
from mentoring.common.errors import add_service_errors
from mentoring.participants.enums import ApplicationStatus
from mentoring.programmes import method
from mentoring.programmes.enums import PHASE_ORDER, Phase
from mentoring.programmes.forms import ProgrammeForm, TransitionForm
from mentoring.programmes.models import Programme
from mentoring.programmes.permissions import coordinator_required
from mentoring.programmes.selectors import (
    application_counts,
    coordinated_programme_or_404,
    programme_audit_entries,
    programmes_for_user,
    programmes_open_for_applications,
    programmes_opening_soon,
    public_programmes,
)
from mentoring.programmes.services import (
    TransitionError,
    programme_create,
    programme_transition,
    programme_update,
    transition_blockers,
)
from mentoring.programmes.todo import coordinator_todos
from mentoring.programmes.validation import period_is_shorter_than_recommended

# --- Coordinator pages ------------------------------------------------------


@require_GET
@coordinator_required
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = programmes_for_user(request.user).prefetch_related("coordinators")
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


def _period_warning(request: HttpRequest, programme: Programme) -> None:
    if period_is_shorter_than_recommended(
        starts_on=programme.starts_on, ends_on=programme.ends_on, min_months=programme.min_months
    ):
        messages.warning(request, _period_warning_text(programme))


def _period_warning_text(programme: Programme) -> str:
    return ngettext(
        "The period is shorter than the %(months)s month the programme recommends. "
        "Pairs may not have time for all their meetings.",
        "The period is shorter than the %(months)s months the programme recommends. "
        "Pairs may not have time for all their meetings.",
        programme.min_months,
    ) % {"months": programme.min_months}


@require_http_methods(["GET", "POST"])
@coordinator_required
def programme_create_view(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(
                by=request.user,  # type: ignore[arg-type]
                slug=form.cleaned_data.get("slug") or "",
                coordinators=form.cleaned_data["coordinators"],
                **form.settings(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The programme “%(name)s” is created. It stays in the decision phase "
                    "until you move it on."
                )
                % {"name": programme.name},
            )
            _period_warning(request, programme)
            return redirect("programmes:detail", slug=programme.slug)
    return render(request, "programmes/programme_form.html", {"form": form, "programme": None})


@require_http_methods(["GET", "POST"])
@coordinator_required
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    form = ProgrammeForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_update(
                programme=programme,
                by=request.user,  # type: ignore[arg-type]
                coordinators=form.cleaned_data["coordinators"],
                **form.settings(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The programme settings are saved."))
            _period_warning(request, programme)
            if not programmes_for_user(request.user).filter(pk=programme.pk).exists():
                # The coordinator took themselves off the programme.
                return redirect("home")
            return redirect("programmes:detail", slug=programme.slug)
    return render(request, "programmes/programme_form.html", {"form": form, "programme": programme})


def _phase_steps(programme: Programme) -> list[dict[str, Any]]:
    current = PHASE_ORDER.index(programme.phase)

    def state(index: int) -> str:
        if index < current:
            return "done"
        return "current" if index == current else "upcoming"

    return [
        {"code": phase.value, "label": phase.label, "number": index + 1, "state": state(index)}
        for index, phase in enumerate(Phase)
    ]


@require_GET
@coordinator_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    prefetch_related_objects([programme], "coordinators")
    counts = application_counts(programme=programme)
    index = PHASE_ORDER.index(programme.phase)
    next_phase = Phase(PHASE_ORDER[index + 1]) if index + 1 < len(PHASE_ORDER) else None
    blockers = (
        transition_blockers(
            programme=programme,
            to_phase=next_phase,
            accepted_roles=counts.roles_with(ApplicationStatus.ACCEPTED),
        )
        if next_phase
        else []
    )
    # The step back is offered only when the service would allow it.
    can_go_back = programme.phase == Phase.PREPARATION and not transition_blockers(
        programme=programme,
        to_phase=Phase.DECISION,
        accepted_roles=counts.roles_with(ApplicationStatus.ACCEPTED),
    )
    period_short = period_is_shorter_than_recommended(
        starts_on=programme.starts_on, ends_on=programme.ends_on, min_months=programme.min_months
    )
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "steps": _phase_steps(programme),
            "next_phase": next_phase,
            "blockers": blockers,
            "can_go_back": can_go_back,
            "counts": counts,
            "recommendation": method.recommendation_text(programme),
            "period_warning": _period_warning_text(programme) if period_short else "",
            "is_public": programme.phase != Phase.DECISION,
            "applications_open": programme.applications_open(),
            "todos": coordinator_todos(programme=programme, user=request.user),
        },
    )


@require_POST
@coordinator_required
def programme_transition_view(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a phase to move the programme to."))
        return redirect("programmes:detail", slug=programme.slug)
    try:
        programme = programme_transition(
            programme=programme,
            to_phase=form.cleaned_data["to_phase"],
            by=request.user,  # type: ignore[arg-type]
        )
    except TransitionError as error:
        for reason in error.reasons:
            messages.error(request, reason)
    else:
        messages.success(
            request,
            _("The programme is now in the phase “%(phase)s”.")
            % {"phase": Phase(programme.phase).label},
        )
    return redirect("programmes:detail", slug=programme.slug)


@require_GET
@coordinator_required
def programme_audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    # Logged first, so the page counts and shows this entry consistently.
    log_action(actor=request.user, action="audit_log.viewed", obj=programme, programme=programme)
    page = Paginator(programme_audit_entries(programme=programme), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "programmes/audit_log.html", {"programme": programme, "page": page})


# --- Public pages -------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "programmes/public_list.html",
        {
            "open_programmes": programmes_open_for_applications(now=now),
            "upcoming_programmes": programmes_opening_soon(now=now),
        },
    )


@require_GET
def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(public_programmes(), slug=slug)
    now = timezone.now()
    is_open = programme.applications_open(now)
    not_yet_open = bool(
        programme.phase == Phase.PREPARATION
        and programme.applications_open_at is not None
        and now < programme.applications_open_at
    )
    return render(
        request,
        "programmes/public_detail.html",
        {
            "programme": programme,
            "applications_open": is_open,
            "not_yet_open": not_yet_open,
            "recommendation": method.recommendation_text(programme),
        },
    )


@require_GET
def guide(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/guide/guide.html")
