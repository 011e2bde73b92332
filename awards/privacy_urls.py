from django.urls import path

from . import privacy_views

app_name = "privacy"

urlpatterns = [
    path("", privacy_views.your_data, name="your_data"),
    path("download/", privacy_views.download_your_data, name="download"),
    path("delete/", privacy_views.delete_account, name="delete_account"),
]
