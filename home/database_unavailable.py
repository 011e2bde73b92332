"""When the database is busy (SQLite locked) or its connection is lost (PostgreSQL restarting), the
person gets a "try again" page with 503, not a 500: every write is one transaction, so nothing was
half-saved, and the next request reconnects (CONN_HEALTH_CHECKS)."""

import logging

from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        from django.http import HttpResponse

        logger.warning(
            "Database unavailable for %s %s: %s", request.method, request.path, exception
        )
        # Rendered without a request or context processors: they would ask the same database.
        response = HttpResponse(render_to_string("database_unavailable.html"), status=503)
        response["Retry-After"] = "5"
        return response
