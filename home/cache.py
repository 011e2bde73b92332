"""Whole-page caching for anonymous visitors: the public pages (home, awards, showcase) are the same for
everyone who is not signed in, and deadline day brings crowds to them while officers save and submit.

Django's cache middleware does the work (key by URL and the response's Vary headers, skip anything that
sets a cookie, respect Cache-Control: private); these subclasses narrow it to requests that carry no
session and no pending message, so nothing personal, no CSRF token and no "saved" banner is ever stored
or served. Publishing clears the cache (home.apps connects the signals), so readers never wait for the
timeout to see a change.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control

PAGE_CACHE_ALIAS = "pages"


def _anonymous_request(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
    )


_next_change_providers = []


def register_next_change(provider) -> None:
    """`provider()` says when a public page next changes by the clock alone, with nothing saved (an
    award's results announced at the ceremony), or None. Nothing cached outlives that moment."""
    _next_change_providers.append(provider)


def cache_seconds(default: int) -> int:
    """How long something cached now may be kept: `default`, or less if a change is due sooner
    (0: do not cache it at all)."""
    if not default or not _next_change_providers:
        return default
    now = timezone.now()
    due = [at for at in (provider() for provider in _next_change_providers) if at is not None]
    if not due:
        return default
    return max(0, min(default, int((min(due) - now).total_seconds())))


class AnonymousUpdateCacheMiddleware(UpdateCacheMiddleware):
    def process_response(self, request, response):
        if get_max_age(response) is None and self._should_update_cache(request, response):
            seconds = cache_seconds(self.cache_timeout)
            if seconds < self.cache_timeout:
                patch_cache_control(response, max_age=seconds)
        return super().process_response(request, response)

    def _should_update_cache(self, request, response):
        user = getattr(request, "user", None)
        return (
            super()._should_update_cache(request, response)
            and _anonymous_request(request)
            and (user is None or not user.is_authenticated)
            and not response.cookies
            # A form's CSRF token: even keyed by the visitor's own cookie, never stored.
            and not request.META.get("CSRF_COOKIE_USED")
        )


class AnonymousFetchFromCacheMiddleware(FetchFromCacheMiddleware):
    def process_request(self, request):
        if not _anonymous_request(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)


FRAGMENT_CACHE_ALIAS = "fragments"


def clear_public_caches(**kwargs):
    """Forget every cached public page and fragment: something they show has changed."""
    for alias in (PAGE_CACHE_ALIAS, FRAGMENT_CACHE_ALIAS):
        if alias in settings.CACHES:
            caches[alias].clear()


def clear_public_caches_on_commit(**kwargs):
    # After the change is committed: a reader in between would otherwise cache the old version again.
    transaction.on_commit(clear_public_caches)
