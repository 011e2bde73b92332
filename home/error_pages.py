"""The page for a request that failed with an exception.

When the database is busy (SQLite locked) or its connection is lost (PostgreSQL restarting), the person
gets a "try again" page with 503, not a 500: every write is one transaction, so nothing was half-saved,
and the next request reconnects (CONN_HEALTH_CHECKS). Django calls handler500 for an exception raised
anywhere in a request, in a view or in a middleware (loading or saving the session), which a
middleware's process_exception would not see: this is the one place that tells the two apart. A
session that cannot be saved on the way out reaches Django as a 400 (SessionInterrupted), so the 400
handler asks the same question.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
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
