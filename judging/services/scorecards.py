"""Scorecards: drafts with optimistic locking, submission (then locked), reopening with a reason.
Status moves only through _scorecard_transition."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.errors import ServiceError

from ..models import (
    Score,
    Scorecard,
)
from .common import ScorecardIncomplete, ScorecardLocked

SCORECARD_TRANSITIONS = {
    Scorecard.Status.DRAFT: {Scorecard.Status.SUBMITTED},
    Scorecard.Status.SUBMITTED: {Scorecard.Status.DRAFT},
}


def _scorecard_transition(
    scorecard: Scorecard, *, to, by, action, fields=None, data=None
) -> Scorecard:
    fields = fields or {}
    with transaction.atomic():
        locked = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
        if to not in SCORECARD_TRANSITIONS[locked.status]:
            raise ScorecardLocked(
                _("This scorecard has been submitted and is locked."), code="locked"
            )
        locked.status = to
        locked.version = F("version") + 1
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "version", "updated_at", *fields])
        locked.refresh_from_db()
        log(locked, action, user=by, data=data or {})
    return locked


def _check_can_change(scorecard: Scorecard, now=None):
    if scorecard.status != Scorecard.Status.DRAFT:
        raise ScorecardLocked(_("This scorecard has been submitted and is locked."), code="locked")
    round = scorecard.assignment.round
    if not round.is_open(now):
        raise ScorecardLocked(
            _("Scoring for %(round)s is closed.") % {"round": round.name}, code="closed"
        )


def scorecard_save(
    *,
    scorecard: Scorecard,
    by,
    version: int,
    scores: dict[int, tuple[int | None, str]],
    overall_comment: str = "",
) -> Scorecard:
    """Save a draft. `scores` maps criterion id to (value or None for "not applicable", comment).
    An unsaved scorecard (the entry's first save) is created here."""
    _check_can_change(scorecard)
    round = scorecard.assignment.round
    for value, _comment in scores.values():
        if value is not None and not 0 <= value <= round.scale_max:
            raise ServiceError(
                _("Scores must be between 0 and %(max)s.") % {"max": round.scale_max}, code="range"
            )
        if value is None and not round.allow_not_applicable:
            raise ServiceError(_("This round does not allow 'not applicable'."), code="na")
    with transaction.atomic():
        if scorecard.pk is None:
            # The first save: viewing the entry showed an unsaved scorecard (selectors.scorecard_for).
            # Another tab may have saved first; then the version check below says so.
            scorecard, _created = Scorecard.objects.get_or_create(assignment=scorecard.assignment)
        updated = Scorecard.objects.filter(
            pk=scorecard.pk, version=version, status=Scorecard.Status.DRAFT
        ).update(
            version=F("version") + 1, overall_comment=overall_comment, updated_at=timezone.now()
        )
        if not updated:
            raise ServiceError(
                _(
                    "This scorecard was saved elsewhere (another tab or device). Your scores are below: "
                    "check them and save again."
                ),
                code="conflict",
            )
        # One upsert for every principle (it was four queries each: tests/bench, scorecard save).
        Score.objects.bulk_create(
            [
                Score(scorecard=scorecard, criterion_id=criterion_id, value=value, comment=comment)
                for criterion_id, (value, comment) in scores.items()
            ],
            update_conflicts=True,
            unique_fields=["scorecard", "criterion"],
            update_fields=["value", "comment"],
        )
        scorecard.refresh_from_db()
    return scorecard


def scorecard_submit(*, scorecard: Scorecard, by) -> Scorecard:
    _check_can_change(scorecard)
    criteria_ids = {c.pk for c in scorecard.assignment.round.award.ordered_criteria}
    scored_ids = set(scorecard.scores.values_list("criterion_id", flat=True))
    if not criteria_ids <= scored_ids:
        raise ScorecardIncomplete(
            _("Score every principle (or mark it not applicable) before you submit."),
            code="incomplete",
        )
    return _scorecard_transition(
        scorecard,
        to=Scorecard.Status.SUBMITTED,
        by=by,
        action="judging.scorecard.submit",
        fields={"submitted_at": timezone.now()},
    )


def scorecard_reopen(*, scorecard: Scorecard, by, reason: str) -> Scorecard:
    if not reason.strip():
        raise ServiceError(_("Give a reason for reopening the scorecard."), code="reason")
    return _scorecard_transition(
        scorecard,
        to=Scorecard.Status.DRAFT,
        by=by,
        action="judging.scorecard.reopen",
        fields={"submitted_at": None},
        data={"reason": reason},
    )
