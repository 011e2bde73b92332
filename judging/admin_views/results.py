"""The results page of a round: the ranking (with ties), every method's score, per-principle
breakdown, panel agreement, the judge leniency chart, exports, shortlisting and decisions."""

import csv
import io

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import Workbook
from wagtail.admin import messages

from awards.models import Nomination
from home.errors import ServiceError

from .. import scoring, services
from ..models import Decision
from ..results import METHOD_LABELS, SORT_KEYS, build_results, leniency_chart
from .common import RoundAdminView, entry_label


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
        label=gettext_lazy("Rationale"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Enter the rationale for the decision")},
    )
    early_reason = forms.CharField(
        label=gettext_lazy("Why decide before judging is complete"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = Nomination.objects.filter(
            assignments__round=round
        ).distinct()


class ShortlistForm(forms.Form):
    TOP, PICKED = "top", "picked"

    mode = forms.ChoiceField(choices=[(TOP, TOP), (PICKED, PICKED)])
    places = forms.IntegerField(
        label=gettext_lazy("Number of entries"),
        min_value=1,
        required=False,
        error_messages={"min_value": gettext_lazy("Enter a number of entries of 1 or more")},
    )
    picked = forms.ModelMultipleChoiceField(queryset=Nomination.objects.none(), required=False)
    rationale = forms.CharField(
        label=gettext_lazy("Rationale"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Enter the rationale for the shortlist")},
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["picked"].queryset = Nomination.objects.filter(
            assignments__round=round
        ).distinct()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == self.TOP and not cleaned.get("places"):
            self.add_error("places", _("Enter how many entries to shortlist"))
        if cleaned.get("mode") == self.PICKED and not cleaned.get("picked"):
            self.add_error("picked", _("Select the entries to shortlist"))
        return cleaned


ALPHA_LEVEL_LABELS = {
    "interval": gettext_lazy("interval"),
    "ordinal": gettext_lazy("ordinal"),
    "nominal": gettext_lazy("nominal"),
    "ratio": gettext_lazy("ratio"),
}


class RoundResultsView(RoundAdminView):
    """The ranked results table, and a decision form per entry."""

    template_name = "judging/admin/round_results.html"
    page_title = gettext_lazy("Results")

    def get_context_data(self, **kwargs):
        request = self.request
        level = request.GET.get("alpha", "interval")
        if level not in scoring.ALPHA_LEVELS:
            level = "interval"
        sort = request.GET.get("sort", "rank")
        if sort not in SORT_KEYS:
            sort = "rank"
        descending = request.GET.get("order") == "desc"
        results = build_results(round=self.round, alpha_level=level)
        headers = []
        for key, label in (
            ("rank", _("Rank")),
            ("reference", _("Reference")),
            ("council", _("Council")),
            ("weighted_mean", METHOD_LABELS["weighted_mean"]),
            ("median", METHOD_LABELS["median"]),
            ("trimmed_mean", METHOD_LABELS["trimmed_mean"]),
            ("normalised", METHOD_LABELS["normalised"]),
        ):
            # Scores sort highest first on the first click; names and ranks from the top.
            first_desc = key in {"weighted_mean", "median", "trimmed_mean", "normalised"}
            next_desc = (not descending) if key == sort else first_desc
            headers.append(
                {
                    "key": key,
                    "label": label,
                    "current": key == sort,
                    "aria_sort": ("descending" if descending else "ascending")
                    if key == sort
                    else None,
                    "url": f"?sort={key}&order={'desc' if next_desc else 'asc'}&alpha={level}",
                    "ranking": key == results.method,
                }
            )
        kwargs.setdefault("picked_ids", set())
        kwargs.setdefault("tied_ids", set())
        return super().get_context_data(
            results=results,
            rows=results.sorted_rows(sort, descending),
            headers=headers,
            alpha_level=level,
            alpha_levels=[(value, ALPHA_LEVEL_LABELS[value]) for value in scoring.ALPHA_LEVELS],
            chart=leniency_chart(results, lambda user: user.get_full_name() or user.email),
            outcome_choices=Decision.Outcome.choices,
            export_csv=reverse("judging_admin:round_export", args=[self.round.pk]) + "?format=csv",
            export_xlsx=reverse("judging_admin:round_export", args=[self.round.pk])
            + "?format=xlsx",
            shortlist_url=reverse("judging_admin:round_shortlist", args=[self.round.pk]),
            method_labels=METHOD_LABELS,
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
                    failed_form=form,
                    failed_pk=form.cleaned_data["nomination"].pk,
                    confirm_reasons=[],
                )
            )
        nomination = form.cleaned_data["nomination"]
        outcome = form.cleaned_data["outcome"]
        try:
            services.decision_record(
                nomination=nomination,
                outcome=outcome,
                rationale=form.cleaned_data["rationale"],
                early_reason=form.cleaned_data["early_reason"],
                by=request.user,
                round=self.round,
            )
        except services.DecisionNeedsConfirmation as error:
            if (
                form.cleaned_data["early_reason"].strip() == ""
                and "early_reason" in self.request.POST
            ):
                form.add_error("early_reason", _("Say why the panel is deciding now"))
            messages.warning(request, error.message)
            return self.render_to_response(
                self.get_context_data(
                    failed_form=form, failed_pk=nomination.pk, confirm_reasons=error.reasons
                )
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


class RoundShortlistView(RoundResultsView):
    """Shortlist the top N (refusing to break a tie at the boundary) or the entries picked."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = ShortlistForm(request.POST, round=self.round)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("judging_admin:round_results", self.round.pk)
        rationale = form.cleaned_data["rationale"].strip()
        if form.cleaned_data["mode"] == ShortlistForm.TOP:
            places = form.cleaned_data["places"]
            results = build_results(round=self.round)
            ranking = [(row.rank, row.nomination, None) for row in results.rows]
            certain, tied = scoring.shortlist_boundary(ranking, places)
            if tied:
                messages.error(
                    request,
                    ngettext(
                        "The top %(places)s place cannot be filled without breaking a tie: "
                        "%(entries)s share rank %(rank)s. Tick the entries to shortlist below, "
                        "then choose “Shortlist the ticked entries”.",
                        "The top %(places)s places cannot be filled without breaking a tie: "
                        "%(entries)s share rank %(rank)s. Tick the entries to shortlist below, "
                        "then choose “Shortlist the ticked entries”.",
                        places,
                    )
                    % {
                        "places": places,
                        "entries": ", ".join(n.reference for n in tied),
                        "rank": next(row.rank for row in results.rows if row.nomination in tied),
                    },
                )
                return self.render_to_response(
                    self.get_context_data(
                        picked_ids={n.pk for n in certain},
                        tied_ids={n.pk for n in tied},
                        shortlist_rationale=rationale,
                    )
                )
            chosen = certain
        else:
            chosen = list(form.cleaned_data["picked"])
        try:
            decisions = services.shortlist(
                round=self.round, nominations=chosen, by=request.user, rationale=rationale
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Shortlisted %(count)s entry: %(entries)s.",
                    "Shortlisted %(count)s entries: %(entries)s.",
                    len(decisions),
                )
                % {
                    "count": len(decisions),
                    "entries": ", ".join(d.nomination.reference for d in decisions) or "–",
                },
            )
        return redirect("judging_admin:round_results", self.round.pk)


def export_rows(results):
    criteria = results.criteria
    header = [
        _("Rank"),
        _("Reference"),
        _("Council"),
        _("Title"),
        _("Status"),
        _("Scorecards submitted"),
        _("Judges assigned"),
        *[_("Principle %(number)s mean") % {"number": c.principle.number} for c in criteria],
        *[_("Principle %(number)s spread") % {"number": c.principle.number} for c in criteria],
        str(METHOD_LABELS["weighted_mean"]) + " (0–100)",
        str(METHOD_LABELS["median"]) + " (0–100)",
        str(METHOD_LABELS["trimmed_mean"]) + " (0–100)",
        str(METHOD_LABELS["normalised"]) + " (z)",
        _("Judges disagree on principles"),
    ]
    rows = [[str(cell) for cell in header]]
    for row in results.rows:
        rows.append(
            [
                row.rank_display,
                row.nomination.reference or "",
                row.nomination.council.name,
                row.nomination.title,
                str(row.nomination.get_status_display()),
                row.submitted,
                row.assigned,
                *[p.mean for p in row.principles],
                *[p.spread for p in row.principles],
                row.weighted_mean,
                row.median,
                row.trimmed_mean,
                row.normalised,
                ", ".join(str(p.criterion.principle.number) for p in row.disagreements),
            ]
        )
    return rows


def _csv_safe(value):
    # A cell starting with = + - @ is a formula to a spreadsheet; councils wrote these titles.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


class RoundExportView(RoundAdminView):
    def get(self, request, pk):
        results = build_results(round=self.round)
        rows = export_rows(results)
        filename = f"results-{self.round.award.year}-{self.round.pk}"
        if request.GET.get("format") == "xlsx":
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet(title=_("Results")[:31])
            for row in rows:
                sheet.append(
                    [float(cell) if hasattr(cell, "is_finite") else _csv_safe(cell) for cell in row]
                )
            buffer = io.BytesIO()
            workbook.save(buffer)
            response = HttpResponse(
                buffer.getvalue(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
            return response
        output = io.StringIO()
        writer = csv.writer(output)
        for row in rows:
            writer.writerow([_csv_safe(cell) for cell in row])
        response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
