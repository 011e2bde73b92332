"""The site's URLs and error handlers plus views that fail, to see the error pages as a visitor would."""

from django.db import OperationalError
from django.urls import path

from config.urls import handler400, handler500  # noqa: F401 (Django looks them up on this module)
from config.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("Something went wrong on the server")


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


urlpatterns = [path("broken/", broken), path("database-gone/", database_gone), *site_urlpatterns]
