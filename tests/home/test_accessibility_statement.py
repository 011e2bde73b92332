"""The accessibility statement every site starts with (home/migrations/0004_accessibility_statement)."""

import pytest
from django.test import Client

from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_the_statement_is_a_live_page_under_home_at_accessibility():
    statement = StandardPage.objects.get(slug="accessibility")
    assert statement.live
    assert statement.get_parent().specific_class is HomePage
    assert statement.url == "/accessibility/"
    # The tree stays consistent: treebeard's child count matches the children.
    home = HomePage.objects.get()
    assert home.numchild == home.get_children().count()


def test_the_statement_says_what_a_public_body_statement_must_say():
    response = Client().get("/accessibility/")
    text = response.content.decode()
    assert response.status_code == 200
    for required in [
        "Web Content Accessibility Guidelines version 2.2",
        "partially compliant",
        "How we tested this website",
        "axe-core",
        "keyboard alone",
        "JavaScript switched off",
        "mailto:keepitlocal@locality.org.uk",
        "Equality and Human Rights Commission (EHRC)",
        "Equality Advisory and Support Service",
        "Equality Commission for Northern Ireland",
        "This statement was prepared on",
    ]:
        assert required in text, required
