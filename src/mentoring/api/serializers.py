"""The shapes of the API's resources. Only what coordinators see on the web,
and never a journal note, an agenda, a meeting summary or an individual
survey answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mentoring.common.models import AuditEntry
from mentoring.matching.models import MatchingRun, Proposal
from mentoring.meetings.models import Meeting
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.relationships.models import AgreementVersion, Mentorship


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.JSONField(required=False)


class ProgrammeCountsSerializer(serializers.Serializer):
    applications = serializers.IntegerField()
    mentees_accepted = serializers.IntegerField()
    mentors_accepted = serializers.IntegerField()
    mentorships = serializers.IntegerField()


class ProgrammeSerializer(serializers.ModelSerializer):
    counts = serializers.SerializerMethodField()
    min_respondents = serializers.IntegerField(source="effective_min_respondents")

    class Meta:
        model = Programme
        fields = (
            "slug",
            "name_da",
            "name_en",
            "kind",
            "organisation",
            "phase",
            "applications_open_at",
            "applications_close_at",
            "starts_on",
            "ends_on",
            "min_meetings",
            "min_meeting_minutes",
            "max_meeting_minutes",
            "min_months",
            "max_months",
            "inactivity_days",
            "follow_up_days",
            "min_respondents",
            "default_mentor_capacity",
            "created_at",
            "counts",
        )

    @extend_schema_field(ProgrammeCountsSerializer)
    def get_counts(self, programme: Programme) -> dict[str, int]:
        return {
            "applications": getattr(programme, "n_applications", 0),
            "mentees_accepted": getattr(programme, "n_mentees_accepted", 0),
            "mentors_accepted": getattr(programme, "n_mentors_accepted", 0),
            "mentorships": getattr(programme, "n_mentorships", 0),
        }


class ParticipantSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name")
    readiness_flags = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = Participation
        fields = (
            "id",
            "email",
            "full_name",
            "role",
            "status",
            "version",
            "created_at",
            "updated_at",
            "submitted_at",
            "decided_at",
            "decided_by",
            "decision_reason",
            "organisation",
            "job_title",
            "industry",
            "region",
            "years_of_experience",
            "languages",
            "meeting_format",
            "availability",
            "motivation",
            "commits_to_meetings",
            "note_to_coordinator",
            "change_situation",
            "change_description",
            "goals",
            "benefit_wishes",
            "role_wishes",
            "commits_to_homework",
            "expertise",
            "expertise_tags",
            "industries",
            "change_situations_lived",
            "role_comfort",
            "capacity",
            "commits_to_presence",
            "is_ready",
            "readiness_flags",
        )

    def to_representation(self, instance: Participation) -> dict[str, Any]:
        """The same fields as the declared ones, built directly: a page of 200
        participants with DRF's field-by-field path costs several times more
        (benchmarks/bench_api.py)."""
        data: dict[str, Any] = {}
        for name in self.Meta.fields:
            if name == "email":
                value: Any = instance.user.email
            elif name == "full_name":
                value = instance.user.full_name
            elif name == "readiness_flags":
                value = self.get_readiness_flags(instance)
            elif name == "decided_by":
                value = self.get_decided_by(instance)
            else:
                value = getattr(instance, name)
                if isinstance(value, datetime):
                    value = timezone.localtime(value).isoformat()
            data[name] = value
        return data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_readiness_flags(self, participation: Participation) -> list[str]:
        return [code for code in participation.readiness_issues.split(",") if code]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decided_by(self, participation: Participation) -> str | None:
        person = participation.decided_by
        return person.full_name if person is not None else None


class ImportRowSerializer(serializers.Serializer):
    """One row of the import: the CSV import's columns, as strings."""

    email = serializers.CharField(max_length=320)
    role = serializers.CharField(max_length=20)

    def to_internal_value(self, data: Any) -> dict[str, str]:
        if not isinstance(data, dict):
            raise serializers.ValidationError("A row is an object of column names and values.")
        row: dict[str, str] = {}
        for name, value in data.items():
            if value is None:
                value = ""
            if isinstance(value, list):
                value = " | ".join(str(item) for item in value)
            if not isinstance(value, str | int | float | bool):
                raise serializers.ValidationError({str(name): "A value is text or a number."})
            row[str(name)] = str(value)
        return row


class ParticipantImportSerializer(serializers.Serializer):
    rows = ImportRowSerializer(many=True, allow_empty=False, max_length=5000)
    dry_run = serializers.BooleanField(default=False)


class ImportRowResultSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    email = serializers.CharField()
    role = serializers.CharField()
    action = serializers.CharField()
    errors = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class ParticipantImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    valid = serializers.BooleanField()
    invited = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rows = ImportRowResultSerializer(many=True)


class ProposalSerializer(serializers.ModelSerializer):
    mentee = serializers.IntegerField(source="mentee_id")
    mentor = serializers.IntegerField(source="mentor_id")
    mentee_name = serializers.CharField(source="mentee.user.full_name")
    mentor_name = serializers.CharField(source="mentor.user.full_name")
    explanation = serializers.JSONField(source="contributions")

    class Meta:
        model = Proposal
        fields = (
            "mentee",
            "mentee_name",
            "mentor",
            "mentor_name",
            "score",
            "pinned",
            "explanation",
        )


class MatchingRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchingRun
        fields: tuple[str, ...] = (
            "number",
            "status",
            "created_at",
            "finished_at",
            "published_at",
            "n_mentees",
            "n_mentors",
            "matched",
            "total_score",
            "optimal",
            "seconds",
            "weights",
            "min_score",
        )


class MatchingRunDetailSerializer(MatchingRunSerializer):
    proposals = ProposalSerializer(many=True, source="api_proposals")

    class Meta(MatchingRunSerializer.Meta):
        fields: tuple[str, ...] = (*MatchingRunSerializer.Meta.fields, "proposals")


class AgreementSummarySerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="number")

    class Meta:
        model = AgreementVersion
        fields = (
            "version",
            "accepted_at",
            "meetings_planned",
            "meeting_minutes",
            "starts_on",
            "ends_on",
            "agreed_roles",
        )


class MentorshipSerializer(serializers.ModelSerializer):
    mentee = serializers.IntegerField(source="mentee_id")
    mentor = serializers.IntegerField(source="mentor_id")
    mentee_name = serializers.CharField(source="mentee.user.full_name")
    mentor_name = serializers.CharField(source="mentor.user.full_name")
    run = serializers.SerializerMethodField()
    agreement = serializers.SerializerMethodField()

    class Meta:
        model = Mentorship
        fields = (
            "id",
            "status",
            "mentee",
            "mentee_name",
            "mentor",
            "mentor_name",
            "run",
            "created_at",
            "accepted_at",
            "declined_at",
            "first_meeting_held_on",
            "trial_passed_at",
            "ended_at",
            "agreed_roles",
            "agreement",
        )

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_run(self, mentorship: Mentorship) -> int | None:
        return mentorship.run.number if mentorship.run is not None else None

    @extend_schema_field(AgreementSummarySerializer(allow_null=True))
    def get_agreement(self, mentorship: Mentorship) -> dict[str, Any] | None:
        versions = getattr(mentorship, "api_agreements", [])
        if not versions:
            return None
        return dict(AgreementSummarySerializer(versions[0]).data)


class MeetingSerializer(serializers.ModelSerializer):
    mentorship = serializers.IntegerField(source="mentorship_id")
    held = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        # Never the agenda, the summary, the feedback or the place's name.
        fields = (
            "id",
            "mentorship",
            "status",
            "held",
            "starts_at",
            "duration_minutes",
            "venue_kind",
            "is_closing",
            "held_at",
            "updated_at",
        )

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_held(self, meeting: Meeting) -> bool:
        return meeting.held_at is not None


class CellSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    text = serializers.CharField()
    suppressed = serializers.BooleanField()
    percent = serializers.BooleanField()


class RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    cells = CellSerializer(many=True)


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    caption = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = RowSerializer(many=True)
    note = serializers.CharField()
    is_empty = serializers.BooleanField()


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    tables = TableSerializer(many=True)


class KeyFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    cell = CellSerializer()


class DashboardSerializer(serializers.Serializer):
    programme = serializers.CharField()
    generated_at = serializers.DateTimeField()
    min_respondents = serializers.IntegerField()
    key_figures = KeyFigureSerializer(many=True)
    sections = SectionSerializer(many=True)


class EvaluationsSerializer(serializers.Serializer):
    programme = serializers.CharField()
    generated_at = serializers.DateTimeField()
    min_respondents = serializers.IntegerField()
    surveys = serializers.ListField(child=serializers.DictField())
    sections = SectionSerializer(many=True)


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = ("id", "created_at", "actor", "action", "object_type", "object_id", "data")

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_actor(self, entry: AuditEntry) -> str | None:
        return entry.actor.email if entry.actor is not None else None
