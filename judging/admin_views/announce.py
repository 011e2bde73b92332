"""Announcing an award's results, now or at a scheduled time (the ceremony), and withdrawing a
scheduled announcement before it is reached. The rules are judging.services.announcements'."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from awards.models import AwardPage, Nomination
from home.dates import format_datetime

from .. import services
from ..models import Round
from ..permissions import can_manage_judging
from .common import ROUND_INDEX_URL


class AnnounceForm(forms.Form):
    NOW, SCHEDULE = "now", "schedule"

    when = forms.ChoiceField(
        label=gettext_lazy("When are the results announced?"),
        choices=[
            (NOW, gettext_lazy("Now")),
            (SCHEDULE, gettext_lazy("At a time I choose (the ceremony)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose when the results are announced")},
    )
    at = forms.DateTimeField(
        label=gettext_lazy("Date and time (UK time)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": gettext_lazy("Enter a real date and time")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == self.SCHEDULE:
            at = cleaned.get("at")
            if at is None and "at" not in self.errors:
                self.add_error("at", _("Enter the date and time of the announcement"))
            elif at is not None and at <= timezone.now():
                self.add_error("at", _("Enter a date and time in the future"))
        return cleaned


class AwardAnnounceView(WagtailAdminTemplateMixin, View):
    template_name = "judging/admin/award_announce.html"
    page_title = gettext_lazy("Announce the results")
    header_icon = "tasks"

    def dispatch(self, request, award_pk, **kwargs):
        if not can_manage_judging(request.user):
            raise PermissionDenied
        self.award = get_object_or_404(AwardPage, pk=award_pk)
        return super().dispatch(request, award_pk, **kwargs)

    def get_page_subtitle(self):
        return str(self.award.title)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(ROUND_INDEX_URL), "label": _("Judging rounds")},
            {"url": None, "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        now = timezone.now()
        award = self.award
        kwargs.setdefault("form", AnnounceForm(initial={"when": AnnounceForm.NOW}))
        decided = (
            Nomination.objects.filter(award=award, status__in=Nomination.RECOGNISED)
            .select_related("council")
            .order_by("status", "council__name")
        )
        return super().get_context_data(
            award=award,
            announced=award.results_announced(now),
            scheduled=award.results_announced_at if not award.results_announced(now) else None,
            problem=services.announcement_problem(award, now),
            decided=list(decided),
            open_rounds=[r for r in Round.objects.filter(award=award) if now < r.closes_at],
            **kwargs,
        )

    def get(self, request, award_pk):
        return self.render_to_response(self.get_context_data())

    def post(self, request, award_pk):
        if request.POST.get("action") == "cancel":
            try:
                services.results_announcement_cancel(award=self.award, by=request.user)
            except services.ServiceError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The scheduled announcement has been withdrawn."))
            return redirect("judging_admin:award_announce", self.award.pk)
        form = AnnounceForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The results have not been announced. Fix the error below."))
            return self.render_to_response(self.get_context_data(form=form))
        at = form.cleaned_data["at"] if form.cleaned_data["when"] == AnnounceForm.SCHEDULE else None
        try:
            award = services.results_announce(award=self.award, by=request.user, at=at)
        except services.ServiceError as error:
            messages.error(request, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        if at is None:
            messages.success(
                request,
                _("The %(year)s results are announced: they are public now.")
                % {"year": award.year},
            )
        else:
            messages.success(
                request,
                _("The %(year)s results will be announced at %(when)s (UK time).")
                % {"year": award.year, "when": format_datetime(award.results_announced_at)},
            )
        return redirect("judging_admin:award_announce", self.award.pk)
