"""The site's URLs and error handlers plus views that fail, to see the error pages as a visitor would."""

import sqlite3

import psycopg
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.urls import path

from config.urls import handler400, handler403, handler500  # noqa: F401 (Django looks them up here)
from config.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("Something went wrong on the server")


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def database_refuses_the_query(request):
    """A real OperationalError from the database in use that is not an outage: the query is wrong."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE TEMP SEQUENCE kil_never_used")
            cursor.execute("SELECT currval('kil_never_used')")  # SQLSTATE 55000
        else:
            cursor.execute("SELECT * FROM kil_no_such_table")


# What Django raises for the driver's errors: its OperationalError, caused by the driver's own.
DRIVER_ERRORS = {
    "sqlite-locked": "database is locked",
    "sqlite-fts-syntax": 'fts5: syntax error near """',
    "pg-admin-shutdown": psycopg.errors.AdminShutdown("terminating connection"),
    "pg-cannot-connect-now": psycopg.errors.CannotConnectNow("the database system is starting up"),
    "pg-lock-timeout": psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"),
    "pg-serialization": psycopg.errors.SerializationFailure("could not serialize access"),
    "pg-connection-failure": psycopg.errors.ConnectionFailure("connection failure"),
    "pg-lost": psycopg.OperationalError("server closed the connection unexpectedly"),
    "pg-program-limit": psycopg.errors.ProgramLimitExceeded("index row size exceeds maximum"),
    "pg-prerequisite": psycopg.errors.ObjectNotInPrerequisiteState("currval is not yet defined"),
}


def driver_error(request, name):
    error = DRIVER_ERRORS[name]
    if isinstance(error, str):
        error = sqlite3.OperationalError(error)
    raise OperationalError(str(error)) from error


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("broken/", broken),
    path("database-gone/", database_gone),
    path("database-refuses/", database_refuses_the_query),
    path("driver-error/<str:name>/", driver_error),
    path("forbidden/", forbidden),
    *site_urlpatterns,
]
