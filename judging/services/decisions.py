"""Decisions (one logged service per outcome; shortlisting never breaks ties for staff) and the
feedback councils read: which comments are shared, and its release."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from awards.models import AwardPage, Nomination
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
    """Let the round's councils read their feedback, and email them that it is there: only once the
    award's results are announced, since feedback tells a council how it fared."""
    with transaction.atomic():
        locked = Round.objects.select_for_update().select_related("award").get(pk=round.pk)
        if locked.feedback_released_at is not None:
            return locked
        if not locked.award.results_announced():
            raise ServiceError(
                _(
                    "Feedback can be released once the %(year)s results are announced: until "
                    "then the outcomes are provisional."
                )
                % {"year": locked.award.year},
                code="not_announced",
            )
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


class DecisionNeedsConfirmation(ServiceError):
    """The decision is early (scorecards outstanding, the round or nominations still open): it is
    recorded only with a reason for deciding now. `reasons` says what is early."""

    def __init__(self, message, *, reasons, **kwargs):
        super().__init__(message, **kwargs)
        self.reasons = reasons


FINAL_OUTCOMES = {
    Decision.Outcome.WINNER,
    Decision.Outcome.HIGHLY_COMMENDED,
    Decision.Outcome.NOT_SELECTED,
}


def decision_early_reasons(*, nomination: Nomination, round=None, now=None) -> list[str]:
    """What makes a final decision on `nomination` premature now, in words staff can act on."""
    now = now or timezone.now()
    reasons = []
    # Read afresh: the dates may have changed since the caller loaded the nomination.
    award = AwardPage.objects.get(pk=nomination.award_id)
    if now < award.closes_at:
        reasons.append(_("nominations for the award are still open"))
    rounds = [round] if round is not None else list(Round.objects.filter(award_id=award.pk))
    if any(now < r.closes_at for r in rounds):
        reasons.append(_("the round is still open"))
    outstanding = (
        Assignment.objects.filter(nomination=nomination, round__in=rounds)
        .exclude(scorecard__status=Scorecard.Status.SUBMITTED)
        .count()
    )
    if outstanding:
        total = Assignment.objects.filter(nomination=nomination, round__in=rounds).count()
        reasons.append(
            ngettext(
                "%(outstanding)s of %(total)s scorecard is not submitted",
                "%(outstanding)s of %(total)s scorecards are not submitted",
                total,
            )
            % {"outstanding": outstanding, "total": total}
        )
    return reasons


def decision_record(
    *,
    nomination: Nomination,
    outcome: str,
    by,
    rationale: str,
    round=None,
    early_reason: str = "",
) -> Decision:
    """Record the panel's decision, with its rationale. A final outcome decided early needs
    `early_reason` (logged). The same decision sent twice (a double click, or two tabs) is recorded
    once: under the nomination's lock the second finds the first and returns it."""
    rationale = (rationale or "").strip()
    early_reason = (early_reason or "").strip()
    if not rationale:
        raise ServiceError(_("Enter the rationale for the decision"), code="rationale")
    with transaction.atomic():
        Nomination.objects.select_for_update().filter(pk=nomination.pk).first()
        latest = Decision.objects.filter(nomination=nomination).order_by("-pk").first()
        if latest and (latest.outcome, latest.round_id) == (outcome, getattr(round, "pk", None)):
            return latest
        reasons = (
            decision_early_reasons(nomination=nomination, round=round)
            if outcome in FINAL_OUTCOMES
            else []
        )
        if reasons and not early_reason:
            raise DecisionNeedsConfirmation(
                _(
                    "This decision is early: %(reasons)s. To record it now, confirm and say why "
                    "the panel is deciding before judging is complete."
                )
                % {"reasons": "; ".join(reasons)},
                reasons=reasons,
                code="confirm",
            )
        decision = Decision.objects.create(
            nomination=nomination, outcome=outcome, rationale=rationale, decided_by=by, round=round
        )
        nomination_set_outcome(nomination=nomination, by=by, outcome=outcome, rationale=rationale)
        data = {"outcome": outcome, "rationale": rationale}
        if reasons:
            data |= {"early": [str(reason) for reason in reasons], "early_reason": early_reason}
        log(decision, "judging.decision.record", user=by, data=data)
    return decision


def shortlist(*, round: Round, nominations, by, rationale: str) -> list[Decision]:
    """Shortlist the chosen entries of `round` into the next round, one logged decision each."""
    if not (rationale or "").strip():
        raise ServiceError(_("Enter the rationale for the decision"), code="rationale")
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
