"""Which failures get the "service is busy, try again" page (503) and which the 500 page: only a
database that is gone, going or too busy to answer now is an outage; anything else is a bug."""

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.home.errors_urls")]


@pytest.fixture
def visitor(settings):
    """A client answered as a production server answers: DEBUG off, failures turned into pages."""
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def test_a_query_the_database_refuses_is_a_500_not_the_busy_page(visitor):
    response = visitor.get("/database-refuses/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "Retry-After" not in response


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("sqlite-locked", 503),
        ("pg-admin-shutdown", 503),
        ("pg-cannot-connect-now", 503),
        ("pg-lock-timeout", 503),
        ("pg-serialization", 503),
        ("pg-connection-failure", 503),
        ("pg-lost", 503),
        ("sqlite-fts-syntax", 500),
        ("pg-program-limit", 500),
        ("pg-prerequisite", 500),
    ],
)
def test_the_drivers_error_decides_between_busy_and_500(visitor, name, status):
    response = visitor.get(f"/driver-error/{name}/")

    assert response.status_code == status
    assert ("Retry-After" in response) == (status == 503)
