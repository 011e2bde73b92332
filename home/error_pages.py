"""The page for a request that failed with an exception.

When the database is busy (SQLite locked) or its connection is lost (PostgreSQL restarting), the person
gets a "try again" page with 503, not a 500: every write is one transaction, so nothing was half-saved,
and the next request reconnects (CONN_HEALTH_CHECKS). Django calls handler500 for an exception raised
anywhere in a request, in a view or in a middleware (loading or saving the session), which a
middleware's process_exception would not see: this is the one place that tells the two apart. A
session that cannot be saved on the way out reaches Django as a 400 (SessionInterrupted), so the 400
handler asks the same question. Only an outage is a 503: any other database error (a full-text query
the database refused, say) is a bug, logged by Django and answered with the 500 page.

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
        if _is_outage(exception):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


# PostgreSQL's SQLSTATEs for a server that is gone, going, starting or too busy to answer now: the
# same request a moment later would work. Any other database error (a query the server refused, bad
# input) is a bug to log and fix, so it gets the 500 page.
_RETRY_SQLSTATE_CLASSES = {"08"}  # connection exception
_RETRY_SQLSTATES = {
    "57P01",  # admin_shutdown (terminated, failover, restart)
    "57P02",  # crash_shutdown
    "57P03",  # cannot_connect_now (starting up, shutting down)
    "57P05",  # idle_session_timeout
    "53300",  # too_many_connections
    "55P03",  # lock_not_available (lock_timeout)
    "57014",  # query_canceled (statement_timeout)
    "40001",  # serialization_failure
    "40P01",  # deadlock_detected
}
# Without an SQLSTATE (SQLite, or a PostgreSQL connection that failed before the server answered),
# the driver's message is all there is.
_RETRY_MESSAGES = (
    "database is locked",
    "database table is locked",
    "database schema is locked",
    "unable to open database file",
    "connection refused",
    "connection failed",
    "connection timed out",
    "connection is closed",
    "connection is lost",
    "connection already closed",
    "server closed the connection",
    "could not connect",
    "terminating connection",
    "no connection to the server",
    "the database system is",
    "could not receive data",
    "could not send data",
    "ssl syscall error",
    "timeout expired",
)


def _is_outage(exception) -> bool:
    if isinstance(exception, InterfaceError):
        return True  # Django's own: the connection it holds is closed or unusable
    if not isinstance(exception, OperationalError):
        return False
    driver_error = exception.__cause__ if exception.__cause__ is not None else exception
    sqlstate = getattr(driver_error, "sqlstate", None) or getattr(driver_error, "pgcode", None)
    if sqlstate:
        return sqlstate[:2] in _RETRY_SQLSTATE_CLASSES or sqlstate in _RETRY_SQLSTATES
    message = str(driver_error).lower()
    return any(text in message for text in _RETRY_MESSAGES)


def _try_again(request, exception):
    logger.warning("Database unavailable for %s %s: %s", request.method, request.path, exception)
    # Rendered without a request or context processors: they would ask the same database.
    response = HttpResponse(render_to_string("database_unavailable.html"), status=503)
    response["Retry-After"] = "5"
    return response


# Never shown back: secrets, one-time codes and the form's own machinery.
SECRET_FIELD = re.compile(r"pass|secret|token|otp|code|key|csrf|^(version|digest)$", re.IGNORECASE)


def came_from(request) -> str:
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
    return render(request, "403.html", {"came_from": came_from(request)}, status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: usually a form from before the person signed in or out in another tab."""
    logger.info("CSRF failure for %s %s: %s", request.method, request.path, reason)
    return render(
        request,
        "403_csrf.html",
        {"came_from": came_from(request), "typed_rows": _typed_rows(request)},
        status=403,
    )
