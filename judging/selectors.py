"""Reads for judges, for the round pages and for council feedback."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from awards.models import AwardPage, Council, Nomination
from home.permissions import JUDGES

from .models import (
    SCORE_COUNTS,
    SCORECARD_COUNTS,
    Assignment,
    ConflictDeclaration,
    ConflictReview,
    Round,
    Score,
    Scorecard,
)

ENTRY_STATUSES = {
    Round.Entry.ELIGIBLE: {Nomination.Status.ELIGIBLE},
    Round.Entry.SHORTLISTED: {Nomination.Status.SHORTLISTED},
}


def round_entries(round: Round):
    """The nominations that enter `round` now, by the round's rule."""
    return (
        Nomination.objects.filter(
            award_id=round.award_id, status__in=ENTRY_STATUSES[round.entries_from]
        )
        .select_related("council")
        .order_by("reference", "pk")
    )


def panel_judges():
    return (
        get_user_model()
        .objects.filter(groups__name=JUDGES, is_active=True)
        .order_by("last_name", "first_name", "email", "pk")
        .distinct()
    )


def assignments_for_judge(*, judge, round=None):
    # Rounds and awards are prefetched, not joined: a judge's 200 rows share one or two of each, and
    # building a Wagtail page object per row was a third of the dashboard's time (tests/bench).
    assignments = (
        Assignment.objects.for_judge(judge)
        .select_related("nomination__council", "scorecard")
        .prefetch_related("round__award")
        # The list shows the reference, the council and the scorecard's state, not the entry's text.
        .only(
            "uuid",
            "round_id",
            "judge_id",
            "conflict_checked_at",
            "nomination__reference",
            "nomination__status",
            "nomination__council__name",
            "scorecard__status",
            "scorecard__version",
            "scorecard__assignment_id",
        )
    )
    if round is not None:
        assignments = assignments.filter(round=round)
    return assignments.order_by("round__closes_at", "round_id", "nomination__reference")


def assignment_for_judge(*, judge, uuid) -> Assignment:
    return Assignment.objects.select_related(
        "round__award", "nomination__council", "nomination__award", "scorecard"
    ).get(judge=judge, uuid=uuid)


def scorecard_for(*, assignment: Assignment) -> Scorecard:
    """The assignment's scorecard, or a new unsaved one: viewing an entry writes nothing, and
    services.scorecard_save creates the scorecard with its first save."""
    try:
        return Scorecard.objects.get(assignment=assignment)
    except Scorecard.DoesNotExist:
        return Scorecard(assignment=assignment)


def judge_round_progress(*, judge, round) -> tuple[int, int]:
    """(submitted, assigned) for one judge in one round."""
    counts = Assignment.objects.filter(judge=judge, round=round).aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(scorecard__status=Scorecard.Status.SUBMITTED)),
    )
    return counts["submitted"], counts["total"]


def next_unscored(*, assignment: Assignment):
    """The judge's next entry in the same round whose scorecard is not submitted, after this one
    (in reference order, wrapping round); None when everything else is submitted."""
    others = list(
        Assignment.objects.filter(judge_id=assignment.judge_id, round_id=assignment.round_id)
        .exclude(pk=assignment.pk)
        .exclude(scorecard__status=Scorecard.Status.SUBMITTED)
        .order_by("nomination__reference", "pk")
        .values_list("uuid", "nomination__reference")
    )
    current = assignment.nomination.reference or ""
    after = [uuid for uuid, reference in others if (reference or "") > current]
    before = [uuid for uuid, reference in others if (reference or "") <= current]
    ahead = after + before
    return ahead[0] if ahead else None


def other_submitted_scores(*, assignment: Assignment) -> dict[int, list]:
    """criterion id -> values other judges submitted for the same entry in the same round."""
    result: dict[int, list] = {}
    for criterion_id, value in (
        Score.objects.filter(
            scorecard__assignment__round_id=assignment.round_id,
            scorecard__assignment__nomination_id=assignment.nomination_id,
            scorecard__status=Scorecard.Status.SUBMITTED,
        )
        .filter(SCORE_COUNTS)
        .exclude(scorecard__assignment=assignment)
        .order_by("scorecard__assignment__judge_id")
        .values_list("criterion_id", "value")
    ):
        result.setdefault(criterion_id, []).append(value)
    return result


def awards_for_declarations(*, judge):
    """Awards whose judging is still to come or under way: where a judge declares conflicts."""
    now = timezone.now()
    return (
        AwardPage.objects.filter(rounds__closes_at__gt=now)
        .distinct()
        .order_by("-year")
        .prefetch_related("rounds")
    )


def award_is_blind(award: AwardPage) -> bool:
    """Treat an award as blind for its judges if any of its rounds is, or none is set up yet."""
    rounds = list(award.rounds.all())
    return not rounds or any(r.is_blind for r in rounds)


def entrant_councils(*, award: AwardPage):
    return (
        Council.objects.filter(nominations__award=award)
        .exclude(nominations__status__in=Nomination.NOT_ENTERED)
        .distinct()
        .order_by("name")
    )


def conflicts_for_judge(*, judge, award: AwardPage):
    return (
        ConflictDeclaration.objects.filter(judge=judge, award=award)
        .select_related("council", "nomination")
        .order_by("declared_at")
    )


def conflict_review(*, judge, award: AwardPage):
    return ConflictReview.objects.filter(judge=judge, award=award).first()


def rounds_with_progress():
    # Annotations join past the default manager, so removed assignments are left out here.
    active = Q(assignments__removed_at__isnull=True)
    return Round.objects.select_related("award").annotate(
        assignment_count=Count("assignments", filter=active, distinct=True),
        submitted_count=Count(
            "assignments",
            filter=active
            & Q(
                assignments__scorecard__status=Scorecard.Status.SUBMITTED,
                assignments__conflicted_at__isnull=True,
            ),
            distinct=True,
        ),
    )


def round_submitted_scores(*, round: Round):
    """Every submitted score of the round: (nomination_id, judge_id, criterion_id, value)."""
    return (
        Score.objects.filter(
            SCORE_COUNTS,
            scorecard__assignment__round=round,
            scorecard__status=Scorecard.Status.SUBMITTED,
        )
    ).values_list(
        "scorecard__assignment__nomination_id",
        "scorecard__assignment__judge_id",
        "criterion_id",
        "value",
    )


def round_nominations(*, round: Round):
    return (
        Nomination.objects.filter(assignments__round=round, assignments__removed_at__isnull=True)
        .distinct()
        .select_related("council")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.filter(round=round).counting())
        )
    )


def round_comments(*, round: Round):
    """Submitted scorecards of the round with their scores, for choosing what councils read."""
    return (
        Scorecard.objects.filter(
            SCORECARD_COUNTS, assignment__round=round, status=Scorecard.Status.SUBMITTED
        )
        .select_related("assignment__nomination__council", "assignment__judge")
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("criterion__principle"))
        )
        .order_by("assignment__nomination__reference", "assignment__judge__last_name", "pk")
    )


def round_conflicts(*, round: Round):
    return (
        ConflictDeclaration.objects.filter(award_id=round.award_id)
        .select_related("judge", "council", "nomination")
        .order_by("-declared_at")
    )
