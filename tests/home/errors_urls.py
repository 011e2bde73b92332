"""The site's URLs and error handlers plus views that fail, to see the error pages as a visitor would."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path

from config.urls import handler400, handler403, handler500  # noqa: F401 (Django looks them up here)
from config.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("Something went wrong on the server")


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("broken/", broken),
    path("database-gone/", database_gone),
    path("forbidden/", forbidden),
    *site_urlpatterns,
]
