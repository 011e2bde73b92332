from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from awards.selectors import statement_rows
from home.errors import ServiceError
from home.permissions import is_judge

from . import permissions, selectors, services
from .forms import ScorecardForm, initial_from_scorecard
from .models import Assignment, Scorecard


def _judge_only(request):
    if not is_judge(request.user):
        raise Http404


@login_required
def dashboard(request):
    _judge_only(request)
    assignments = list(selectors.assignments_for_judge(judge=request.user))
    submitted = sum(
        1
        for a in assignments
        if getattr(a, "scorecard", None) and a.scorecard.status == Scorecard.Status.SUBMITTED
    )
    return render(
        request,
        "judging/dashboard.html",
        {"assignments": assignments, "submitted": submitted, "total": len(assignments)},
    )


@login_required
def scorecard(request, uuid):
    _judge_only(request)
    try:
        assignment = selectors.assignment_for_judge(judge=request.user, uuid=uuid)
    except Assignment.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_view_assignment(request.user, assignment):
        raise Http404
    card, _created = Scorecard.objects.get_or_create(assignment=assignment)
    round = assignment.round
    nomination = assignment.nomination
    criteria = round.award.ordered_criteria
    submitting = "submit" in request.POST
    form = ScorecardForm(
        request.POST or None,
        initial=initial_from_scorecard(card),
        criteria=criteria,
        round=round,
        require_all=submitting,
    )
    if request.method == "POST":
        if not permissions.can_score(request.user, card):
            messages.error(request, _("This scorecard is locked and cannot be changed."))
            return redirect("judging:scorecard", uuid=assignment.uuid)
        if form.is_valid():
            try:
                card = services.scorecard_save(
                    scorecard=card,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    scores=form.scores(),
                    overall_comment=form.cleaned_data["overall_comment"],
                )
                if submitting:
                    services.scorecard_submit(scorecard=card, by=request.user)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                if submitting:
                    messages.success(request, _("Your scores have been submitted."))
                    return redirect("judging:dashboard")
                messages.success(request, _("Your scores have been saved as a draft."))
                return redirect("judging:scorecard", uuid=assignment.uuid)
    return render(
        request,
        "judging/scorecard.html",
        {
            "assignment": assignment,
            "scorecard": card,
            "nomination": nomination,
            "round": round,
            "form": form,
            "statements": statement_rows(nomination),
            "evidence_list": nomination.evidence.all(),
            "locked": not permissions.can_score(request.user, card),
            "show_council": not round.is_blind,
        },
    )
