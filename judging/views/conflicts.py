"""Conflicts of interest declared before allocation, and the review that closes them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from awards.models import AwardPage
from home.errors import ServiceError

from .. import selectors, services
from ..forms import (
    CouncilConflictForm,
    NamedConflictForm,
    ReviewConfirmForm,
)
from .common import judge_only


@login_required
def conflicts(request, year):
    judge_only(request)
    award = get_object_or_404(AwardPage, year=year)
    blind = selectors.award_is_blind(award)
    action = request.POST.get("action") if request.method == "POST" else None
    declare_data = request.POST if action == "declare" else None
    if blind:
        form = NamedConflictForm(declare_data)
    else:
        form = CouncilConflictForm(declare_data, councils=selectors.entrant_councils(award=award))
    review_form = ReviewConfirmForm(request.POST if action == "confirm" else None)
    if request.method == "POST":
        if action == "declare" and form.is_valid():
            try:
                declaration = services.conflict_declare(
                    judge=request.user,
                    award=award,
                    council=form.cleaned_data["council"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                # The same words whether or not the organisation entered, and nothing leaves the
                # list in a blind award (services.assignments.conflict_declare explains why).
                if blind:
                    message = _(
                        "Your conflict of interest with %(organisation)s has been recorded. You "
                        "will not be given its entry. Your list stays as it is: if one of your "
                        "entries is its entry, your scores for that entry will not count and the "
                        "award team will ask another judge to score it."
                    )
                else:
                    message = _(
                        "Your conflict of interest with %(organisation)s has been recorded. You "
                        "will not be given its entry, and any you had has been taken off your list."
                    )
                messages.success(request, message % {"organisation": declaration.council.name})
                return redirect("judging:conflicts", year=award.year)
        elif action == "confirm" and review_form.is_valid():
            services.conflict_review_confirm(judge=request.user, award=award)
            messages.success(request, _("Thank you. Your declarations are complete."))
            return redirect("judging:dashboard")
    return render(
        request,
        "judging/conflicts.html",
        {
            "award": award,
            "blind": blind,
            "form": form,
            "review_form": review_form,
            "declarations": selectors.conflicts_for_judge(judge=request.user, award=award),
            "review": selectors.conflict_review(judge=request.user, award=award),
            "forms": [review_form],
        },
    )
