from django.urls import path

from . import views

app_name = "judging"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("conflicts/<int:year>/", views.conflicts, name="conflicts"),
    path("entries/<uuid:uuid>/", views.scorecard, name="scorecard"),
    path("entries/<uuid:uuid>/conflict/", views.entry_conflict, name="entry_conflict"),
    path("entries/<uuid:uuid>/autosave/", views.scorecard_autosave, name="scorecard_autosave"),
    path("feedback/<uuid:uuid>/", views.feedback, name="feedback"),
]
