"""Wagtail admin glue for nominations, a module per concern: who may see what in modeladmin
(common), the nominations listing with its counts and export (index), one nomination (inspect), the
action views behind its buttons (actions), and council memberships.

Every change of state goes through awards.services; these views only read, validate input and
report."""

from home.modeladmin import ReadOnlyStaffPermissionHelper, StaffOnlyPermissionHelper

from .common import NominationPermissionHelper, StaffOnlyHistoryView, nominations_visible_to
from .index import NominationIndexView, RegionFilter
from .inspect import NominationInspectView
from .memberships import MembershipInspectView
from .urls import app_name, urlpatterns

__all__ = [
    "MembershipInspectView",
    "NominationIndexView",
    "NominationInspectView",
    "NominationPermissionHelper",
    "ReadOnlyStaffPermissionHelper",
    "RegionFilter",
    "StaffOnlyHistoryView",
    "StaffOnlyPermissionHelper",
    "app_name",
    "nominations_visible_to",
    "urlpatterns",
]
