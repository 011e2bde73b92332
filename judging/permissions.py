"""Who may judge what. A judge sees only entries assigned to them; everything else is a 404."""

from home.permissions import is_award_staff, is_judge

from .models import Assignment, Scorecard


def judge_is_assigned_to(user, nomination) -> bool:
    return is_judge(user) and Assignment.objects.filter(judge=user, nomination=nomination).exists()


def can_view_assignment(user, assignment: Assignment) -> bool:
    return is_judge(user) and assignment.judge_id == user.pk


def can_score(user, scorecard: Scorecard) -> bool:
    return (
        can_view_assignment(user, scorecard.assignment)
        and scorecard.status == Scorecard.Status.DRAFT
        and scorecard.assignment.round.is_open()
    )


def can_manage_judging(user) -> bool:
    return is_award_staff(user)
