"""What every judge's page shares: only judges, and only through their own assignment."""

from django.http import Http404
from django.utils.translation import gettext as _

from home.permissions import is_judge

from .. import permissions, selectors
from ..models import Assignment


def judge_only(request):
    if not is_judge(request.user):
        raise Http404


def assignment_or_404(request, uuid) -> Assignment:
    judge_only(request)
    try:
        assignment = selectors.assignment_for_judge(judge=request.user, uuid=uuid)
    except Assignment.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_view_assignment(request.user, assignment):
        raise Http404
    return assignment


def entry_heading(assignment: Assignment) -> str:
    nomination = assignment.nomination
    if assignment.round.is_blind:
        return _("Entry %(reference)s") % {"reference": nomination.reference}
    return nomination.council.name
