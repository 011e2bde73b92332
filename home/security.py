"""Security headers the site sets itself: the Content Security Policy (strict everywhere, with one
exception scoped to the Wagtail admin), the Permissions-Policy, and Cache-Control on personal pages."""

import time
from functools import cache

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .permissions import is_privileged

# Wagtail 8's admin writes inline <script> for its date and time pickers and inline panels, and style
# attributes in its markup (tests/home/test_security.py lists what Chromium refused without this).
ADMIN_POLICY_UPDATE = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        admin_prefix = getattr(settings, "CSP_ADMIN_PATH_PREFIX", "/admin/")
        if request.path_info.startswith(admin_prefix) and parts.update is None:
            parts.update = ADMIN_POLICY_UPDATE
        return parts


IDLE_MARK = "_kil_last_seen"
# A request this soon after the last one recorded does not write the session again (an autosave just
# after a page load, a page's images and scripts): it would cost a query for almost no time.
IDLE_CLOCK_RESOLUTION = 5
# The session itself outlives the idle limit, so that a request after it is still recognised: the
# person is told they were signed out, and what they posted is kept for them (home/held_forms.py).
IDLE_SESSION_GRACE = 8 * 3600


def idle_limit_text() -> str:
    """The idle limit in words: "30 minutes"."""
    minutes = max(1, round(settings.SESSION_IDLE_TIMEOUT_PRIVILEGED / 60))
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}


@cache
def _status_path() -> str:
    return reverse("home:session_status")


def idle_seconds_left(request) -> int | None:
    """Seconds before this person is signed out for inactivity, or None if no idle limit applies."""
    return getattr(request, "kil_idle_seconds_left", None)


class SessionIdleTimeoutMiddleware:
    """Judges, staff and editors (who can read entries and scores) are signed out after
    SESSION_IDLE_TIMEOUT_PRIVILEGED seconds without a request, measured from their last request;
    officers keep the usual session length.

    The time of the last request is kept in the session and checked here, not left to the session's
    own expiry (which a write restarts). It is written when it has moved on by more than
    IDLE_CLOCK_RESOLUTION seconds; a page learns how long it has left (idle_seconds_left) from the
    same figure, so its warning and the server agree. Asking how long is left (home:session_status)
    is not activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        timed_out = False
        if user is not None and is_privileged(user):
            timeout = settings.SESSION_IDLE_TIMEOUT_PRIVILEGED
            now = time.time()
            last_seen = request.session.get(IDLE_MARK)
            if last_seen is not None and now - last_seen >= timeout:
                request.kil_signed_out_user_id = user.pk
                logout(request)
                timed_out = True
            elif request.path_info == _status_path() and last_seen is not None:
                request.kil_idle_seconds_left = max(0, int(last_seen + timeout - now))
            else:
                if last_seen is None or now - last_seen > IDLE_CLOCK_RESOLUTION:
                    request.session[IDLE_MARK] = last_seen = now
                    request.session.set_expiry(timeout + IDLE_SESSION_GRACE)
                request.kil_idle_seconds_left = max(0, int(last_seen + timeout - now))
        response = self.get_response(request)
        if (
            timed_out
            and not getattr(request, "kil_form_held", False)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            messages.info(
                request,
                _(
                    "You were signed out because you had not done anything for %(time)s. Sign in "
                    "again to carry on."
                )
                % {"time": idle_limit_text()},
            )
        return response


# Browser features the site never uses, denied to it and to anything it could ever embed. Only
# features Chromium and Firefox recognise: an unknown name (FLoC's interest-cohort, retired for
# browsing-topics) is reported as an error in every page's console.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PrivateResponseMiddleware:
    """Every response gets the Permissions-Policy. A response made for one browser (the request
    carries a session or a pending message, or the response sets a cookie: a signed-in page, a
    nomination, a judge's scores, an evidence download) is marked `private, no-store`, so that
    neither a shared proxy nor the browser's own cache keeps a copy after sign-out. A public page
    served to an anonymous visitor carries no such cookie and stays cacheable (home/cache.py).
    Static files are the same for everyone, whoever asks."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.shared_prefixes = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if self._for_one_browser(request, response) and not request.path.startswith(
            self.shared_prefixes
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _for_one_browser(request, response) -> bool:
        cookies = request.COOKIES
        return bool(
            settings.SESSION_COOKIE_NAME in cookies
            or CookieStorage.cookie_name in cookies
            or response.cookies
        )
