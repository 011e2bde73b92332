"""Autosave of a nomination section (site.js posts the section's form every 30 seconds): the same form
and service as the section page, answered in JSON, and refused like it when a colleague saved first."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from awards import services
from tests.factories import AwardPageFactory, NominationFactory, council_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(officer):
    return NominationFactory(
        award=AwardPageFactory(), council=council_of(officer), title="Old title"
    )


def _autosave_url(nomination, section="about"):
    return reverse("awards:nomination_section_autosave", args=[nomination.uuid, section])


def test_autosave_saves_the_section_and_answers_with_the_new_version(draft, officer, client_for):
    response = client_for(officer).post(
        _autosave_url(draft),
        {"version": draft.version, "title": "Hubs in every neighbourhood", "summary": "Six hubs."},
    )

    draft.refresh_from_db()
    answer = response.json()
    assert response.status_code == 200
    assert answer["saved"] is True
    assert answer["version"] == draft.version == 2
    assert re.fullmatch(
        r"Your answers were saved automatically at \d{1,2}:\d\d[ap]m\.", answer["message"]
    )
    assert (draft.title, draft.summary) == ("Hubs in every neighbourhood", "Six hubs.")


def test_autosave_of_a_principle_saves_its_statement(draft, officer, client_for):
    response = client_for(officer).post(
        _autosave_url(draft, "principle-3"), {"version": draft.version, "text": "Local spend up."}
    )

    assert response.status_code == 200
    assert draft.statements.get(criterion__principle__number=3).text == "Local spend up."


def test_autosave_after_a_colleagues_save_is_refused_and_keeps_their_text(
    draft, officer, client_for
):
    loaded_version = draft.version
    colleague = council_of(officer).memberships.first().user
    services.nomination_save(
        nomination=draft, by=colleague, version=loaded_version, fields={"title": "Colleague's"}
    )

    response = client_for(officer).post(
        _autosave_url(draft), {"version": loaded_version, "title": "Mine", "summary": ""}
    )

    draft.refresh_from_db()
    assert response.status_code == 409
    assert response.json()["saved"] is False
    assert "A colleague saved this nomination" in response.json()["message"]
    assert draft.title == "Colleague's"


def test_autosave_of_invalid_text_saves_nothing(draft, officer, client_for):
    too_long = " ".join(["word"] * (draft.award.summary_word_limit + 1))

    response = client_for(officer).post(
        _autosave_url(draft), {"version": draft.version, "title": "New", "summary": too_long}
    )

    draft.refresh_from_db()
    assert response.status_code == 400
    assert response.json()["saved"] is False
    assert draft.title == "Old title"


def test_autosave_after_the_deadline_is_refused(draft, officer, client_for):
    with time_machine.travel(draft.award.closes_at, tick=False):
        response = client_for(officer).post(
            _autosave_url(draft), {"version": draft.version, "title": "Late", "summary": ""}
        )

    draft.refresh_from_db()
    assert response.status_code == 409
    assert draft.title == "Old title"


def test_another_councils_officer_gets_a_404(draft, other_officer, client_for):
    response = client_for(other_officer).post(
        _autosave_url(draft), {"version": draft.version, "title": "Not mine", "summary": ""}
    )

    draft.refresh_from_db()
    assert response.status_code == 404
    assert draft.title == "Old title"


def test_autosave_needs_a_post_and_a_signed_in_officer(draft, officer, client_for):
    assert client_for(officer).get(_autosave_url(draft)).status_code == 405

    response = Client().post(_autosave_url(draft), {"version": draft.version, "title": "Anon"})
    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.title == "Old title"
