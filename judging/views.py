"""Pages for judges (dashboard, conflicts of interest, the scorecard) and for councils (feedback).

A judge reaches an entry only through their own assignment, in a round that has opened, after
confirming they have no conflict with it; anything else is a 404. In a blind round nothing a judge
is shown names the council: references only, texts with the council's name taken out, evidence
under neutral file names."""

from itertools import groupby

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.models import AwardPage, Nomination
from awards.selectors import statement_rows
from home.dates import format_datetime, format_time
from home.errors import ServiceError
from home.held_forms import (
    has_held_form,
    json_login_required,
    login_required_keeping_form,
    offer_held_form,
    refused,
)
from home.permissions import is_award_staff, is_judge

from . import permissions, selectors, services
from .blind import redactor
from .forms import (
    NOT_APPLICABLE,
    CouncilConflictForm,
    EntryConflictForm,
    LateConflictForm,
    NamedConflictForm,
    ReviewConfirmForm,
    ScorecardForm,
    initial_from_scorecard,
)
from .models import Assignment, Scorecard
from .results import nomination_feedback


def _judge_only(request):
    if not is_judge(request.user):
        raise Http404


def _status_labels() -> dict:
    return {
        "submitted": _("Submitted"),
        "in_progress": _("In progress"),
        "not_started": _("Not yet started"),
    }


def _status(assignment: Assignment) -> str:
    card = getattr(assignment, "scorecard", None)
    if card is None:
        return "not_started"
    if card.status == Scorecard.Status.SUBMITTED:
        return "submitted"
    if card.version > 1:
        return "in_progress"
    return "not_started"


@login_required
def dashboard(request):
    _judge_only(request)
    assignments = list(selectors.assignments_for_judge(judge=request.user))
    # Translated once, not once per row: 200 rows' {% translate %} were a fifth of the render.
    labels = _status_labels()
    now = timezone.now()
    rounds = []
    for _round_id, group in groupby(assignments, key=lambda a: a.round_id):
        items = list(group)
        round = items[0].round
        rows = [
            {"assignment": a, "status": status, "label": labels[status]}
            for a in items
            for status in [_status(a)]
        ]
        submitted = sum(1 for row in rows if row["status"] == "submitted")
        next_row = next((row for row in rows if row["status"] != "submitted"), None)
        rounds.append(
            {
                "round": round,
                "rows": rows,
                "submitted": submitted,
                "total": len(rows),
                "opened": round.has_opened(now),
                "open": round.is_open(now),
                "next": next_row["assignment"] if next_row and round.is_open(now) else None,
            }
        )
    declarations = []
    for award in selectors.awards_for_declarations(judge=request.user):
        declarations.append(
            {
                "award": award,
                "review": selectors.conflict_review(judge=request.user, award=award),
            }
        )
    submitted = sum(r["submitted"] for r in rounds)
    return render(
        request,
        "judging/dashboard.html",
        {
            "rounds": rounds,
            "declarations": declarations,
            "submitted": submitted,
            "total": len(assignments),
            # Kept for templates and tests that read the flat list.
            "assignments": assignments,
        },
    )


# --- conflicts of interest before allocation ---


@login_required
def conflicts(request, year):
    _judge_only(request)
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


# --- an entry: conflict check, then the scorecard ---


def _assignment_or_404(request, uuid) -> Assignment:
    _judge_only(request)
    try:
        assignment = selectors.assignment_for_judge(judge=request.user, uuid=uuid)
    except Assignment.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_view_assignment(request.user, assignment):
        raise Http404
    return assignment


def _entry_heading(assignment: Assignment) -> str:
    nomination = assignment.nomination
    if assignment.round.is_blind:
        return _("Entry %(reference)s") % {"reference": nomination.reference}
    return nomination.council.name


@login_required_keeping_form
def scorecard(request, uuid):
    assignment = _assignment_or_404(request, uuid)
    if assignment.conflict_checked_at is None:
        return _conflict_check(request, assignment, EntryConflictForm())
    card, _created = Scorecard.objects.get_or_create(assignment=assignment)
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
            return _refused(request, assignment, card, form)
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
            except services.ScorecardLocked:
                card.refresh_from_db()
                return _refused(request, assignment, card, form)
            except ServiceError as error:
                card.refresh_from_db()
                saved = _saved_values(card) if error.code == "conflict" else None
                form = _rebased(form, card, require_all=submitting)
                form.add_error(None, error.message)
                return _render_scorecard(request, assignment, card, form, saved=saved)
            else:
                return _after_save(request, assignment, submitted=submitting)
    return _render_scorecard(request, assignment, card, form)


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


def _score_label(raw) -> str:
    return _("Not applicable") if raw == NOT_APPLICABLE else (raw or _("Not scored"))


def _saved_values(card: Scorecard) -> dict:
    """What is saved now (by another tab or device), to set beside what this one typed."""
    initial = initial_from_scorecard(card)
    return {
        "scores": {
            criterion.pk: {
                "score": _score_label(initial.get(f"score_{criterion.pk}")),
                "comment": initial.get(f"comment_{criterion.pk}", ""),
            }
            for criterion in card.assignment.round.award.ordered_criteria
        },
        "overall_comment": card.overall_comment,
    }


def _typed_text(form: ScorecardForm) -> str:
    """Everything the judge sent, as plain text to copy: read from the raw POST because text that
    cannot be saved may not be valid either."""
    data = form.data
    parts = []
    for criterion in form.criteria:
        parts.append(
            "\n".join(
                [
                    str(criterion.principle),
                    _("Score: %(score)s")
                    % {"score": _score_label(data.get(f"score_{criterion.pk}", ""))},
                    _("Comment: %(comment)s")
                    % {"comment": data.get(f"comment_{criterion.pk}", "").strip() or "–"},
                ]
            )
        )
    parts.append(
        _("Overall comment: %(comment)s")
        % {"comment": data.get("overall_comment", "").strip() or "–"}
    )
    return "\n\n".join(parts)


def _refused(request, assignment: Assignment, card: Scorecard, form: ScorecardForm):
    """The round closed, or the scorecard was submitted, while the judge was typing: nothing is
    saved, but what they typed is shown back (read-only, to copy) with the reason."""
    round = assignment.round
    if card.status == Scorecard.Status.SUBMITTED:
        reason = _(
            "Your changes were not saved: this scorecard has been submitted and is locked. "
            "If something needs changing, ask the award team to reopen it."
        )
    elif not round.is_open():
        reason = _("Your changes were not saved: scoring for %(round)s closed at %(closed)s.") % {
            "round": round.name,
            "closed": format_datetime(round.closes_at),
        }
    else:
        reason = _("Your changes were not saved: this scorecard cannot be changed.")
    problem = django_forms.Form({})
    problem.add_error(None, reason)
    saved_form = ScorecardForm(
        initial=initial_from_scorecard(card), criteria=form.criteria, round=round
    )
    return _render_scorecard(
        request,
        assignment,
        card,
        saved_form,
        problems=[problem],
        not_saved={"reason": reason, "text": _typed_text(form)},
    )


@json_login_required
@require_POST
def scorecard_autosave(request, uuid):
    """site.js's autosave of a draft scorecard: the same form and save as the scorecard's "Save
    draft", answered in JSON. A locked or closed scorecard, or one saved elsewhere since this page
    loaded, is a 409, which stops autosaving: the judge's own save then says what happened."""
    try:
        assignment = _assignment_or_404(request, uuid)
    except Http404:
        return refused(_("You cannot score this entry."))
    card = Scorecard.objects.filter(assignment=assignment).first()
    if assignment.conflict_checked_at is None or card is None:
        return refused(_("Open the entry before scoring it."), status=409)
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
        card = services.scorecard_save(
            scorecard=card,
            by=request.user,
            version=form.cleaned_data["version"],
            scores=form.scores(),
            overall_comment=form.cleaned_data["overall_comment"],
        )
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


def _render_scorecard(
    request, assignment, card, form, late_form=None, *, saved=None, not_saved=None, problems=()
):
    round = assignment.round
    nomination = assignment.nomination
    blind = round.is_blind
    redact = redactor(nomination.council) if blind else (lambda text: text)
    statements = {row.criterion.pk: redact(row.text) for row in statement_rows(nomination)}
    submitted, total = selectors.judge_round_progress(judge=request.user, round=round)
    others = (
        selectors.other_submitted_scores(assignment=assignment)
        if permissions.can_see_other_scores(request.user, card)
        else None
    )
    principles = []
    for criterion, score_field, comment_field in form.rows():
        principles.append(
            {
                "criterion": criterion,
                "statement": statements.get(criterion.pk, ""),
                "score_field": score_field,
                "comment_field": comment_field,
                "levels": form.levels(criterion),
                "others": None if others is None else others.get(criterion.pk, []),
                "saved": None if saved is None else saved["scores"].get(criterion.pk),
            }
        )
    evidence = [
        {
            "evidence": item,
            "name": _("Evidence file %(number)s") % {"number": number}
            if blind
            else item.original_name,
            "description": redact(item.description),
        }
        for number, item in enumerate(nomination.evidence.all(), start=1)
    ]
    return render(
        request,
        "judging/scorecard.html",
        {
            "assignment": assignment,
            "scorecard": card,
            "nomination": nomination,
            "round": round,
            "form": form,
            "principles": principles,
            "entry_heading": _entry_heading(assignment),
            "entry_title": redact(nomination.title),
            "entry_summary": redact(nomination.summary),
            "entry_partners": redact(nomination.partners),
            "evidence_list": evidence,
            "locked": not permissions.can_score(request.user, card),
            "show_council": not blind,
            "progress_submitted": submitted,
            "progress_total": total,
            "others_visible": others is not None,
            "late_form": late_form or LateConflictForm(),
            "forms": [*problems, *([late_form] if late_form else [])],
            "saved_overall_comment": None if saved is None else saved["overall_comment"],
            "not_saved": not_saved,
        },
    )


def _conflict_check(request, assignment, form):
    return render(
        request,
        "judging/entry_conflict_check.html",
        {
            "assignment": assignment,
            "round": assignment.round,
            "nomination": assignment.nomination,
            "entry_heading": _entry_heading(assignment),
            "show_council": not assignment.round.is_blind,
            "form": form,
        },
    )


@login_required
@require_POST
def entry_conflict(request, uuid):
    """The answer to "Do you have a conflict of interest with this entry?", before or while
    reading it."""
    assignment = _assignment_or_404(request, uuid)
    if "late" in request.POST:
        form = LateConflictForm(request.POST)
        if not form.is_valid():
            card, _created = Scorecard.objects.get_or_create(assignment=assignment)
            # The declaration is sent with the scorecard's fields, so that what the judge has
            # typed so far comes back with the error rather than the last saved version.
            typed = "version" in request.POST and permissions.can_score(request.user, card)
            return _render_scorecard(
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
            return _conflict_check(request, assignment, form)
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


# --- feedback for councils ---


@login_required
def feedback(request, uuid):
    try:
        nomination = Nomination.objects.select_related("award", "council").get(uuid=uuid)
    except Nomination.DoesNotExist as error:
        raise Http404 from error
    if not permissions.can_read_feedback(request.user, nomination):
        raise Http404
    preview = is_award_staff(request.user)
    return render(
        request,
        "judging/feedback.html",
        {
            "nomination": nomination,
            "feedback": nomination_feedback(nomination=nomination, include_unreleased=preview),
            "preview": preview,
            "receipt_url": reverse("awards:nomination_receipt", args=[nomination.uuid]),
        },
    )
