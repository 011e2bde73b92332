from django.urls import path

from .actions import (
    NominationExtendView,
    NominationIneligibleView,
    NominationReinstateView,
    NominationReopenView,
    evidence_restore,
    nomination_create_story,
    nomination_mark_eligible,
)
from .memberships import MembershipDecideView

app_name = "awards_admin"


urlpatterns = [
    path("nominations/<int:pk>/eligible/", nomination_mark_eligible, name="nomination_eligible"),
    path(
        "nominations/<int:pk>/ineligible/",
        NominationIneligibleView.as_view(),
        name="nomination_ineligible",
    ),
    path("nominations/<int:pk>/story/", nomination_create_story, name="nomination_story"),
    path("nominations/<int:pk>/extend/", NominationExtendView.as_view(), name="nomination_extend"),
    path("nominations/<int:pk>/reopen/", NominationReopenView.as_view(), name="nomination_reopen"),
    path(
        "nominations/<int:pk>/reinstate/",
        NominationReinstateView.as_view(),
        name="nomination_reinstate",
    ),
    path(
        "nominations/<int:pk>/evidence/<uuid:evidence_uuid>/restore/",
        evidence_restore,
        name="evidence_restore",
    ),
    path(
        "memberships/<int:pk>/<str:decision>/",
        MembershipDecideView.as_view(),
        name="membership_decide",
    ),
]
