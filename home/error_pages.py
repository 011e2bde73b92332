"""The page for a request that failed with an exception.

When the database is busy (SQLite locked) or its connection is lost (PostgreSQL restarting), the person
gets a "try again" page with 503, not a 500: every write is one transaction, so nothing was half-saved,
and the next request reconnects (CONN_HEALTH_CHECKS). Django calls handler500 for an exception raised
anywhere in a request, in a view or in a middleware (loading or saving the session), which a
middleware's process_exception would not see: this is the one place that tells the two apart. A
session that cannot be saved on the way out reaches Django as a 400 (SessionInterrupted), so the 400
handler asks the same question.

A refusal (403) and a form refused by the CSRF check get pages in the site's style that say what
happened and how to carry on; a signed-in person's refused form comes back read-only to copy, so that
what they typed is not lost (passwords and codes are never shown back).
"""

import logging
import re
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

logger = logging.getLogger(__name__)


def server_error(request):
    exception = sys.exc_info()[1]
    if _database_unavailable(exception):
        return _try_again(request, exception)
    # Rendered without a request or context processors: they might be what failed.
    return HttpResponseServerError(render_to_string("500.html"))


def bad_request(request, exception):
    if _database_unavailable(exception):
        return _try_again(request, exception)
    return defaults.bad_request(request, exception)


def _database_unavailable(exception) -> bool:
    while exception is not None:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


def _try_again(request, exception):
    logger.warning("Database unavailable for %s %s: %s", request.method, request.path, exception)
    # Rendered without a request or context processors: they would ask the same database.
    response = HttpResponse(render_to_string("database_unavailable.html"), status=503)
    response["Retry-After"] = "5"
    return response


# Never shown back: secrets, one-time codes and the form's own machinery.
SECRET_FIELD = re.compile(r"pass|secret|token|otp|code|key|csrf|^(version|digest)$", re.IGNORECASE)


def _came_from(request) -> str:
    """The page the person was on, on this site only; reloading it gives a fresh form."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _typed_rows(request) -> list[dict]:
    if request.method != "POST" or not getattr(request, "user", None):
        return []
    if not request.user.is_authenticated:
        return []
    rows = []
    for name, values in request.POST.lists():
        if SECRET_FIELD.search(name):
            continue
        for value in values:
            if value.strip() and value not in {"1", "on", "yes", "no"}:
                label = re.sub(r"[-_]+", " ", name).strip().capitalize()
                rows.append({"label": label, "value": value, "long": len(value) > 80})
    return rows


def permission_denied(request, exception):
    return render(request, "403.html", {"came_from": _came_from(request)}, status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: usually a form from before the person signed in or out in another tab."""
    logger.info("CSRF failure for %s %s: %s", request.method, request.path, reason)
    return render(
        request,
        "403_csrf.html",
        {"came_from": _came_from(request), "typed_rows": _typed_rows(request)},
        status=403,
    )
