"""Applications: the applicant's form and list; the coordinator's list,
screening page and decision. Thin views: permission, form, service, message
and redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.participants.enums import ApplicationStatus, Region, Role
from mentoring.participants.forms import APPLICATION_FORMS, DecisionForm
from mentoring.participants.invitations import (
    InvitationError,
    invitation_accept,
    invitation_decline,
    invitation_for_token,
)
from mentoring.participants.models import Participation
from mentoring.participants.readiness import assess
from mentoring.participants.selectors import (
    SORTS,
    VISIBLE_TO_COORDINATORS,
    ListFilters,
    application_answers,
    application_of,
    applications_for_user,
    filter_participations,
    participation_for_coordinator,
    programme_industries,
    programme_invitations,
    programme_participations,
    readiness_flag_labels,
)
from mentoring.participants.services import (
    DECIDABLE,
    ApplicationError,
    StaleApplication,
    application_decide,
    application_log_view,
    application_save,
    application_withdraw,
    closed_message,
    locked_message,
)
from mentoring.programmes.models import Programme
from mentoring.programmes.permissions import coordinator_required
from mentoring.programmes.selectors import coordinated_programme_or_404, public_programmes

PAGE_SIZE = 50


# --- Applicant --------------------------------------------------------------


def _closed_notice(programme: Programme) -> str:
    return _(
        "Applications to %(programme)s are not open now. You can write and change an "
        "application only while the application window is open."
    ) % {"programme": programme.name}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str, role: str) -> HttpResponse:
    """Write, save as draft, send and later change an application as ``role``."""
    if role not in APPLICATION_FORMS:
        raise Http404
    programme = get_object_or_404(public_programmes(), slug=slug)
    form_class = APPLICATION_FORMS[role]
    participation = application_of(user=request.user, programme=programme, role=role)
    window_open = programme.applications_open()
    editable = participation is None or request.user.has_perm(
        "participants.change_application", participation
    )
    conflict = False
    needs_name = not request.user.full_name.strip()  # type: ignore[union-attr]

    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        form = form_class(request.POST, programme=programme, submit=submit, needs_name=needs_name)
        if not window_open:
            messages.error(request, closed_message(programme))
        elif not editable and participation is not None:
            messages.error(request, locked_message(participation))
        elif form.is_valid():
            try:
                application_save(
                    programme=programme,
                    user=request.user,  # type: ignore[arg-type]
                    role=role,
                    data=form.answers(),
                    submit=submit,
                    expected_version=form.expected_version,
                    full_name=form.full_name(),
                )
            except StaleApplication as error:
                conflict = True
                messages.error(request, error.message)
            except ApplicationError as error:
                messages.error(request, error.message)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                if submit:
                    messages.success(
                        request,
                        _(
                            "Your application is sent. You can still change it until the "
                            "application window closes."
                        ),
                    )
                    return redirect("participants:my_applications")
                messages.success(
                    request,
                    _(
                        "Your draft is saved. It is not sent yet: the coordinator sees it "
                        "only when you send it."
                    ),
                )
                return redirect("participants:apply", slug=programme.slug, role=role)
    else:
        form = form_class(
            initial=form_class.initial_for(participation, programme),
            programme=programme,
            needs_name=needs_name,
        )
        if not (window_open and editable):
            # Shown read-only: the answers as they were sent.
            for field in form.fields.values():
                field.disabled = True

    return render(
        request,
        "participants/apply.html",
        {
            "programme": programme,
            "role": role,
            "form": form,
            "participation": participation,
            "window_open": window_open,
            "editable": editable,
            "can_save": window_open and editable,
            "conflict": conflict,
            "closed_notice": _closed_notice(programme) if not window_open else "",
            "locked_notice": locked_message(participation)
            if participation is not None and not editable
            else "",
            "is_sent": participation is not None
            and participation.status == ApplicationStatus.SUBMITTED,
            "can_withdraw": participation is not None
            and request.user.has_perm("participants.withdraw_application", participation),
        },
    )


@never_cache
@require_GET
@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = list(applications_for_user(request.user))
    for application in applications:
        application.can_edit = application.programme.applications_open() and (  # type: ignore[attr-defined]
            request.user.has_perm("participants.change_application", application)
        )
        application.can_withdraw = request.user.has_perm(  # type: ignore[attr-defined]
            "participants.withdraw_application", application
        )
    return render(request, "participants/my_applications.html", {"applications": applications})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation (GET), then withdraw the applicant's own application (POST)."""
    participation = get_object_or_404(applications_for_user(request.user), pk=pk)
    if not request.user.has_perm("participants.withdraw_application", participation):
        messages.error(request, _("This application cannot be withdrawn."))
        return redirect("participants:my_applications")
    if request.method == "GET":
        return render(
            request, "participants/withdraw_confirm.html", {"participation": participation}
        )
    try:
        application_withdraw(participation=participation, by=request.user)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("participants:my_applications")


# --- Coordinator ------------------------------------------------------------


def _filters_from(request: HttpRequest, flag_codes: set[str]) -> ListFilters:
    get = request.GET
    role = get.get("role", "")
    status = get.get("status", "")
    readiness = get.get("readiness", "")
    region = get.get("region", "")
    sort = get.get("sort", "")
    return ListFilters(
        role=role if role in Role.values else "",
        status=status if status in VISIBLE_TO_COORDINATORS else "",
        readiness=readiness if readiness == "ready" or readiness in flag_codes else "",
        industry=get.get("industry", "").strip()[:100],
        region=region if region in Region.values else "",
        q=get.get("q", "").strip()[:100],
        sort=sort if sort in SORTS else "name",
    )


@never_cache
@require_GET
@coordinator_required
def participant_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    flag_labels = readiness_flag_labels()
    filters = _filters_from(request, set(flag_labels))
    rows = filter_participations(
        programme_participations(user=request.user, programme=programme), filters
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.flag_labels = [  # type: ignore[attr-defined]
            flag_labels.get(code, code) for code in row.readiness_issue_codes
        ]
    return render(
        request,
        "participants/participant_list.html",
        {
            "programme": programme,
            "page": page,
            "filters": filters,
            "roles": Role.choices,
            "statuses": [
                (value, label)
                for value, label in ApplicationStatus.choices
                if value in VISIBLE_TO_COORDINATORS
            ],
            "flag_labels": list(flag_labels.items()),
            "invitations": programme_invitations(user=request.user, programme=programme),
            "now": timezone.now(),
            "industries": programme_industries(user=request.user, programme=programme),
            "regions": Region.choices,
            "sorts": [
                ("name", _("Name (A-Z)")),
                ("-name", _("Name (Z-A)")),
                ("-submitted", _("Newest application first")),
                ("submitted", _("Oldest application first")),
                ("-experience", _("Most experience first")),
                ("experience", _("Least experience first")),
                ("readiness", _("Ready first")),
                ("-readiness", _("Flagged first")),
            ],
        },
    )


def _coordinator_participation(request: HttpRequest, slug: str, pk: int) -> Participation:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    try:
        return participation_for_coordinator(user=request.user, programme=programme, pk=pk)
    except Participation.DoesNotExist:
        raise Http404 from None


def _render_detail(
    request: HttpRequest, participation: Participation, form: DecisionForm | None = None
) -> HttpResponse:
    # Opening an application is a sensitive read: who and which, never content.
    application_log_view(participation=participation, by=request.user)  # type: ignore[arg-type]
    can_decide = participation.status in DECIDABLE and request.user.has_perm(
        "participants.decide_application", participation
    )
    if can_decide and form is None:
        form = DecisionForm(
            initial={"version": participation.version}, current_status=participation.status
        )
    return render(
        request,
        "participants/participant_detail.html",
        {
            "programme": participation.programme,
            "participation": participation,
            "answers": application_answers(participation),
            "checks": assess(participation),
            "form": form if can_decide else None,
        },
    )


@never_cache
@require_GET
@coordinator_required
def participant_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _render_detail(request, _coordinator_participation(request, slug, pk))


@never_cache
@require_POST
@coordinator_required
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    participation = _coordinator_participation(request, slug, pk)
    if not request.user.has_perm("participants.decide_application", participation):
        raise Http404
    detail_url = reverse("participants:detail", args=[participation.programme.slug, pk])
    form = DecisionForm(request.POST, current_status=participation.status)
    if form.is_valid():
        try:
            application_decide(
                participation=participation,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                by=request.user,  # type: ignore[arg-type]
                expected_version=form.cleaned_data.get("version"),
            )
        except ApplicationError as error:
            # Changed meanwhile, or already decided: show the current state.
            messages.error(request, error.message)
            return redirect(detail_url)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The decision is saved and the applicant is told by e-mail.")
            )
            return redirect(detail_url)
    participation.refresh_from_db()
    return _render_detail(request, participation, form)


# --- Invitations (from the import) -----------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept or decline an invitation to a programme. The link is the key; a
    person without a password chooses one here (which verifies the address), a
    person with one must be logged in as the invited account (others: 404)."""
    found = invitation_for_token(token)
    if found is None:
        return render(request, "participants/invitation.html", {"invalid": True}, status=404)
    invited = found.user
    needs_password = not invited.has_usable_password()
    if not needs_password:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.user.pk != invited.pk:
            raise Http404
    form = SetPasswordForm(invited, request.POST or None) if needs_password else None
    if form is not None:
        form.fields["new_password1"].help_text = ""  # HTML list; the errors say what is wrong
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "decline":
                invitation_decline(invitation=found, user=invited)
                messages.info(
                    request,
                    _("You have declined. You will not take part in %(programme)s.")
                    % {"programme": found.programme.name},
                )
                return redirect("home")
            if action == "accept" and (form is None or form.is_valid()):
                invitation_accept(
                    invitation=found,
                    user=invited,
                    password=form.cleaned_data["new_password1"] if form is not None else None,
                )
                if form is not None:
                    messages.success(
                        request,
                        _(
                            "Welcome to %(programme)s. Your password is saved and your "
                            "e-mail address confirmed: log in to see your participation."
                        )
                        % {"programme": found.programme.name},
                    )
                    login_url = reverse("account_login")
                    return redirect(f"{login_url}?next={reverse('participants:my_applications')}")
                messages.success(
                    request,
                    _("Welcome to %(programme)s. You now take part.")
                    % {"programme": found.programme.name},
                )
                return redirect("participants:my_applications")
        except InvitationError as error:
            messages.error(request, error.message)
            return redirect("home")
        except ValidationError as error:
            if form is not None:
                form.add_error("new_password2", error)
    return render(
        request,
        "participants/invitation.html",
        {"invitation": found, "programme": found.programme, "form": form},
    )
