"""An entry: the conflict check on opening it, then the scorecard, its saves and autosaves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.dates import format_time
from home.errors import ServiceError
from home.held_forms import (
    has_held_form,
    json_login_required,
    login_required_keeping_form,
    offer_held_form,
    refused,
)

from .. import permissions, selectors, services
from ..forms import (
    EntryConflictForm,
    LateConflictForm,
    ScorecardForm,
    initial_from_scorecard,
)
from ..models import Assignment, Scorecard
from .common import assignment_or_404
from .scorecard_page import render_conflict_check, render_not_saved, render_scorecard, saved_values


@login_required_keeping_form
def scorecard(request, uuid):
    assignment = assignment_or_404(request, uuid)
    if assignment.conflict_checked_at is None:
        return render_conflict_check(request, assignment, EntryConflictForm())
    # Unsaved until the first save: a GET writes nothing.
    card = selectors.scorecard_for(assignment=assignment)
    round = assignment.round
    criteria = round.award.ordered_criteria
    submitting = "submit" in request.POST
    form = ScorecardForm(
        request.POST or None,
        initial=initial_from_scorecard(card),
        criteria=criteria,
        round=round,
        require_all=submitting,
    )
    if has_held_form(request) and permissions.can_score(request.user, card):
        # What they typed when a save met an ended session, once they have signed in again.
        offer_held_form(request, form)
    if request.method == "POST":
        if not permissions.can_score(request.user, card):
            return render_not_saved(request, assignment, card, form)
        if form.is_valid():
            try:
                card = _save(form, card, by=request.user)
                if submitting:
                    services.scorecard_submit(scorecard=card, by=request.user)
            except services.ScorecardLocked:
                card = selectors.scorecard_for(assignment=assignment)
                return render_not_saved(request, assignment, card, form)
            except ServiceError as error:
                # Read again: what is saved now, or still nothing if this was the first save.
                card = selectors.scorecard_for(assignment=assignment)
                saved = saved_values(card) if error.code == "conflict" else None
                form = _rebased(form, card, require_all=submitting)
                form.add_error(None, error.message)
                return render_scorecard(request, assignment, card, form, saved=saved)
            else:
                return _after_save(request, assignment, submitted=submitting)
    return render_scorecard(request, assignment, card, form)


def _save(form: ScorecardForm, card: Scorecard, *, by) -> Scorecard:
    """The page's Save and the autosave write the same way."""
    return services.scorecard_save(
        scorecard=card,
        by=by,
        version=form.cleaned_data["version"],
        scores=form.scores(),
        overall_comment=form.cleaned_data["overall_comment"],
    )


def _rebased(form: ScorecardForm, card: Scorecard, *, require_all: bool) -> ScorecardForm:
    """The judge's typed form on top of the scorecard's current version, so that saving again
    (after a conflict, or after a save that went in before the submit was refused) works."""
    data = form.data.copy()
    data["version"] = str(card.version)
    return ScorecardForm(
        data,
        initial=initial_from_scorecard(card),
        criteria=form.criteria,
        round=form.round,
        require_all=require_all,
    )


@json_login_required
@require_POST
def scorecard_autosave(request, uuid):
    """site.js's autosave of a draft scorecard: the same form and save as the scorecard's "Save
    draft", answered in JSON. A locked or closed scorecard, or one saved elsewhere since this page
    loaded, is a 409, which stops autosaving: the judge's own save then says what happened."""
    try:
        assignment = assignment_or_404(request, uuid)
    except Http404:
        return refused(_("You cannot score this entry."))
    if assignment.conflict_checked_at is None:
        return refused(_("Open the entry before scoring it."), status=409)
    card = selectors.scorecard_for(assignment=assignment)
    if not permissions.can_score(request.user, card):
        return refused(_("This scorecard is locked and cannot be changed."), status=409)
    form = ScorecardForm(
        request.POST,
        initial=initial_from_scorecard(card),
        criteria=assignment.round.award.ordered_criteria,
        round=assignment.round,
    )
    if not form.is_valid():
        return refused(
            _(
                "Your scores have not been saved automatically because of a problem with them. "
                "Save them with a button below to see what to fix."
            ),
            status=400,
        )
    try:
        card = _save(form, card, by=request.user)
    except ServiceError as error:
        return refused(error.message, status=409)
    return JsonResponse(
        {
            "saved": True,
            "version": card.version,
            "message": _("Your scores were saved automatically as a draft at %(time)s.")
            % {"time": format_time(timezone.now())},
        }
    )


def _after_save(request, assignment: Assignment, *, submitted: bool):
    reference = assignment.nomination.reference
    if submitted:
        messages.success(
            request,
            _("Your scores for %(reference)s have been submitted.") % {"reference": reference},
        )
    else:
        messages.success(
            request,
            _("Your scores for %(reference)s have been saved as a draft.")
            % {"reference": reference},
        )
    if submitted or "next" in request.POST:
        following = selectors.next_unscored(assignment=assignment)
        if following is not None:
            return redirect("judging:scorecard", uuid=following)
        messages.info(request, _("You have no more entries to score in this round."))
        return redirect("judging:dashboard")
    return redirect("judging:scorecard", uuid=assignment.uuid)


@login_required
@require_POST
def entry_conflict(request, uuid):
    """The answer to "Do you have a conflict of interest with this entry?", before or while
    reading it."""
    assignment = assignment_or_404(request, uuid)
    if "late" in request.POST:
        form = LateConflictForm(request.POST)
        if not form.is_valid():
            card = selectors.scorecard_for(assignment=assignment)
            # The declaration is sent with the scorecard's fields, so that what the judge has
            # typed so far comes back with the error rather than the last saved version.
            typed = "version" in request.POST and permissions.can_score(request.user, card)
            return render_scorecard(
                request,
                assignment,
                card,
                ScorecardForm(
                    request.POST if typed else None,
                    initial=initial_from_scorecard(card),
                    criteria=assignment.round.award.ordered_criteria,
                    round=assignment.round,
                ),
                late_form=form,
            )
        reason = form.cleaned_data["reason"]
    else:
        form = EntryConflictForm(request.POST)
        if not form.is_valid():
            return render_conflict_check(request, assignment, form)
        if form.cleaned_data["answer"] == EntryConflictForm.NO:
            services.assignment_confirm_no_conflict(assignment=assignment, by=request.user)
            return redirect("judging:scorecard", uuid=assignment.uuid)
        reason = form.cleaned_data["reason"]
    reference = assignment.nomination.reference
    services.conflict_declare_on_opening(assignment=assignment, reason=reason, by=request.user)
    messages.success(
        request,
        _(
            "Thank you. Your conflict of interest with entry %(reference)s has been recorded and "
            "the entry has been taken off your list. The award team will give it to another judge."
        )
        % {"reference": reference},
    )
    return redirect("judging:dashboard")
