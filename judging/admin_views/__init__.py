"""Wagtail admin glue for judging: permissions and buttons for the round listing, the "Manage round"
page (assignments, conflicts, allocation), the results page (ranking, agreement, leniency, exports,
shortlisting and decisions), the feedback page (comments to share, release) and announcing an
award's results.

Every write goes through judging.services; these views only read, validate input and report."""

from django.urls import path

from .announce import AwardAnnounceView
from .common import (
    RoundButtonHelper,
    RoundPermissionHelper,
    entry_label,
    judge_label,
)
from .feedback import RoundFeedbackView
from .results import RoundExportView, RoundResultsView, RoundShortlistView
from .rounds import (
    AssignmentRemoveView,
    AssignmentRestoreView,
    RoundAllocateView,
    RoundManageView,
    ScorecardReopenView,
)

__all__ = [
    "RoundButtonHelper",
    "RoundPermissionHelper",
    "app_name",
    "entry_label",
    "judge_label",
    "urlpatterns",
]

app_name = "judging_admin"
urlpatterns = [
    path("rounds/<int:pk>/manage/", RoundManageView.as_view(), name="round_manage"),
    path("rounds/<int:pk>/manage/allocate/", RoundAllocateView.as_view(), name="round_allocate"),
    path(
        "rounds/<int:pk>/assignments/<int:assignment_pk>/remove/",
        AssignmentRemoveView.as_view(),
        name="assignment_remove",
    ),
    path(
        "rounds/<int:pk>/assignments/<int:assignment_pk>/restore/",
        AssignmentRestoreView.as_view(),
        name="assignment_restore",
    ),
    path(
        "rounds/<int:pk>/assignments/<int:assignment_pk>/reopen/",
        ScorecardReopenView.as_view(),
        name="scorecard_reopen",
    ),
    path("rounds/<int:pk>/results/", RoundResultsView.as_view(), name="round_results"),
    path("rounds/<int:pk>/results/export/", RoundExportView.as_view(), name="round_export"),
    path(
        "rounds/<int:pk>/results/shortlist/", RoundShortlistView.as_view(), name="round_shortlist"
    ),
    path("rounds/<int:pk>/feedback/", RoundFeedbackView.as_view(), name="round_feedback"),
    path("awards/<int:award_pk>/announce/", AwardAnnounceView.as_view(), name="award_announce"),
]
