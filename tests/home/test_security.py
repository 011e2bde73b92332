"""Cache-Control and Permissions-Policy (home/security.py), through HTTP: every answer to a signed-in
person is `private, no-store`, every answer carries the Permissions-Policy, and the public pages an
anonymous visitor reads stay cacheable (and are cached: home/cache.py)."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from tests.security.test_permission_matrix import settings_cookie_changed
from tests.security.urls import fill, project_patterns
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

DENIED = (
    "camera=()",
    "microphone=()",
    "geolocation=()",
    "payment=()",
    "usb=()",
    "browsing-topics=()",
)
SIGNED_IN_ROLES = ("officer_a", "judge_assigned", "staff")


def _private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def _denies_features(response) -> bool:
    policy = response.get("Permissions-Policy", "")
    return all(feature in policy for feature in DENIED)


@pytest.fixture
def world(db):
    return build_world()


def _personal_urls(world) -> dict[str, list[str]]:
    nomination, evidence = world.nomination_a, world.evidence_a
    return {
        "officer_a": [
            reverse("awards:nomination_list"),
            reverse("awards:council_team"),
            reverse("awards:nomination_overview", args=[nomination.uuid]),
            reverse("awards:nomination_check", args=[nomination.uuid]),
            reverse("awards:nomination_receipt", args=[nomination.uuid]),
            reverse("awards:nomination_print", args=[nomination.uuid]),
            reverse("awards:evidence_download", args=[evidence.uuid]),
            reverse("privacy:your_data"),
        ],
        "judge_assigned": [
            reverse("judging:dashboard"),
            reverse("judging:scorecard", args=[world.assignment_a.uuid]),
            reverse("judging:conflicts", args=[world.award.year]),
        ],
        "staff": ["/admin/", reverse("awards_nomination_modeladmin_index")],
    }


def test_the_pages_with_personal_or_nomination_data_are_private_and_never_stored(world):
    for role, paths in _personal_urls(world).items():
        client = world.client(role)
        for path in paths:
            response = client.get(path)
            # A submitted nomination's overview and check page send its owner on to the receipt.
            assert response.status_code in (200, 302), (role, path, response.status_code)
            assert _private(response), (role, path, response.get("Cache-Control"))
            assert _denies_features(response), (role, path)
    # The download of everything held about you is a POST (a file with your personal data).
    response = world.client("officer_a").post(reverse("privacy:download"))
    assert response.status_code == 200 and _private(response)


def test_every_answer_to_a_signed_in_person_is_private_whatever_the_url(world):
    targets = [fill(pattern, world) for pattern in project_patterns()]
    targets = [path for path in targets if path] + [page.url for page in world.pages.values()]
    failures = []
    for role in SIGNED_IN_ROLES:
        client = world.client(role)
        for path in targets:
            response = client.get(path)
            if not _private(response) or not _denies_features(response):
                failures.append(
                    f"GET {path} as {role}: {response.status_code} {response.get('Cache-Control')!r}"
                )
            if settings_cookie_changed(response):
                client = world.client(role)
    assert failures == [], "\n".join(failures)


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hdrs"},
    }
    settings.CACHE_MIDDLEWARE_ALIAS = "pages"
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    settings.CACHE_MIDDLEWARE_KEY_PREFIX = "headers"
    settings.MIDDLEWARE = [
        "home.cache.AnonymousUpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "home.cache.AnonymousFetchFromCacheMiddleware",
    ]
    yield caches["pages"]
    caches["pages"].clear()


def test_public_pages_for_an_anonymous_visitor_stay_cacheable_and_are_cached(world, page_cache):
    visitor = Client()
    for page in world.pages.values():
        if not page.live:
            continue
        response = visitor.get(page.url)
        assert response.status_code == 200, page.url
        assert "private" not in response.get("Cache-Control", ""), page.url
        assert "no-store" not in response.get("Cache-Control", ""), page.url
        assert "max-age=60" in response["Cache-Control"], page.url
        assert _denies_features(response), page.url
        again = visitor.get(page.url)
        assert _denies_features(again), page.url  # the cached copy carries the policy too
    assert page_cache._cache  # something was stored


def test_the_permissions_policy_is_on_every_answer_anonymous_or_not(world, client):
    for path in ("/", "/no-such-page/", "/api/v2/pages/", reverse("account_login"), "/admin/"):
        assert _denies_features(client.get(path)), path
    assert not _private(client.get("/"))
    assert _private(client.get(reverse("account_login")))  # it sets a CSRF cookie for one browser
