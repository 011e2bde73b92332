from allauth.decorators import rate_limit
from django.contrib.auth.decorators import login_required
from django.urls import path

from . import privacy_views

app_name = "privacy"

urlpatterns = [
    path("", privacy_views.your_data, name="your_data"),
    path("download/", privacy_views.download_your_data, name="download"),
    # It asks for the password: throttled like allauth's password change.
    path(
        "delete/",
        login_required(rate_limit(action="change_password")(privacy_views.delete_account)),
        name="delete_account",
    ),
]
