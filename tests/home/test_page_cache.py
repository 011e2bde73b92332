"""The anonymous page cache (home/cache.py): public pages come from the cache for visitors who are not
signed in; nothing is stored or served for a signed-in user; publishing clears it."""

import pytest
from django.core.cache import caches

from home.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    settings.CACHE_MIDDLEWARE_ALIAS = "pages"
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    settings.CACHE_MIDDLEWARE_KEY_PREFIX = "test"
    settings.MIDDLEWARE = [
        "home.cache.AnonymousUpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "home.cache.AnonymousFetchFromCacheMiddleware",
    ]
    yield caches["pages"]
    caches["pages"].clear()


def test_an_anonymous_visitor_is_served_from_the_cache(
    page_cache, client, django_assert_num_queries
):
    client.get("/")

    with django_assert_num_queries(0):
        response = client.get("/")

    assert response.status_code == 200
    assert "Sign out" not in response.content.decode()


def test_a_signed_in_officer_is_never_cached_nor_served_the_cached_page(
    page_cache, client, officer, client_for
):
    signed_in = client_for(officer)
    signed_in.get("/")
    response = signed_in.get("/")
    anonymous = client.get("/")

    assert "Sign out" in response.content.decode()
    assert "Sign out" not in anonymous.content.decode()
    assert "csrfmiddlewaretoken" not in anonymous.content.decode()


def test_publishing_a_change_clears_the_cache(
    page_cache, client, django_capture_on_commit_callbacks
):
    client.get("/")
    home = HomePage.objects.get()
    home.title = "Keep it Local: the winners"
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()

    response = client.get("/")

    assert "Keep it Local: the winners" in response.content.decode()
