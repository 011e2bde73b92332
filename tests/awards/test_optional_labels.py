"""Fields a draft may leave blank but submission needs are not labelled "(optional)"; truly optional ones are."""

import pytest
from django.urls import reverse

from tests.factories import NominationFactory, council_of

pytestmark = pytest.mark.django_db


def test_about_section_marks_only_the_telephone_number_optional(officer, open_award, client_for):
    nomination = NominationFactory(award=open_award, council=council_of(officer))

    response = client_for(officer).get(
        reverse("awards:nomination_section", args=[nomination.uuid, "about"])
    )

    body = response.content.decode()
    assert "Title of your nomination (optional)" not in body
    assert "Summary (optional)" not in body
    assert "Their telephone number (optional)" in body


def test_showcase_filters_do_not_say_optional(client):
    response = client.get("/showcase/")

    assert response.status_code == 200
    assert "(optional)" not in response.content.decode()
