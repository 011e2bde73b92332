"""Nothing typed is lost when a session ends (home/held_forms.py): a save that meets an ended session
is held, the person is told and sent to sign in, and the same page then offers their text back once,
unsaved, to them alone."""

import html
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from judging import services as judging_services
from judging.models import Scorecard
from tests.auth import enable_totp, totp_code
from tests.factories import (
    PASSWORD,
    AwardPageFactory,
    NominationFactory,
    RoundFactory,
    assignment,
    council_of,
    eligible_nomination,
    officer_user,
)

pytestmark = pytest.mark.django_db

OVERALL = (
    "A thorough entry. " * 145
).strip()  # about 2,600 characters, as a judge writes while reading


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _sign_in(client, user, *, next_url: str, secret: str | None = None):
    """Email and password (then the authenticator code) through allauth's pages, back to next_url."""
    response = client.post(
        f"{reverse('account_login')}?{urlencode({'next': next_url})}",
        {"login": user.email, "password": PASSWORD},
    )
    assert response.status_code == 302, _text(response)[:2000]
    if secret is not None:
        assert response["Location"].startswith(reverse("mfa_authenticate"))
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response.status_code == 302, _text(response)[:2000]
    assert response["Location"] == next_url
    return client.get(next_url)


# --- 1. a judge idle past the timeout ---------------------------------------------------------------


@pytest.fixture
def judged(judge):
    award = AwardPageFactory()
    opened = assignment(
        round=RoundFactory(award=award), judge=judge, nomination=eligible_nomination(award=award)
    )
    return judging_services.assignment_confirm_no_conflict(assignment=opened, by=judge)


def _full_scorecard(assignment_, version) -> dict:
    data = {"version": version, "overall_comment": OVERALL, "submit": "1"}
    for number, criterion in enumerate(assignment_.round.award.ordered_criteria):
        data[f"score_{criterion.pk}"] = str(number % 6)
        data[f"comment_{criterion.pk}"] = f"Evidence for principle {criterion.principle.number}."
    return data


def test_a_judges_scorecard_posted_after_the_idle_timeout_is_kept_through_sign_in(
    judge, judged, settings
):
    settings.SESSION_IDLE_TIMEOUT_PRIVILEGED = 70
    secret = enable_totp(judge)
    url = reverse("judging:scorecard", args=[judged.uuid])
    start = timezone.now()
    client = Client()
    with time_machine.travel(start, tick=False):
        page = _sign_in(client, judge, next_url=url, secret=secret)
        version = page.context["form"]["version"].value()
        assert page.status_code == 200
    data = _full_scorecard(judged, version)

    with time_machine.travel(start + timedelta(seconds=71), tick=False):
        response = client.post(url, data)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
        sign_in_page = _text(client.get(response["Location"]))
    assert "You were signed out because you had not done anything" in sign_in_page
    assert "What you typed has been kept: sign in to carry on." in sign_in_page

    with time_machine.travel(start + timedelta(seconds=100), tick=False):
        page = _sign_in(client, judge, next_url=url, secret=secret)
        again = client.get(url)

    form = page.context["form"]
    assert "It has not been saved yet" in _text(page)
    for criterion in judged.round.award.ordered_criteria:
        assert form[f"score_{criterion.pk}"].value() == data[f"score_{criterion.pk}"]
        assert form[f"comment_{criterion.pk}"].value() == data[f"comment_{criterion.pk}"]
    assert form["overall_comment"].value() == OVERALL
    assert re.search(r'value="4"[^>]*checked', page.content.decode())
    card = Scorecard.objects.get(assignment=judged)
    assert (card.status, card.overall_comment, card.scores.count()) == ("draft", "", 0)
    # Offered once: the next visit shows what is saved.
    assert again.context["form"]["overall_comment"].value() == ""
    assert "It has not been saved yet" not in _text(again)

    with time_machine.travel(start + timedelta(seconds=110), tick=False):
        submitted = client.post(url, {**data, "version": form["version"].value()})
    assert submitted.status_code == 302
    card.refresh_from_db()
    assert card.status == Scorecard.Status.SUBMITTED
    assert card.overall_comment == OVERALL


# --- 2. an officer whose session was removed ---------------------------------------------------------


@pytest.fixture
def draft(officer):
    return NominationFactory(
        award=AwardPageFactory(), council=council_of(officer), title="Old title", summary=""
    )


def _section_url(nomination, section="about"):
    return reverse("awards:nomination_section", args=[nomination.uuid, section])


def _loaded(client, nomination, section="about") -> tuple[dict, str]:
    page = client.get(_section_url(nomination, section))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    hint = re.search(r'name="kil_form_owner" value="([^"]+)"', page.content.decode())
    return data | {"kil_form_owner": hint.group(1)}, page


def test_an_officers_save_and_come_back_later_after_the_session_was_removed_is_kept(
    officer, draft, client_for
):
    client = client_for(officer)
    data, _page = _loaded(client, draft)
    data |= {"title": "Hubs in every neighbourhood", "summary": "Six hubs.", "later": "1"}
    client.session.delete()  # signed out in another tab, or the session removed

    response = client.post(_section_url(draft), data)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "You were signed out, so nothing was saved. What you typed has been kept" in _text(
        client.get(response["Location"])
    )
    page = _sign_in(client, officer, next_url=_section_url(draft))
    form = page.context["form"]
    assert form["title"].value() == "Hubs in every neighbourhood"
    assert form["summary"].value() == "Six hubs."
    assert "It has not been saved yet" in _text(page)
    draft.refresh_from_db()
    assert draft.title == "Old title"
    # Saving it now is the officer's own save of what they typed, not a conflict.
    saved = client.post(_section_url(draft), data)
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Hubs in every neighbourhood", "Six hubs.")
    assert client.get(_section_url(draft)).context["form"]["title"].value() == draft.title


def test_held_text_is_never_offered_to_someone_else_signing_in_on_that_browser(
    officer, draft, client_for
):
    client = client_for(officer)
    data, _page = _loaded(client, draft)
    client.session.delete()
    client.post(_section_url(draft), data | {"title": "Mine alone", "later": "1"})
    colleague = officer_user(council=draft.council)

    page = _sign_in(client, colleague, next_url=_section_url(draft))

    assert page.context["form"]["title"].value() == "Old title"
    assert "It has not been saved yet" not in _text(page)


def test_files_passwords_and_the_csrf_token_are_never_held(officer, draft, client_for):
    client = client_for(officer)
    data, _page = _loaded(client, draft)
    client.session.delete()

    client.post(
        _section_url(draft),
        data | {"title": "Kept", "password": "secret", "csrfmiddlewaretoken": "x" * 64},
    )

    held = next(iter(client.session["_kil_held_forms"].values()))
    assert held["owner"] == officer.pk
    assert held["fields"]["title"] == ["Kept"]
    assert not {"password", "csrfmiddlewaretoken", "kil_form_owner"} & set(held["fields"])


def test_a_held_partnership_comes_back_with_its_organisations(officer, draft, client_for):
    client = client_for(officer)
    data, page = _loaded(client, draft, "partnership")
    row = page.context["formset"].forms[0]
    data |= {
        "partner-TOTAL_FORMS": "1",
        "partner-INITIAL_FORMS": "0",
        row.add_prefix("name"): "Eastfield Food Bank",
        row.add_prefix("contact_name"): "Sam Patel",
        "partners": "A board with a shared budget.",
    }
    client.session.delete()
    client.post(_section_url(draft, "partnership"), data | {"later": "1"})

    page = _sign_in(client, officer, next_url=_section_url(draft, "partnership"))

    assert page.context["form"]["partners"].value() == "A board with a shared budget."
    assert page.context["formset"].forms[0]["name"].value() == "Eastfield Food Bank"
    assert "Eastfield Food Bank" not in draft.partner_organisations.values_list("name", flat=True)
