"""One way in. Wagtail routes sign-in, sign-out and password pages of its own (the admin's and the
front end's), built on Django's auth views: they know nothing of two-step sign-in, of unconfirmed
addresses or of throttling. These patterns come before Wagtail's in config/urls.py and answer the
same paths by sending the visitor to allauth's page for the same thing.

The few pages allauth does not throttle itself (its email confirmation link, Wagtail's page and
document privacy passwords) are wrapped here in the same rate limits (settings.ACCOUNT_RATE_LIMITS).
"""

from allauth.account import views as account_views
from allauth.core.internal import ratelimit
from django.http import HttpResponseRedirect
from django.urls import path, re_path, reverse
from django.views.decorators.http import require_http_methods
from wagtail.documents.views import serve as document_views
from wagtail.views import authenticate_with_password


def _to(name: str, *, status: int = 302, keep_query: bool = True):
    def view(request, *args, **kwargs):
        url = reverse(name)
        query = request.META.get("QUERY_STRING", "")
        response = HttpResponseRedirect(f"{url}?{query}" if keep_query and query else url)
        response.status_code = status
        return response

    view.redirects_to = name
    return view


def throttled(view, action: str, *, limit_get: bool = False):
    """`view` behind allauth's rate limit `action` (for POSTs; `limit_get`: GETs too)."""

    def wrapped(request, *args, **kwargs):
        refused = ratelimit.consume_or_429(
            request=request, app="allauth.account", action=action, limit_get=limit_get
        )
        return refused or view(request, *args, **kwargs)

    wrapped.throttled_view = view
    return wrapped


# Signing out of the admin is a POST with the admin's CSRF token: 307 keeps both, so allauth signs
# the person out at once instead of asking again.
sign_out = require_http_methods(["GET", "POST"])(_to("account_logout", status=307))
sign_out.redirects_to = "account_logout"

urlpatterns = [
    path("admin/login/", _to("account_login"), name="wagtailadmin_login"),
    path("admin/logout/", sign_out, name="wagtailadmin_logout"),
    # The form, "done", the emailed link and "complete": allauth's links look different, so an old
    # Wagtail link leads to asking for a new one.
    re_path(
        r"^admin/password_reset/",
        _to("account_reset_password", keep_query=False),
        name="wagtailadmin_password_reset",
    ),
    path("_util/login/", _to("account_login"), name="wagtailcore_login"),
    path(
        "accounts/confirm-email/<str:key>/",
        # GETs too: the page for a valid key shows whose address it is.
        throttled(account_views.confirm_email, "confirm_email_key", limit_get=True),
        name="account_confirm_email",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttled(authenticate_with_password, "page_password"),
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        throttled(document_views.authenticate_with_password, "page_password"),
        name="wagtaildocs_authenticate_with_password",
    ),
]
