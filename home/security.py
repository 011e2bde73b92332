"""Security headers the site sets itself: the Content Security Policy (strict everywhere, with one
exception scoped to the Wagtail admin), the Permissions-Policy, and Cache-Control on personal pages."""

import time

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.cache import patch_cache_control

from .permissions import has_a_role

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


IDLE_MARK = "_kil_idle_clock"


class SessionIdleTimeoutMiddleware:
    """Judges, staff and editors (who can read entries and scores) are signed out after
    SESSION_IDLE_TIMEOUT_PRIVILEGED seconds without a request; officers keep the usual session length.
    Setting the expiry saves the session, which restarts the clock."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and has_a_role(user):
            now = int(time.time())
            # Restart the clock at most once a minute: a session write on every request would cost
            # a query per page for nothing.
            if now - request.session.get(IDLE_MARK, 0) >= 60:
                request.session.set_expiry(settings.SESSION_IDLE_TIMEOUT_PRIVILEGED)
                request.session[IDLE_MARK] = now
        return self.get_response(request)


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
