"""The API's endpoints under ``/api/v1/``. Every one reads through the
selectors of the app that owns the data, scoped to the token's owner exactly
as the web pages are: a programme the owner does not coordinate answers 404."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework import status as http
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from mentoring.api.enums import Resource
from mentoring.api.filters import apply_filters
from mentoring.api.models import ApiToken
from mentoring.api.problems import problem_response
from mentoring.api.selectors import idempotency_record
from mentoring.api.serializers import (
    MatchingRunDetailSerializer,
    MatchingRunSerializer,
    MeetingSerializer,
    MentorshipSerializer,
    ParticipantImportResultSerializer,
    ParticipantImportSerializer,
    ParticipantSerializer,
    ProgrammeSerializer,
)
from mentoring.api.services import idempotency_store
from mentoring.api.views.base import ERRORS, PROBLEM, STATUS, UPDATED_SINCE, ApiView
from mentoring.matching.enums import RunStatus
from mentoring.matching.models import Proposal
from mentoring.matching.selectors import programme_runs
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import Meeting
from mentoring.participants.enums import ApplicationStatus
from mentoring.participants.io.apply import (
    ImportConflictError,
    ImportInvalidError,
    participants_import,
)
from mentoring.participants.io.preview import ImportPreview
from mentoring.participants.io.reading import ImportFileError, table_from_records
from mentoring.participants.io.validation import validate_table
from mentoring.participants.selectors import programme_participations
from mentoring.programmes.enums import Phase
from mentoring.programmes.selectors import programmes_for_user
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import AgreementVersion
from mentoring.relationships.selectors import programme_mentorships

# --- Programmes ---------------------------------------------------------------


def _programmes(user: Any) -> QuerySet[Any]:
    return (
        programmes_for_user(user)
        .annotate(
            n_applications=Count(
                "participations",
                filter=Q(participations__submitted_at__isnull=False),
                distinct=True,
            ),
            n_mentees_accepted=Count(
                "participations",
                filter=Q(
                    participations__role="mentee",
                    participations__status=ApplicationStatus.ACCEPTED,
                ),
                distinct=True,
            ),
            n_mentors_accepted=Count(
                "participations",
                filter=Q(
                    participations__role="mentor",
                    participations__status=ApplicationStatus.ACCEPTED,
                ),
                distinct=True,
            ),
            n_mentorships=Count("mentorships", distinct=True),
        )
        .order_by("-created_at", "pk")
    )


class ProgrammeList(ApiView, generics.ListAPIView):
    resource = Resource.PROGRAMMES
    serializer_class = ProgrammeSerializer

    def get_queryset(self) -> QuerySet[Any]:
        queryset = _programmes(self.request.user)
        phase = self.request.query_params.get("phase")
        if phase is not None:
            if phase not in Phase.values:
                raise ValidationError({"phase": [_("Unknown phase.")]})
            queryset = queryset.filter(phase=phase)
        return queryset

    @extend_schema(
        tags=["programmes"],
        operation_id="programmes_list",
        responses={200: ProgrammeSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        return self.page_response(self.get_queryset())


class ProgrammeDetail(ApiView):
    resource = Resource.PROGRAMMES
    serializer_class = ProgrammeSerializer

    @extend_schema(
        tags=["programmes"],
        operation_id="programme_retrieve",
        responses={200: ProgrammeSerializer, **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        programme = _programmes(request.user).filter(slug=slug).first()
        if programme is None:
            raise NotFound
        return Response(self.get_serializer(programme).data)


# --- Participants -------------------------------------------------------------


def _import_result(preview: ImportPreview, *, dry_run: bool, done: Any = None) -> dict[str, Any]:
    return {
        "dry_run": dry_run,
        "valid": preview.is_valid,
        "invited": done.invited if done is not None else preview.creates,
        "updated": done.updated if done is not None else preview.updates,
        "unchanged": done.unchanged if done is not None else preview.unchanged,
        "rows": [
            {
                "row": row.number - 1,
                "email": row.email,
                "role": row.role,
                "action": row.action,
                "errors": [{"column": e.column, "message": e.message} for e in row.errors],
            }
            for row in preview.rows
        ],
    }


class ParticipantList(ApiView, generics.ListAPIView):
    resource = Resource.PARTICIPANTS
    serializer_class = ParticipantSerializer

    def get_queryset(self) -> QuerySet[Any]:
        queryset = programme_participations(user=self.request.user, programme=self.programme())
        return apply_filters(
            queryset.order_by("pk"),
            self.request,
            statuses=list(ApplicationStatus.values),
            updated_field="updated_at",
        )

    @extend_schema(
        tags=["participants"],
        operation_id="participants_list",
        parameters=[STATUS, UPDATED_SINCE],
        responses={200: ParticipantSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return self.page_response(self.get_queryset())

    @extend_schema(
        tags=["participants"],
        operation_id="participants_import",
        summary="Import participants (create or update)",
        description=(
            "The same rows and validation as the CSV import (docs/import.md): each row "
            "an object of column name -> value. With dry_run, nothing is written and the "
            "answer says what each row would do. Without it, all rows are imported or, "
            "when any row has an error, none (422). Send an Idempotency-Key header to "
            "make a retry safe."
        ),
        request=ParticipantImportSerializer,
        responses={
            200: ParticipantImportResultSerializer,
            201: ParticipantImportResultSerializer,
            (409, "application/problem+json"): PROBLEM,
            422: OpenApiResponse(ParticipantImportResultSerializer),
            **ERRORS,
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        programme = self.programme()
        key = request.headers.get("Idempotency-Key", "").strip()
        token = request.auth
        if not isinstance(token, ApiToken):  # pragma: no cover - HasScope lets none else in
            raise NotFound
        fingerprint = hashlib.sha256(
            json.dumps([request.path, request.data], sort_keys=True, default=str).encode()
        ).hexdigest()
        if key:
            if len(key) > 255:
                raise ValidationError({"Idempotency-Key": [_("At most 255 characters.")]})
            stored = idempotency_record(token=token, key=key)
            if stored is not None:
                if stored.fingerprint != fingerprint:
                    return problem_response(
                        422,
                        _("This Idempotency-Key was used for a different request."),
                    )
                response = Response(stored.body, status=stored.status_code)
                response["Idempotent-Replayed"] = "true"
                return response
        serializer = ParticipantImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dry_run = serializer.validated_data["dry_run"]
        try:
            table = table_from_records(records=serializer.validated_data["rows"])
        except ImportFileError as error:
            raise ValidationError({"rows": error.messages}) from error
        if dry_run:
            preview = validate_table(programme=programme, table=table)
            body, code = _import_result(preview, dry_run=True), http.HTTP_200_OK
        else:
            try:
                done = participants_import(programme=programme, actor=request.user, table=table)
            except ImportInvalidError as invalid:
                body = _import_result(invalid.preview, dry_run=False)
                body.update(invited=0, updated=0, unchanged=0)
                code = http.HTTP_422_UNPROCESSABLE_ENTITY
            except ImportConflictError:
                return problem_response(
                    409, _("The data changed while importing. Send the request again.")
                )
            else:
                preview = validate_table(programme=programme, table=table)
                body, code = _import_result(preview, dry_run=False, done=done), 201
        if key and not idempotency_store(
            token=token, key=key, fingerprint=fingerprint, status_code=code, body=body
        ):
            return problem_response(409, _("A request with this Idempotency-Key is in progress."))
        return Response(body, status=code)


class ParticipantDetail(ApiView):
    resource = Resource.PARTICIPANTS
    serializer_class = ParticipantSerializer

    @extend_schema(
        tags=["participants"],
        operation_id="participant_retrieve",
        responses={200: ParticipantSerializer, **ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        participation = (
            programme_participations(user=request.user, programme=self.programme())
            .filter(pk=pk)
            .first()
        )
        if participation is None:
            raise NotFound
        return Response(self.get_serializer(participation).data)


# --- Matching -----------------------------------------------------------------


class MatchingRunList(ApiView, generics.ListAPIView):
    resource = Resource.MATCHING
    serializer_class = MatchingRunSerializer

    @extend_schema(
        tags=["matching"],
        operation_id="matching_runs_list",
        parameters=[STATUS],
        responses={200: MatchingRunSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        queryset = apply_filters(
            programme_runs(programme=self.programme()).order_by("-number"),
            request,
            statuses=list(RunStatus.values),
        )
        return self.page_response(queryset)


class MatchingRunDetail(ApiView):
    resource = Resource.MATCHING
    serializer_class = MatchingRunDetailSerializer

    @extend_schema(
        tags=["matching"],
        operation_id="matching_run_retrieve",
        responses={200: MatchingRunDetailSerializer, **ERRORS},
    )
    def get(self, request: Request, slug: str, number: int) -> Response:
        run = (
            programme_runs(programme=self.programme())
            .filter(number=number)
            .prefetch_related(
                Prefetch(
                    "proposals",
                    queryset=Proposal.objects.select_related(
                        "mentee__user", "mentor__user"
                    ).order_by("-score", "pk"),
                    to_attr="api_proposals",
                )
            )
            .first()
        )
        if run is None:
            raise NotFound
        return Response(self.get_serializer(run).data)


# --- Mentorships and meetings -------------------------------------------------


def _mentorships(programme: Any) -> QuerySet[Any]:
    return programme_mentorships(programme=programme).prefetch_related(
        Prefetch(
            "agreement_versions",
            queryset=AgreementVersion.objects.filter(accepted_at__isnull=False)
            .only(
                "mentorship_id",
                "number",
                "accepted_at",
                "meetings_planned",
                "meeting_minutes",
                "starts_on",
                "ends_on",
                "agreed_roles",
            )
            .order_by("-number"),
            to_attr="api_agreements",
        )
    )


class MentorshipList(ApiView, generics.ListAPIView):
    resource = Resource.MENTORSHIPS
    serializer_class = MentorshipSerializer

    @extend_schema(
        tags=["mentorships"],
        operation_id="mentorships_list",
        parameters=[STATUS],
        responses={200: MentorshipSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        queryset = apply_filters(
            _mentorships(self.programme()),
            request,
            statuses=list(MentorshipStatus.values),
        )
        return self.page_response(queryset)


class MentorshipDetail(ApiView):
    resource = Resource.MENTORSHIPS
    serializer_class = MentorshipSerializer

    @extend_schema(
        tags=["mentorships"],
        operation_id="mentorship_retrieve",
        responses={200: MentorshipSerializer, **ERRORS},
    )
    def get(self, request: Request, slug: str, pk: int) -> Response:
        mentorship = _mentorships(self.programme()).filter(pk=pk).first()
        if mentorship is None:
            raise NotFound
        return Response(self.get_serializer(mentorship).data)


class MeetingList(ApiView, generics.ListAPIView):
    resource = Resource.MEETINGS
    serializer_class = MeetingSerializer

    @extend_schema(
        tags=["meetings"],
        operation_id="meetings_list",
        parameters=[STATUS, UPDATED_SINCE],
        responses={200: MeetingSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        queryset = (
            Meeting.objects.filter(mentorship__in=programme_mentorships(programme=self.programme()))
            .only(*MEETING_FIELDS)
            .order_by("starts_at", "pk")
        )
        queryset = apply_filters(
            queryset, request, statuses=list(MeetingStatus.values), updated_field="updated_at"
        )
        return self.page_response(queryset)


#: The meeting fields the API reads: never the agenda, summary or feedback.
MEETING_FIELDS = (
    "id",
    "mentorship_id",
    "status",
    "starts_at",
    "duration_minutes",
    "venue_kind",
    "is_closing",
    "held_at",
    "updated_at",
)
