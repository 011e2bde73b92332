"""What every judging admin page shares: modeladmin helpers, labels, the staff-only base view."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper

from awards.models import Nomination

from ..models import Assignment, Round, Scorecard
from ..permissions import can_manage_judging

ROUND_INDEX_URL = "judging_round_modeladmin_index"
ROUND_EDIT_URL = "judging_round_modeladmin_edit"


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


def judge_label(user) -> str:
    name = user.get_full_name()
    if name and user.email:
        return f"{name} ({user.email})"
    return name or user.email or user.get_username()


def entry_label(nomination: Nomination) -> str:
    return f"{nomination.reference or _('draft')} – {nomination.council.name}"


def scorecard_of(assignment: Assignment) -> Scorecard | None:
    try:
        return assignment.scorecard
    except ObjectDoesNotExist:
        return None


class RoundAdminView(WagtailAdminTemplateMixin, View):
    """A page about one round, for award staff only."""

    header_icon = "tasks"

    def dispatch(self, request, pk, **kwargs):
        if not can_manage_judging(request.user):
            raise PermissionDenied
        self.round = get_object_or_404(Round.objects.select_related("award"), pk=pk)
        return super().dispatch(request, pk, **kwargs)

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
            feedback_url=reverse("judging_admin:round_feedback", args=[self.round.pk]),
            announce_url=reverse("judging_admin:award_announce", args=[self.round.award_id]),
            **kwargs,
        )
