"""A first meeting recorded at the trial gate (``Mentorship.first_meeting_held_on``)
is a held meeting: pairs recorded before this rule get their held ``Meeting``
row, as ``services.record.meeting_first_held_sync`` makes it now. A pair
with a held meeting on or before the date already has it; a planned meeting
of that day is marked held; otherwise a held meeting is made on the date at
12:00 (Danish time), lasting the agreed length (else the programme's
minimum), at "another place". Running it twice changes nothing."""

from datetime import datetime, time

from django.db import migrations
from django.utils import timezone


def first_meetings_held(apps, schema_editor):  # type: ignore[no-untyped-def]
    Mentorship = apps.get_model("relationships", "Mentorship")
    Meeting = apps.get_model("meetings", "Meeting")
    AgreementVersion = apps.get_model("relationships", "AgreementVersion")
    zone = timezone.get_default_timezone()
    pairs = Mentorship.objects.filter(first_meeting_held_on__isnull=False).select_related(
        "programme"
    )
    for pair in pairs.iterator():
        day = pair.first_meeting_held_on
        meetings = list(
            Meeting.objects.filter(mentorship=pair)
            .exclude(status="cancelled")
            .order_by("starts_at", "pk")
        )

        def local_day(meeting):  # type: ignore[no-untyped-def]
            return timezone.localtime(meeting.starts_at, zone).date()

        if any(m.status == "held" and local_day(m) <= day for m in meetings):
            continue
        that_day = [m for m in meetings if m.status == "planned" and local_day(m) == day]
        if that_day:
            meeting = that_day[0]
            meeting.status = "held"
            meeting.held_at = meeting.starts_at
            meeting.save(update_fields=["status", "held_at"])
            continue
        agreement = (
            AgreementVersion.objects.filter(mentorship=pair, accepted_at__isnull=False)
            .order_by("-number")
            .first()
        )
        minutes = (
            agreement.meeting_minutes
            if agreement is not None and agreement.meeting_minutes
            else pair.programme.min_meeting_minutes
        )
        starts_at = datetime.combine(day, time(12, 0), tzinfo=zone)
        Meeting.objects.create(
            mentorship=pair,
            status="held",
            starts_at=starts_at,
            held_at=starts_at,
            duration_minutes=minutes,
            venue_kind="other",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("relationships", "0002_establishment"),
    ]

    operations = [migrations.RunPython(first_meetings_held, migrations.RunPython.noop)]
