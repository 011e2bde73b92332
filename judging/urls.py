from django.urls import path

from . import views

app_name = "judging"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("entries/<uuid:uuid>/", views.scorecard, name="scorecard"),
]
