"""The "Manage round" page: assignments by entry with their scorecards, conflicts of interest,
automatic allocation, and adding, removing or reopening one assignment."""

from collections import defaultdict

from django import forms
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages

from awards.models import Nomination
from home.errors import ServiceError

from .. import selectors, services
from ..models import Assignment, ConflictReview, Scorecard
from .common import RoundAdminView, entry_label, judge_label, scorecard_of


class JudgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return judge_label(obj)


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return entry_label(obj)


class AssignmentForm(forms.Form):
    judge = JudgeChoiceField(
        queryset=get_user_model().objects.none(),
        label=gettext_lazy("Judge"),
        empty_label=gettext_lazy("Choose a judge"),
        error_messages={"required": gettext_lazy("Choose a judge")},
    )
    nomination = EntryChoiceField(
        queryset=Nomination.objects.none(),
        label=gettext_lazy("Entry"),
        empty_label=gettext_lazy("Choose an entry"),
        error_messages={"required": gettext_lazy("Choose an entry")},
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = selectors.panel_judges()
        self.fields["nomination"].queryset = selectors.round_entries(round)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=1000,
        error_messages={"required": gettext_lazy("Give a reason")},
    )


class RoundManageView(RoundAdminView):
    """Assignments grouped by entry with each scorecard's status; add, remove, reopen, allocate;
    every declared conflict of interest, and which judges have confirmed their declarations."""

    template_name = "judging/admin/round_manage.html"
    page_title = gettext_lazy("Manage round")

    def get_context_data(self, **kwargs):
        round = self.round
        entries = list(selectors.round_entries(round))
        assignments = (
            Assignment.objects.filter(round=round)
            .select_related("judge", "nomination__council", "scorecard")
            .order_by("nomination__reference", "judge__last_name", "judge__email")
        )
        groups: dict[int, dict] = {}
        for nomination in entries:
            groups[nomination.pk] = {"nomination": nomination, "in_round": True, "rows": []}
        by_nomination = defaultdict(list)
        for assignment in assignments:
            by_nomination[assignment.nomination_id].append(assignment)
            groups.setdefault(
                assignment.nomination_id,
                {"nomination": assignment.nomination, "in_round": False, "rows": []},
            )
        submitted_total = 0
        loads: dict[int, int] = defaultdict(int)
        for nomination_id, group in groups.items():
            for assignment in by_nomination[nomination_id]:
                scorecard = scorecard_of(assignment)
                submitted = scorecard is not None and scorecard.status == Scorecard.Status.SUBMITTED
                loads[assignment.judge_id] += 1
                group["rows"].append(
                    {
                        "assignment": assignment,
                        "judge": judge_label(assignment.judge),
                        "scorecard": scorecard,
                        "submitted": submitted,
                    }
                )
            counting = [row for row in group["rows"] if row["assignment"].conflicted_at is None]
            group["submitted"] = sum(1 for row in counting if row["submitted"])
            group["short"] = max(0, round.judges_per_entry - len(counting))
            submitted_total += group["submitted"]
        assignment_total = sum(len(group["rows"]) for group in groups.values())
        judges = list(selectors.panel_judges())
        reviewed = dict(
            ConflictReview.objects.filter(award_id=round.award_id).values_list(
                "judge_id", "confirmed_at"
            )
        )
        kwargs.setdefault("form", AssignmentForm(round=round))
        removed = (
            Assignment.all_objects.removed()
            .filter(round=round)
            .select_related("judge", "nomination__council", "removed_by", "scorecard")
            .order_by("-removed_at")
        )
        return super().get_context_data(
            removed=[
                {
                    "assignment": assignment,
                    "judge": judge_label(assignment.judge),
                    "entry": entry_label(assignment.nomination),
                    "scorecard": scorecard_of(assignment),
                    "removed_by": judge_label(assignment.removed_by)
                    if assignment.removed_by
                    else "",
                }
                for assignment in removed
            ],
            groups=list(groups.values()),
            entry_count=len(entries),
            assignment_total=assignment_total,
            submitted_total=submitted_total,
            conflicts=list(selectors.round_conflicts(round=round)),
            panel=[
                {
                    "label": judge_label(judge),
                    "load": loads.get(judge.pk, 0),
                    "confirmed_at": reviewed.get(judge.pk),
                }
                for judge in judges
            ],
            **kwargs,
        )

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk):
        """Add one assignment."""
        form = AssignmentForm(request.POST, round=self.round)
        if not form.is_valid():
            messages.error(request, _("The assignment has not been added. Fix the errors below."))
            return self.render_to_response(self.get_context_data(form=form))
        judge, nomination = form.cleaned_data["judge"], form.cleaned_data["nomination"]
        try:
            services.assignment_create(
                round=self.round, judge=judge, nomination=nomination, by=request.user
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(judge)s will judge %(entry)s.")
                % {"judge": judge_label(judge), "entry": entry_label(nomination)},
            )
        return redirect("judging_admin:round_manage", self.round.pk)


class RoundAllocateView(RoundAdminView):
    """Give every entry of the round `judges_per_entry` judges from the panel, evenly, never to a
    judge with a declared conflict."""

    http_method_names = ["post"]

    def post(self, request, pk):
        round = self.round
        if not selectors.round_entries(round).exists():
            messages.warning(request, _("There is nothing to allocate: the round has no entries."))
            return redirect("judging_admin:round_manage", round.pk)
        if not selectors.panel_judges().exists():
            messages.warning(
                request, _("There is nothing to allocate: nobody is in the Judges group.")
            )
            return redirect("judging_admin:round_manage", round.pk)
        try:
            report = services.round_allocate(round=round, by=request.user)
        except ServiceError as error:
            messages.error(
                request, _("No assignments were added: %(error)s") % {"error": error.message}
            )
            return redirect("judging_admin:round_manage", round.pk)
        messages.success(
            request,
            ngettext("Added %(count)s assignment.", "Added %(count)s assignments.", report.added)
            % {"count": report.added},
        )
        if report.short:
            short = ", ".join(
                _("%(entry)s (needs %(count)s more)")
                % {"entry": nomination.reference, "count": missing}
                for nomination, missing in sorted(
                    report.short.items(), key=lambda item: item[0].reference or ""
                )
            )
            messages.warning(
                request,
                _(
                    "Not enough judges without a conflict of interest for every entry. "
                    "Short: %(entries)s."
                )
                % {"entries": short},
            )
        return redirect("judging_admin:round_manage", round.pk)


class AssignmentActionView(RoundAdminView):
    http_method_names = ["post"]

    def post(self, request, pk, assignment_pk):
        assignment = get_object_or_404(
            Assignment.objects.select_related("judge", "nomination__council", "scorecard"),
            pk=assignment_pk,
            round=self.round,
        )
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, self.reason_missing)
        else:
            try:
                self.act(assignment, form.cleaned_data["reason"])
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, self.done(assignment))
        return redirect("judging_admin:round_manage", self.round.pk)


class AssignmentRemoveView(AssignmentActionView):
    reason_missing = gettext_lazy("Give a reason for removing the assignment.")

    def act(self, assignment, reason):
        services.assignment_remove(assignment=assignment, by=self.request.user, reason=reason)

    def done(self, assignment):
        return _(
            "%(judge)s no longer judges %(entry)s. Their scorecard is kept: you can restore it "
            "under Removed assignments."
        ) % {
            "judge": judge_label(assignment.judge),
            "entry": entry_label(assignment.nomination),
        }


class AssignmentRestoreView(RoundAdminView):
    """Put back an assignment staff removed, with its scorecard exactly as it was."""

    http_method_names = ["post"]

    def post(self, request, pk, assignment_pk):
        assignment = get_object_or_404(
            Assignment.all_objects.select_related("judge", "nomination__council"),
            pk=assignment_pk,
            round=self.round,
        )
        try:
            services.assignment_restore(assignment=assignment, by=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(judge)s judges %(entry)s again, with their scorecard as it was.")
                % {
                    "judge": judge_label(assignment.judge),
                    "entry": entry_label(assignment.nomination),
                },
            )
        return redirect("judging_admin:round_manage", self.round.pk)


class ScorecardReopenView(AssignmentActionView):
    reason_missing = gettext_lazy("Give a reason for reopening the scorecard.")

    def act(self, assignment, reason):
        scorecard = scorecard_of(assignment)
        if scorecard is None:
            raise ServiceError(_("There is no scorecard to reopen."))
        services.scorecard_reopen(scorecard=scorecard, by=self.request.user, reason=reason)

    def done(self, assignment):
        return _("%(judge)s's scorecard for %(entry)s is open again.") % {
            "judge": judge_label(assignment.judge),
            "entry": entry_label(assignment.nomination),
        }
