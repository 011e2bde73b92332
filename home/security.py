"""The Content Security Policy: strict everywhere, with one exception scoped to the Wagtail admin."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

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
