"""SQLite busy during a write: the officer gets a clear "try again" page (503), never a 500, and
nothing is half-saved. (On PostgreSQL the same page answers a lost connection: test_database_lost.)"""

import sqlite3

import pytest
from django.db import connection
from django.urls import reverse

from awards.models import PartnerOrganisation
from tests.factories import NominationFactory, council_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def sqlite_reader():
    """A second connection to the test database reading the nomination tables: in SQLite's shared
    cache, its table locks make any write to them fail with "database table is locked"."""
    if connection.vendor != "sqlite":
        pytest.skip(
            "SQLite's locking; PostgreSQL's lost connections are tested in test_database_lost"
        )
    # The test database: "file:memorydb_default?mode=memory&cache=shared".
    other = sqlite3.connect(
        connection.settings_dict["NAME"], uri=True, isolation_level=None, check_same_thread=False
    )
    yield other
    other.close()


def test_a_locked_database_during_a_save_answers_try_again_and_saves_nothing(
    sqlite_reader, officer, open_award, client_for
):
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    client = client_for(officer)
    # Answer as a real server does: the test client would otherwise re-raise the failure itself.
    client.raise_request_exception = False
    url = reverse("awards:nomination_section", args=[nomination.uuid, "partnership"])
    form = client.get(url).context["form"]
    before = list(PartnerOrganisation.objects.filter(nomination=nomination).values_list("name"))
    sqlite_reader.execute("BEGIN")
    sqlite_reader.execute("SELECT count(*) FROM awards_partnerorganisation").fetchall()
    sqlite_reader.execute("SELECT count(*) FROM awards_nomination").fetchall()

    response = client.post(
        url,
        {
            "version": form.initial["version"],
            "digest": form.initial["digest"],
            "partner-TOTAL_FORMS": "1",
            "partner-INITIAL_FORMS": "0",
            "partners": "A new board",
            "partner-0-name": "Eastfield Food Bank",
            "partner-0-kind": "charity",
            "partner-0-contact_name": "Priya Shah",
            "partner-0-contact_email": "priya@eastfield.org.uk",
            "continue": "1",
        },
    )
    sqlite_reader.execute("COMMIT")

    assert response.status_code == 503
    assert "The service is busy" in response.content.decode()
    assert "has not been saved" in response.content.decode()
    assert (
        list(PartnerOrganisation.objects.filter(nomination=nomination).values_list("name"))
        == before
    )
    nomination.refresh_from_db()
    assert nomination.partners != "A new board"


def test_a_locked_session_table_after_the_view_answers_try_again_not_500(
    sqlite_reader, judge, client_for
):
    client = client_for(judge)
    client.raise_request_exception = False
    sqlite_reader.execute("BEGIN")
    sqlite_reader.execute("SELECT count(*) FROM django_session").fetchall()

    # A judge's request restarts their idle clock: the session is saved on the way out, after the view.
    response = client.get(reverse("judging:dashboard"))
    sqlite_reader.execute("COMMIT")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "The service is busy" in response.content.decode()
    assert client.get(reverse("judging:dashboard")).status_code == 200
