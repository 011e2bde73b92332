"""A refused request (403) and a form refused by the CSRF check: pages in the site's style that say what
happened, keep the way back, and give a signed-in person's typed text back to copy."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AwardPageFactory, NominationFactory, council_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor(settings):
    settings.DEBUG = False
    return Client(raise_request_exception=False)


def _site_page(content: str) -> bool:
    return 'class="kil-header"' in content and 'class="kil-footer"' in content


@pytest.mark.urls("tests.home.errors_urls")
def test_a_refusal_is_a_site_page_with_a_way_back(visitor):
    response = visitor.get("/forbidden/", HTTP_REFERER="http://testserver/nominations/")

    content = response.content.decode()
    assert response.status_code == 403
    assert "You cannot see this page" in content and _site_page(content)
    assert 'href="http://testserver/nominations/"' in content
    assert "More information is available with DEBUG=True" not in content


def test_a_form_refused_by_the_csrf_check_gives_back_what_was_typed_but_no_password(
    settings, officer
):
    settings.DEBUG = False
    nomination = NominationFactory(
        award=AwardPageFactory(), council=council_of(officer), statements=False
    )
    section = reverse("awards:nomination_section", args=[nomination.uuid, "principle-1"])
    # A token that no longer matches: the person signed in again in another tab.
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)

    response = client.post(
        section,
        {
            "csrfmiddlewaretoken": "x" * 64,
            "version": "3",
            "text": "We moved the early help budget to six neighbourhood hubs.",
            "password": "hunter2-secret",
        },
        HTTP_REFERER=f"http://testserver{section}",
    )

    content = response.content.decode()
    assert response.status_code == 403
    assert "Your form could not be sent" in content and _site_page(content)
    assert "nothing in it was saved" in content
    assert "We moved the early help budget to six neighbourhood hubs.</textarea>" in content
    assert "readonly" in content.split('data-testid="typed-answers"', 1)[1]
    assert "hunter2-secret" not in content
    assert f'href="http://testserver{section}"' in content  # back to the page, loaded afresh
    assert not nomination.statements.exclude(text="").exists()


def test_a_csrf_failure_signed_out_shows_no_form_data_and_no_foreign_link(settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("account_login"),
        {"login": "someone@example.org", "password": "secret"},
        HTTP_REFERER="https://elsewhere.example/phish",
    )

    content = response.content.decode()
    assert response.status_code == 403
    assert "Your form could not be sent" in content
    assert "someone@example.org" not in content and "elsewhere.example" not in content
