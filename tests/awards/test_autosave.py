"""Autosave of a nomination section (site.js posts the section's form every 30 seconds): the same form,
the same save and the same conflict check as the section page, answered in JSON."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import AwardPage, PartnerOrganisation
from tests.factories import AwardPageFactory, NominationFactory, council_of, officer_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(officer):
    return NominationFactory(
        award=AwardPageFactory(), council=council_of(officer), title="Old title"
    )


def _autosave_url(nomination, section="about"):
    return reverse("awards:nomination_section_autosave", args=[nomination.uuid, section])


def _loaded(client, nomination, section="about") -> dict:
    """What the section page's form carries when the officer opens it: every field, version, digest."""
    page = client.get(reverse("awards:nomination_section", args=[nomination.uuid, section]))
    form = page.context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_autosave_saves_the_section_and_answers_with_the_new_version(draft, officer, client_for):
    client = client_for(officer)
    data = _loaded(client, draft) | {"title": "Hubs in every neighbourhood", "summary": "Six hubs."}

    response = client.post(_autosave_url(draft), data)

    draft.refresh_from_db()
    answer = response.json()
    assert response.status_code == 200
    assert answer["saved"] is True
    assert answer["version"] == draft.version == data["version"] + 1
    assert answer["digest"] == _loaded(client, draft)["digest"] != data["digest"]
    assert re.fullmatch(
        r"Your answers were saved automatically at \d{1,2}:\d\d[ap]m\.", answer["message"]
    )
    assert (draft.title, draft.summary) == ("Hubs in every neighbourhood", "Six hubs.")


def test_the_officers_own_save_after_an_autosave_is_not_a_conflict(draft, officer, client_for):
    client = client_for(officer)
    data = _loaded(client, draft) | {"title": "Autosaved"}
    answer = client.post(_autosave_url(draft), data).json()

    response = client.post(
        reverse("awards:nomination_section", args=[draft.uuid, "about"]),
        data | {"version": answer["version"], "digest": answer["digest"], "title": "Saved"},
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.title == "Saved"


def test_autosave_of_a_principle_saves_its_statement(draft, officer, client_for):
    client = client_for(officer)
    data = _loaded(client, draft, "principle-3") | {"text": "Local spend up."}

    response = client.post(_autosave_url(draft, "principle-3"), data)

    assert response.status_code == 200
    assert draft.statements.get(criterion__principle__number=3).text == "Local spend up."


def test_autosave_of_the_partnership_saves_its_organisations(draft, officer, client_for):
    client = client_for(officer)
    page = client.get(reverse("awards:nomination_section", args=[draft.uuid, "partnership"]))
    formset = page.context["formset"]
    data = _loaded(client, draft, "partnership") | {
        f"{formset.prefix}-TOTAL_FORMS": "1",
        f"{formset.prefix}-INITIAL_FORMS": "0",
    }
    row = formset.forms[0]
    data |= {row.add_prefix(name): "" for name in row.fields}
    data |= {
        row.add_prefix("name"): "Eastfield Food Bank",
        row.add_prefix("kind"): PartnerOrganisation.Kind.choices[0][0],
        row.add_prefix("contact_name"): "Sam Patel",
        row.add_prefix("contact_email"): "sam@eastfieldfoodbank.org.uk",
    }

    response = client.post(_autosave_url(draft, "partnership"), data)

    assert response.status_code == 200, response.content
    assert list(draft.partner_organisations.values_list("name", flat=True)) == [
        "Eastfield Food Bank"
    ]


def test_autosave_after_a_colleague_changed_the_section_is_refused_and_keeps_their_text(
    draft, officer, client_for
):
    client = client_for(officer)
    data = _loaded(client, draft) | {"title": "Mine"}
    colleague = officer_user(council=draft.council)
    services.nomination_save(
        nomination=draft, by=colleague, version=draft.version, fields={"title": "Colleague's"}
    )

    response = client.post(_autosave_url(draft), data)

    draft.refresh_from_db()
    assert response.status_code == 409
    assert response.json()["saved"] is False
    assert "A colleague saved this section" in response.json()["message"]
    assert draft.title == "Colleague's"


def test_autosave_of_a_draft_over_its_word_limit_saves_every_field(draft, officer, client_for):
    client = client_for(officer)
    too_long = " ".join(["word"] * (draft.award.summary_word_limit + 1))
    data = _loaded(client, draft) | {"title": "New", "summary": too_long}

    response = client.post(_autosave_url(draft), data)

    draft.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert (draft.title, draft.summary) == ("New", too_long)


def test_autosave_of_absurdly_long_text_saves_nothing(draft, officer, client_for):
    from awards.forms import MAX_TEXT_CHARS

    client = client_for(officer)
    data = _loaded(client, draft) | {"title": "New", "summary": "x" * (MAX_TEXT_CHARS + 1)}

    response = client.post(_autosave_url(draft), data)

    draft.refresh_from_db()
    assert response.status_code == 400
    assert response.json()["saved"] is False
    assert draft.title == "Old title"


def test_autosave_after_the_deadline_is_refused(draft, officer, client_for):
    client = client_for(officer)
    data = _loaded(client, draft) | {"title": "Late"}
    AwardPage.objects.filter(pk=draft.award_id).update(
        closes_at=timezone.now() - timedelta(seconds=1)
    )

    response = client.post(_autosave_url(draft), data)

    draft.refresh_from_db()
    assert response.status_code == 409
    assert draft.title == "Old title"


def test_the_declaration_is_never_saved_automatically(draft, officer, client_for):
    client = client_for(officer)
    data = _loaded(client, draft, "declaration")

    response = client.post(_autosave_url(draft, "declaration"), data)

    assert response.status_code == 404


def test_another_councils_officer_gets_a_404(draft, officer, other_officer, client_for):
    data = _loaded(client_for(officer), draft) | {"title": "Not mine"}

    response = client_for(other_officer).post(_autosave_url(draft), data)

    draft.refresh_from_db()
    assert response.status_code == 404
    assert draft.title == "Old title"


def test_autosave_needs_a_post_and_a_signed_in_officer(draft, officer, client_for):
    data = _loaded(client_for(officer), draft) | {"title": "Anonymous"}
    assert client_for(officer).get(_autosave_url(draft)).status_code == 405

    response = Client().post(_autosave_url(draft), data)

    draft.refresh_from_db()
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["saved"] is False
    assert "signed out" in response.json()["message"]
    assert draft.title == "Old title"


def test_autosave_after_the_session_was_removed_says_signed_out_in_json(draft, officer, client_for):
    """Not a redirect to the sign-in page: fetch would follow it and get a 200 HTML form."""
    client = client_for(officer)
    data = _loaded(client, draft) | {"title": "Typed while signed out"}
    client.session.delete()

    response = client.post(_autosave_url(draft), data, HTTP_ACCEPT="application/json")

    draft.refresh_from_db()
    assert response.status_code == 401
    assert response.json()["signed_out"] is True
    assert response.json()["sign_in_url"] == reverse("account_login")
    assert draft.title == "Old title"


def test_autosave_by_someone_who_may_read_but_not_change_it_is_refused_with_403(
    draft, officer, staff, client_for
):
    data = _loaded(client_for(officer), draft)

    response = client_for(staff).post(_autosave_url(draft), data | {"title": "Staff"})

    draft.refresh_from_db()
    assert response.status_code == 403
    assert response.json()["saved"] is False
    assert draft.title == "Old title"
