"""Decisions (one logged service per outcome; shortlisting never breaks ties for staff) and the
feedback councils read: which comments are shared, and its release."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from awards.models import Nomination
from awards.services import nomination_set_outcome
from home.errors import ServiceError

from ..models import (
    SCORE_COUNTS,
    SCORECARD_COUNTS,
    Assignment,
    Decision,
    Round,
    Score,
    Scorecard,
)
from .common import enqueue


def scorecards_share_comments(*, round: Round, by, score_ids, overall_ids) -> tuple[int, int]:
    """Choose which of the round's submitted comments councils will read with their feedback.

    Everything not chosen is not shared. Returns how many comments of each kind are shared."""
    scores = Score.objects.filter(
        SCORE_COUNTS,
        scorecard__assignment__round=round,
        scorecard__status=Scorecard.Status.SUBMITTED,
    ).exclude(comment="")
    cards = Scorecard.objects.filter(
        SCORECARD_COUNTS, assignment__round=round, status=Scorecard.Status.SUBMITTED
    ).exclude(overall_comment="")
    score_ids, overall_ids = set(score_ids), set(overall_ids)
    with transaction.atomic():
        scores.filter(pk__in=score_ids).update(shared_with_council=True)
        scores.exclude(pk__in=score_ids).update(shared_with_council=False)
        cards.filter(pk__in=overall_ids).update(overall_comment_shared=True)
        cards.exclude(pk__in=overall_ids).update(overall_comment_shared=False)
        shared = (
            scores.filter(shared_with_council=True).count(),
            cards.filter(overall_comment_shared=True).count(),
        )
        log(
            round,
            "judging.feedback.comments",
            user=by,
            data={"comments": shared[0], "overall": shared[1]},
        )
    return shared


def feedback_release(*, round: Round, by) -> Round:
    """Let the round's councils read their feedback, and email them that it is there."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.feedback_released_at is not None:
            return locked
        locked.feedback_released_at = timezone.now()
        locked.feedback_released_by = by
        locked.save(update_fields=["feedback_released_at", "feedback_released_by"])
        log(locked, "judging.feedback.release", user=by)
        nomination_ids = list(
            Assignment.objects.filter(round=locked)
            .values_list("nomination_id", flat=True)
            .distinct()
            .order_by("nomination_id")
        )
        for nomination_id in nomination_ids:
            transaction.on_commit(
                lambda nomination_id=nomination_id: enqueue(
                    "send_feedback_notice", nomination_id, locked.pk
                )
            )
    return locked


def feedback_withdraw(*, round: Round, by) -> Round:
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.feedback_released_at is None:
            return locked
        locked.feedback_released_at = None
        locked.feedback_released_by = None
        locked.save(update_fields=["feedback_released_at", "feedback_released_by"])
        log(locked, "judging.feedback.withdraw", user=by)
    return locked


def decision_record(
    *, nomination: Nomination, outcome: str, by, rationale: str = "", round=None
) -> Decision:
    """Record the panel's decision. The same decision sent twice (a double click, or two tabs) is
    recorded once: under the nomination's lock the second finds the first and returns it."""
    with transaction.atomic():
        Nomination.objects.select_for_update().filter(pk=nomination.pk).first()
        latest = Decision.objects.filter(nomination=nomination).order_by("-pk").first()
        if latest and (latest.outcome, latest.round_id) == (outcome, getattr(round, "pk", None)):
            return latest
        decision = Decision.objects.create(
            nomination=nomination, outcome=outcome, rationale=rationale, decided_by=by, round=round
        )
        nomination_set_outcome(nomination=nomination, by=by, outcome=outcome, rationale=rationale)
        log(
            decision,
            "judging.decision.record",
            user=by,
            data={"outcome": outcome, "rationale": rationale},
        )
    return decision


def shortlist(*, round: Round, nominations, by, rationale: str = "") -> list[Decision]:
    """Shortlist the chosen entries of `round` into the next round, one logged decision each."""
    in_round = set(Assignment.objects.filter(round=round).values_list("nomination_id", flat=True))
    chosen = [n for n in nominations if n.pk in in_round]
    if not chosen:
        raise ServiceError(_("Choose at least one entry of this round."), code="empty")
    with transaction.atomic():
        return [
            decision_record(
                nomination=nomination,
                outcome=Decision.Outcome.SHORTLISTED,
                by=by,
                rationale=rationale,
                round=round,
            )
            for nomination in chosen
            if nomination.status != Nomination.Status.SHORTLISTED
        ]
