"""A judge's dashboard: their entries round by round, and the awards to declare conflicts for."""

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Assignment, Scorecard
from .common import judge_only


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
    judge_only(request)
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
