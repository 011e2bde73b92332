"""The site's URLs plus one that fails, to see the 500 page as a visitor would."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("Something went wrong on the server")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
