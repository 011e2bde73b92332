"""Wagtail admin glue for judging: permissions and buttons for the round listing, the "Manage round"
page (assignments, progress, allocation) and the results page (ranking, decisions).

Every write goes through judging.services; this module only reads, validates input and reports."""

from collections import defaultdict

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper

from awards.models import Nomination
from home.errors import ServiceError
from home.permissions import JUDGES

from . import services
from .allocation import allocate
from .models import Assignment, Decision, Round, Scorecard
from .permissions import can_manage_judging
from .results import build_results

ROUND_INDEX_URL = "judging_round_modeladmin_index"
ROUND_EDIT_URL = "judging_round_modeladmin_edit"


# --- modeladmin helpers ---


class RoundPermissionHelper(PermissionHelper):
    """Award staff set up rounds. A round that has assignments is never deleted here: that would
    delete judges' scorecards without going through the services."""

    def user_can_list(self, user):
        return can_manage_judging(user)

    def user_can_create(self, user):
        return can_manage_judging(user)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and can_manage_judging(user)

    def user_can_edit_obj(self, user, obj):
        return can_manage_judging(user)

    def user_can_delete_obj(self, user, obj):
        if not can_manage_judging(user):
            return False
        count = getattr(obj, "assignment_count", None)
        if count is None:
            return not obj.assignments.exists()
        return count == 0


class ReadOnlyJudgingPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return can_manage_judging(user)

    def user_can_create(self, user):
        return False

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and can_manage_judging(user)

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class RoundButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(
            obj,
            exclude=exclude,
            classnames_add=classnames_add,
            classnames_exclude=classnames_exclude,
        )
        if can_manage_judging(self.request.user):
            buttons[:0] = [
                {
                    "url": reverse("judging_admin:round_manage", args=[obj.pk]),
                    "label": _("Manage"),
                    "classname": "button button-small",
                    "title": _("Assignments and progress of %(round)s") % {"round": obj.name},
                },
                {
                    "url": reverse("judging_admin:round_results", args=[obj.pk]),
                    "label": _("Results"),
                    "classname": "button button-small button-secondary",
                    "title": _("Results of %(round)s") % {"round": obj.name},
                },
            ]
        return buttons


# --- reads used by the pages ---


def round_entries(round: Round):
    """The nominations that enter `round` now, by the round's rule."""
    return (
        Nomination.objects.filter(
            award_id=round.award_id, status__in=services.ENTRY_STATUSES[round.entries_from]
        )
        .select_related("council")
        .order_by("reference", "pk")
    )


def panel_judges():
    return (
        get_user_model()
        .objects.filter(groups__name=JUDGES, is_active=True)
        .order_by("last_name", "first_name", "email", "pk")
        .distinct()
    )


def judge_label(user) -> str:
    name = user.get_full_name()
    if name and user.email:
        return f"{name} ({user.email})"
    return name or user.email or user.get_username()


def entry_label(nomination: Nomination) -> str:
    return f"{nomination.reference or _('draft')} – {nomination.council.name}"


def _scorecard(assignment: Assignment) -> Scorecard | None:
    try:
        return assignment.scorecard
    except ObjectDoesNotExist:
        return None


# --- forms ---


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

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = panel_judges()
        self.fields["nomination"].queryset = round_entries(round)


class DecisionForm(forms.Form):
    nomination = forms.ModelChoiceField(
        queryset=Nomination.objects.none(), widget=forms.HiddenInput
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[("", gettext_lazy("Choose an outcome")), *Decision.Outcome.choices],
        error_messages={"required": gettext_lazy("Choose an outcome")},
    )
    rationale = forms.CharField(
        label=gettext_lazy("Rationale"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = Nomination.objects.filter(
            assignments__round=round
        ).distinct()


# --- views ---


class RoundAdminView(WagtailAdminTemplateMixin, View):
    """A page about one round, for award staff only."""

    header_icon = "tasks"

    def dispatch(self, request, pk):
        if not can_manage_judging(request.user):
            raise PermissionDenied
        self.round = get_object_or_404(Round.objects.select_related("award"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.round)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(ROUND_INDEX_URL), "label": _("Judging rounds")},
            {"url": reverse(ROUND_EDIT_URL, args=[self.round.pk]), "label": str(self.round)},
            {"url": None, "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            round=self.round,
            manage_url=reverse("judging_admin:round_manage", args=[self.round.pk]),
            results_url=reverse("judging_admin:round_results", args=[self.round.pk]),
            **kwargs,
        )


class RoundManageView(RoundAdminView):
    """Assignments grouped by entry with each scorecard's status; add one, or allocate."""

    template_name = "judging/admin/round_manage.html"
    page_title = gettext_lazy("Manage round")

    def get_context_data(self, **kwargs):
        round = self.round
        entries = list(round_entries(round))
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
        for nomination_id, group in groups.items():
            for assignment in by_nomination[nomination_id]:
                scorecard = _scorecard(assignment)
                submitted = scorecard is not None and scorecard.status == Scorecard.Status.SUBMITTED
                group["rows"].append(
                    {
                        "judge": judge_label(assignment.judge),
                        "scorecard": scorecard,
                        "submitted": submitted,
                    }
                )
            group["submitted"] = sum(1 for row in group["rows"] if row["submitted"])
            group["short"] = max(0, round.judges_per_entry - len(group["rows"]))
            submitted_total += group["submitted"]
        assignment_total = sum(len(group["rows"]) for group in groups.values())
        kwargs.setdefault("form", AssignmentForm(round=round))
        return super().get_context_data(
            groups=list(groups.values()),
            entry_count=len(entries),
            assignment_total=assignment_total,
            submitted_total=submitted_total,
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
    """Give every entry of the round `judges_per_entry` judges from the panel, evenly."""

    http_method_names = ["post"]

    def post(self, request, pk):
        round = self.round
        entries = {n.pk: n for n in round_entries(round)}
        judges = {j.pk: j for j in panel_judges()}
        if not entries or not judges:
            messages.warning(
                request,
                _("There is nothing to allocate: the round has no entries.")
                if not entries
                else _("There is nothing to allocate: nobody is in the Judges group."),
            )
            return redirect("judging_admin:round_manage", round.pk)
        existing = list(
            Assignment.objects.filter(round=round).values_list("judge_id", "nomination_id")
        )
        # TODO(conflicts): pass declared conflicts of interest once judging has a model for them.
        result = allocate(
            list(entries),
            list(judges),
            round.judges_per_entry,
            conflicts=(),
            existing=existing,
            seed=round.pk,
        )
        try:
            with transaction.atomic():
                for judge_id, nomination_id in result.new_pairs:
                    services.assignment_create(
                        round=round,
                        judge=judges[judge_id],
                        nomination=entries[nomination_id],
                        by=request.user,
                    )
        except ServiceError as error:
            messages.error(
                request, _("No assignments were added: %(error)s") % {"error": error.message}
            )
            return redirect("judging_admin:round_manage", round.pk)
        added = len(result.new_pairs)
        messages.success(
            request,
            ngettext("Added %(count)s assignment.", "Added %(count)s assignments.", added)
            % {"count": added},
        )
        if result.short:
            short = ", ".join(
                _("%(entry)s (needs %(count)s more)")
                % {"entry": entries[nomination_id].reference, "count": missing}
                for nomination_id, missing in sorted(
                    result.short.items(), key=lambda item: entries[item[0]].reference or ""
                )
            )
            messages.warning(
                request,
                _("Not enough judges for every entry. Short: %(entries)s.") % {"entries": short},
            )
        return redirect("judging_admin:round_manage", round.pk)


class RoundResultsView(RoundAdminView):
    """The ranked results table, and a decision form per entry."""

    template_name = "judging/admin/round_results.html"
    page_title = gettext_lazy("Results")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            results=build_results(round=self.round),
            outcome_choices=Decision.Outcome.choices,
            **kwargs,
        )

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data())

    def post(self, request, pk):
        """Record a decision for one entry."""
        form = DecisionForm(request.POST, round=self.round)
        if not form.is_valid():
            if "nomination" in form.errors:
                messages.error(request, _("That entry is not in this round."))
                return redirect("judging_admin:round_results", self.round.pk)
            messages.error(request, _("The decision has not been recorded. Fix the error below."))
            return self.render_to_response(
                self.get_context_data(
                    failed_form=form, failed_pk=form.cleaned_data["nomination"].pk
                )
            )
        nomination = form.cleaned_data["nomination"]
        outcome = form.cleaned_data["outcome"]
        try:
            services.decision_record(
                nomination=nomination,
                outcome=outcome,
                rationale=form.cleaned_data["rationale"].strip(),
                by=request.user,
                round=self.round,
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Decision recorded: %(entry)s – %(outcome)s.")
                % {"entry": entry_label(nomination), "outcome": Decision.Outcome(outcome).label},
            )
        return redirect(
            reverse("judging_admin:round_results", args=[self.round.pk]) + f"#entry-{nomination.pk}"
        )


app_name = "judging_admin"
urlpatterns = [
    path("rounds/<int:pk>/manage/", RoundManageView.as_view(), name="round_manage"),
    path("rounds/<int:pk>/manage/allocate/", RoundAllocateView.as_view(), name="round_allocate"),
    path("rounds/<int:pk>/results/", RoundResultsView.as_view(), name="round_results"),
]
