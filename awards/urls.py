from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.nomination_list, name="nomination_list"),
    path("start/", views.nomination_start, name="nomination_start"),
    path("join/", views.membership_request, name="membership_request"),
    path("team/", views.council_team, name="council_team"),
    path(
        "team/<int:pk>/<str:decision>/",
        views.membership_decide,
        name="membership_decide",
    ),
    path("<uuid:uuid>/", views.nomination_overview, name="nomination_overview"),
    path("<uuid:uuid>/evidence/", views.nomination_evidence, name="nomination_evidence"),
    path(
        "<uuid:uuid>/evidence/<uuid:evidence_uuid>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "<uuid:uuid>/evidence/<uuid:evidence_uuid>/restore/",
        views.evidence_restore,
        name="evidence_restore",
    ),
    path("<uuid:uuid>/check/", views.nomination_check, name="nomination_check"),
    path("<uuid:uuid>/receipt/", views.nomination_receipt, name="nomination_receipt"),
    path("<uuid:uuid>/withdraw/", views.nomination_withdraw, name="nomination_withdraw"),
    path("<uuid:uuid>/reopen/", views.nomination_reopen_withdrawn, name="nomination_reopen"),
    path("<uuid:uuid>/print/", views.nomination_print, name="nomination_print"),
    path(
        "<uuid:uuid>/<slug:section>/",
        views.nomination_section,
        name="nomination_section",
    ),
    path(
        "<uuid:uuid>/<slug:section>/autosave/",
        views.nomination_section_autosave,
        name="nomination_section_autosave",
    ),
    path("evidence/<uuid:uuid>/download/", views.evidence_download, name="evidence_download"),
]
