"""How the scorecard page is drawn: the entry (redacted in a blind round), the principles with the
judge's form, and what a save that was refused or met a conflict brings back."""

from django import forms as django_forms
from django.shortcuts import render
from django.utils.translation import gettext as _

from awards.selectors import statement_rows
from home.dates import format_datetime

from .. import permissions, selectors
from ..blind import redactor
from ..forms import (
    NOT_APPLICABLE,
    LateConflictForm,
    ScorecardForm,
    initial_from_scorecard,
)
from ..models import Assignment, Scorecard
from .common import entry_heading


def _score_label(raw) -> str:
    return _("Not applicable") if raw == NOT_APPLICABLE else (raw or _("Not scored"))


def saved_values(card: Scorecard) -> dict:
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


def render_not_saved(request, assignment: Assignment, card: Scorecard, form: ScorecardForm):
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
    return render_scorecard(
        request,
        assignment,
        card,
        saved_form,
        problems=[problem],
        not_saved={"reason": reason, "text": _typed_text(form)},
    )


def render_scorecard(
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
            "entry_heading": entry_heading(assignment),
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


def render_conflict_check(request, assignment, form):
    return render(
        request,
        "judging/entry_conflict_check.html",
        {
            "assignment": assignment,
            "round": assignment.round,
            "nomination": assignment.nomination,
            "entry_heading": entry_heading(assignment),
            "show_council": not assignment.round.is_blind,
            "form": form,
        },
    )
