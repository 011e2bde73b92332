"""The Content Security Policy: strict everywhere, with one exception scoped to the Wagtail admin."""

import time

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

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
