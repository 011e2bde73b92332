from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from wagtail_modeladmin.views import HistoryView

from home.modeladmin import ReadOnlyStaffPermissionHelper
from home.permissions import is_award_staff, is_editor

from ..models import Nomination
from ..permissions import can_mark_eligibility

Status = Nomination.Status


NOMINATION_INDEX_URL = "awards_nomination_modeladmin_index"


NOMINATION_INSPECT_URL = "awards_nomination_modeladmin_inspect"


NOMINATION_HISTORY_URL = "awards_nomination_modeladmin_history"


class NominationPermissionHelper(ReadOnlyStaffPermissionHelper):
    """Staff read every nomination. Editors read winners and highly commended ones, so that they can
    turn them into showcase stories. Nobody creates, edits or deletes nominations here: officers
    write them on the public site and staff act on them through the services."""

    def user_can_list(self, user):
        return is_editor(user)

    def user_can_inspect_obj(self, user, obj):
        if not self.inspect_view_enabled:
            return False
        return is_award_staff(user) or (is_editor(user) and obj.status in Nomination.RECOGNISED)


def nominations_visible_to(user, queryset):
    if is_award_staff(user):
        return queryset
    if is_editor(user):
        return queryset.filter(status__in=Nomination.RECOGNISED)
    return queryset.none()


class StaffOnlyHistoryView(HistoryView):
    """modeladmin's history view checks nothing beyond sign-in; the audit log is staff reading."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)


def _inspect_redirect(nomination):
    return redirect(NOMINATION_INSPECT_URL, nomination.pk)


def _nomination_for_staff(request, pk) -> Nomination:
    if not can_mark_eligibility(request.user):
        raise PermissionDenied
    return get_object_or_404(Nomination.objects.select_related("award", "council"), pk=pk)
