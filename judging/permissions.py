"""Who may judge what. A judge sees only entries assigned to them, in a round that has opened, with
no conflict of interest declared; everything else is a 404."""

from awards.permissions import is_officer_of
from home.permissions import is_award_staff, is_judge

from .models import Assignment, ConflictDeclaration, Round, Scorecard


def judge_has_conflict(user, nomination) -> bool:
    return ConflictDeclaration.objects.filter(
        judge=user, award_id=nomination.award_id, council_id=nomination.council_id
    ).exists()


def judge_is_assigned_to(user, nomination) -> bool:
    """May `user` read this entry (and download its evidence) as a judge now?

    Only after confirming, on opening the entry, that they have no conflict with it. An assignment
    set aside for a conflict declared by name in a blind round opens like any other, so that
    opening it cannot tell the judge which entry it is (services.assignments.conflict_declare)."""
    if not is_judge(user):
        return False
    conflicted = judge_has_conflict(user, nomination)
    return any(
        assignment.round.has_opened() and (assignment.conflicted_at is not None or not conflicted)
        for assignment in Assignment.objects.filter(
            judge=user, nomination=nomination, conflict_checked_at__isnull=False
        ).select_related("round")
    )


def can_view_assignment(user, assignment: Assignment) -> bool:
    """The judge's own assignment, in a round that has opened, without a declared conflict."""
    return (
        is_judge(user)
        and assignment.judge_id == user.pk
        and assignment.round.has_opened()
        and (
            assignment.conflicted_at is not None
            or not judge_has_conflict(user, assignment.nomination)
        )
    )


def can_read_entry(user, assignment: Assignment) -> bool:
    return can_view_assignment(user, assignment) and assignment.conflict_checked_at is not None


def can_score(user, scorecard: Scorecard) -> bool:
    return (
        can_read_entry(user, scorecard.assignment)
        and scorecard.status == Scorecard.Status.DRAFT
        and scorecard.assignment.round.is_open()
    )


def can_see_other_scores(user, scorecard: Scorecard) -> bool:
    """Only once the judge's own scores are in, and only if the round says so."""
    round: Round = scorecard.assignment.round
    return (
        round.others_scores_after_submit
        and can_read_entry(user, scorecard.assignment)
        and scorecard.status == Scorecard.Status.SUBMITTED
    )


def can_manage_judging(user) -> bool:
    return is_award_staff(user)


def can_read_feedback(user, nomination) -> bool:
    """Feedback is for the council's own officers (and staff checking what they will see), once the
    award's results are announced."""
    return is_award_staff(user) or (
        is_officer_of(user, nomination.council_id) and nomination.award.results_announced()
    )
