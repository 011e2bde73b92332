"""Reads for judges and for the results table."""

from django.db.models import Count, Prefetch, Q

from awards.models import Nomination

from .models import Assignment, Round, Score, Scorecard


def assignments_for_judge(*, judge, round=None):
    assignments = Assignment.objects.for_judge(judge).select_related(
        "round__award", "nomination__council", "scorecard"
    )
    if round is not None:
        assignments = assignments.filter(round=round)
    return assignments.order_by("round__closes_at", "nomination__reference")


def assignment_for_judge(*, judge, uuid) -> Assignment:
    return Assignment.objects.select_related(
        "round__award", "nomination__council", "nomination__award"
    ).get(judge=judge, uuid=uuid)


def rounds_with_progress():
    return Round.objects.select_related("award").annotate(
        assignment_count=Count("assignments", distinct=True),
        submitted_count=Count(
            "assignments",
            filter=Q(assignments__scorecard__status=Scorecard.Status.SUBMITTED),
            distinct=True,
        ),
    )


def round_submitted_scores(*, round: Round):
    """Every submitted score of the round: (nomination_id, judge_id, criterion_id, value)."""
    return Score.objects.filter(
        scorecard__assignment__round=round, scorecard__status=Scorecard.Status.SUBMITTED
    ).values_list(
        "scorecard__assignment__nomination_id",
        "scorecard__assignment__judge_id",
        "criterion_id",
        "value",
    )


def round_nominations(*, round: Round):
    return (
        Nomination.objects.filter(assignments__round=round)
        .distinct()
        .select_related("council")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.filter(round=round)))
    )
