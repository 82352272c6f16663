"""Publishing a run: a proposed mentorship for each of its pairs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.matching.enums import RunStatus
from mentoring.matching.models import MatchingRun, Proposal
from mentoring.matching.selectors import applications_not_closed, latest_done_run
from mentoring.matching.services.errors import MatchingError
from mentoring.matching.signals import run_published
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services import MentorshipError, mentorship_propose


@dataclass
class PublishResult:
    created: list[Mentorship]
    skipped: list[Proposal]


def _mail_proposed(mentorship: Mentorship) -> None:
    for side, participation, other in (
        (Side.MENTEE, mentorship.mentee, mentorship.mentor),
        (Side.MENTOR, mentorship.mentor, mentorship.mentee),
    ):
        mail_queue(
            key=f"match-proposed:{mentorship.pk}:{participation.pk}",
            template="match_proposed",
            recipient=participation.user,
            context={
                "mentorship": mentorship,
                "programme": mentorship.programme,
                "side": str(side),
                "other": other.user,
                "other_organisation": other.organisation,
                "other_job_title": other.job_title,
            },
        )


@transaction.atomic
def matching_publish(*, run: MatchingRun, by: Any, early: bool = False) -> PublishResult:
    """Publish the programme's latest completed run: a proposed mentorship
    for each of its pairs, pinned pairs first, then by score, while the
    mentor has a free place and the mentee has no mentor yet (a pair that no
    longer fits is skipped and counted). Both people get an e-mail in their
    language.

    The phase rule: runs may be tried at any time, but publishing waits
    until the programme's application deadline has passed, so that every
    applicant is in the pool; ``early=True`` is the coordinator's explicit
    override (recorded as ``early`` in the audit entry).

    Raises MatchingError when ``run`` is not the latest completed run, was
    published already, or applications are still open and ``early`` is not
    set. Side effects: Mentorship rows (``mentorship.proposed`` audit
    entries), two e-mails per mentorship, the run marked published, audit
    entry ``matching.published`` (with ``early``).
    """
    Programme.objects.select_for_update().filter(pk=run.programme_id).first()
    run = MatchingRun.objects.select_related("programme").get(pk=run.pk)
    latest = latest_done_run(programme=run.programme)
    if run.status != RunStatus.DONE or latest is None or latest.pk != run.pk:
        raise MatchingError(_("Only the latest completed run can be published."))
    if run.published_at is not None:
        raise MatchingError(_("This run has already been published."))
    early = early and applications_not_closed(programme=run.programme)
    if applications_not_closed(programme=run.programme) and not early:
        raise MatchingError(
            _(
                "Applications are still open until %(close)s. Publish the proposals when the "
                "deadline has passed, or confirm that you want to publish early."
            )
            % {
                "close": formats.date_format(
                    timezone.localtime(run.programme.applications_close_at), "DATETIME_FORMAT"
                )
            }
        )
    created: list[Mentorship] = []
    skipped: list[Proposal] = []
    proposals = run.proposals.select_related(
        "mentee__user", "mentee__programme", "mentor__user", "mentor__programme"
    ).order_by("-pinned", "-score", "pk")
    for proposal in proposals:
        try:
            mentorship = mentorship_propose(
                programme=run.programme,
                mentee=proposal.mentee,
                mentor=proposal.mentor,
                by=by,
                run=run,
            )
        except MentorshipError:
            skipped.append(proposal)
            continue
        created.append(mentorship)
        _mail_proposed(mentorship)
    run.published_at = timezone.now()
    run.published_by = by if getattr(by, "is_authenticated", False) else None
    run.save(update_fields=["published_at", "published_by"])
    log_action(
        actor=by,
        action="matching.published",
        obj=run,
        programme=run.programme,
        data={
            "number": run.number,
            "mentorships": len(created),
            "skipped": len(skipped),
            "early": early,
        },
    )
    run_published.send(sender=MatchingRun, run=run, mentorships=created)
    return PublishResult(created=created, skipped=skipped)
