"""The "Mentor's Many Roles" exercise of a pair.

Each side rates the ten roles on their own (``roles_exercise``: the form,
prefilled from their application). Until both have answered, each sees only
their own answers. Then the page shows both side by side, with the biggest
gaps and the strongest agreements, and a form for the roles the pair agrees
on (``roles_agree_view``). After the mentorship ended early the page is
read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mentoring.participants.selectors import COMFORT_CHOICES, WISH_CHOICES
from mentoring.programmes.enums import MentorRole
from mentoring.programmes.method import ROLE_DESCRIPTIONS
from mentoring.relationships.enums import ROLE_COMMENT_MAX, MentorshipStatus, Side
from mentoring.relationships.forms.roles import RolesAgreeForm, RolesExerciseForm
from mentoring.relationships.models import Mentorship, RolesExerciseAnswer
from mentoring.relationships.progress import RoleKind, compare_roles
from mentoring.relationships.selectors import pair_or_404, roles_answers_of
from mentoring.relationships.services import roles as roles_services
from mentoring.relationships.services.roles import RolesError

WISH = dict(WISH_CHOICES)
COMFORT = dict(COMFORT_CHOICES)


def _other_side(side: Side) -> Side:
    return Side.MENTOR if side == Side.MENTEE else Side.MENTEE


def _ended_message(request: HttpRequest) -> None:
    messages.error(
        request, _("This mentorship has ended. Its pages can still be read, but not changed.")
    )


def _own_rows(answer: RolesExerciseAnswer, side: Side) -> list[dict[str, Any]]:
    labels = WISH if side == Side.MENTEE else COMFORT
    return [
        {
            "name": role.label,
            "rating": labels.get(answer.ratings.get(role.value)),
            "value": answer.ratings.get(role.value),
            "comment": answer.comments.get(role.value, ""),
        }
        for role in MentorRole
    ]


def _compare_context(
    mentorship: Mentorship,
    mentee_answer: RolesExerciseAnswer,
    mentor_answer: RolesExerciseAnswer,
) -> dict[str, Any]:
    comparison = compare_roles(mentee_answer.ratings, mentor_answer.ratings)
    names = dict(MentorRole.choices)
    rows = [
        {
            "code": row.code,
            "name": names[row.code],
            "description": ROLE_DESCRIPTIONS[MentorRole(row.code)],
            "mentee": WISH.get(row.mentee) if row.mentee is not None else None,
            "mentee_value": row.mentee,
            "mentor": COMFORT.get(row.mentor) if row.mentor is not None else None,
            "mentor_value": row.mentor,
            "mentee_comment": mentee_answer.comments.get(row.code, ""),
            "mentor_comment": mentor_answer.comments.get(row.code, ""),
            "kind": str(row.kind),
            "agreed": row.code in (mentorship.agreed_roles or []),
        }
        for row in comparison.rows
    ]
    by_code = {row["code"]: row for row in rows}
    return {
        "rows": rows,
        "gaps": [
            {**by_code[row.code], "wish_gap": row.kind == RoleKind.WISH_GAP}
            for row in comparison.gaps
        ],
        "agreements": [by_code[row.code] for row in comparison.agreements],
        "suggested": comparison.suggested,
        "agreed_names": [names[code] for code in mentorship.agreed_roles or [] if code in names],
    }


def _page(
    request: HttpRequest,
    mentorship: Mentorship,
    side: Side,
    *,
    form: RolesExerciseForm | None = None,
    agree_form: RolesAgreeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    answers = roles_answers_of(mentorship=mentorship)
    mine = answers.get(side)
    theirs = answers.get(_other_side(side))
    other = mentorship.mentor if side == Side.MENTEE else mentorship.mentee
    is_open = mentorship.status == MentorshipStatus.ACCEPTED
    context: dict[str, Any] = {
        "mentorship": mentorship,
        "programme": mentorship.programme,
        "side": str(side),
        "other": other,
        "is_open": is_open,
        "comment_max": ROLE_COMMENT_MAX,
    }
    if mine is not None and theirs is not None:
        mentee_answer = mine if side == Side.MENTEE else theirs
        mentor_answer = theirs if side == Side.MENTEE else mine
        context.update(_compare_context(mentorship, mentee_answer, mentor_answer))
        if is_open and agree_form is None:
            initial_roles = (
                list(mentorship.agreed_roles)
                if mentorship.roles_agreed_at is not None
                else context["suggested"]
            )
            agree_form = RolesAgreeForm(
                initial={
                    "roles": initial_roles,
                    "seen": RolesAgreeForm.seen_value(mentorship.roles_agreed_at),
                }
            )
        context.update(
            {
                "agree_form": agree_form if is_open else None,
                "mentee_answer": mentee_answer,
                "mentor_answer": mentor_answer,
            }
        )
        return render(request, "relationships/roles_compare.html", context, status=status)
    if mine is not None:
        context.update({"mine": mine, "own_rows": _own_rows(mine, side)})
    elif is_open and form is None:
        participation = mentorship.mentee if side == Side.MENTEE else mentorship.mentor
        ratings = participation.role_wishes if side == Side.MENTEE else participation.role_comfort
        form = RolesExerciseForm(side=side, initial=RolesExerciseForm.initial_from(ratings))
    context["form"] = form if (mine is None and is_open) else None
    return render(request, "relationships/roles_exercise.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def roles_exercise(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the side's form, their own answers while the other has not
    answered, or both side by side. POST: submit the side's answers (once)."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    if request.method != "POST":
        return _page(request, mentorship, side)
    if mentorship.status != MentorshipStatus.ACCEPTED:
        _ended_message(request)
        return redirect("relationships:roles", pk=mentorship.pk)
    if mentorship.roles_answers.filter(side=side).exists():
        messages.error(
            request,
            _("You have already sent your answers to the roles exercise. They cannot be changed."),
        )
        return redirect("relationships:roles", pk=mentorship.pk)
    form = RolesExerciseForm(request.POST, side=side)
    if not form.is_valid():
        return _page(request, mentorship, side, form=form)
    try:
        roles_services.roles_answer_submit(
            mentorship=mentorship,
            side=side,
            ratings=form.ratings,
            comments=form.comments,
            by=request.user,
        )
    except RolesError as error:
        messages.error(request, error.message)
        return redirect("relationships:roles", pk=mentorship.pk)
    if mentorship.roles_answers.count() == 2:
        messages.success(
            request,
            _(
                "Thank you for your answers. You have both answered now: compare your answers "
                "and agree on the roles."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "Thank you for your answers. We have told the other person, and you see each "
                "other's answers when they have answered too."
            ),
        )
    return redirect("relationships:roles", pk=mentorship.pk)


@require_POST
@login_required
def roles_agree_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the roles the pair agrees on (either side; again to change them)."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    if mentorship.status != MentorshipStatus.ACCEPTED:
        _ended_message(request)
        return redirect("relationships:roles", pk=mentorship.pk)
    if mentorship.roles_answers.count() < 2:
        messages.error(
            request,
            _("You can agree on the roles when both of you have answered the roles exercise."),
        )
        return redirect("relationships:roles", pk=mentorship.pk)
    form = RolesAgreeForm(request.POST)
    if not form.is_valid():
        return _page(request, mentorship, side, agree_form=form)
    try:
        roles_services.roles_agree(
            mentorship=mentorship,
            roles=form.cleaned_data["roles"],
            by=request.user,
            expected_agreed_at=form.expected_agreed_at,
        )
    except RolesError as error:
        messages.error(request, error.message)
        return redirect("relationships:roles", pk=mentorship.pk)
    messages.success(
        request,
        _("The roles you agree on are recorded. Either of you can change them here later."),
    )
    return redirect("relationships:pair", pk=mentorship.pk)
