"""Judges, staff and editors are signed out after 30 minutes without a request; officers are not."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["judge", "staff", "editor"])
def test_privileged_people_are_signed_out_after_thirty_idle_minutes(role, request, client_for):
    user = request.getfixturevalue(role)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for(user)
        assert (
            client.get("/admin/" if role != "judge" else reverse("judging:dashboard")).status_code
            == 200
        )
    path = "/admin/" if role != "judge" else reverse("judging:dashboard")

    # Activity keeps the session alive: 25 minutes, then 25 more.
    with time_machine.travel(start + timedelta(minutes=25), tick=False):
        assert client.get(path).status_code == 200
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert client.get(path).status_code == 200

    with time_machine.travel(start + timedelta(minutes=81), tick=False):
        response = client.get(path)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_officers_stay_signed_in_between_days_of_writing(officer, client_for):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for(officer)
        assert client.get(reverse("awards:nomination_list")).status_code == 200

    with time_machine.travel(start + timedelta(days=3), tick=False):
        response = client.get(reverse("awards:nomination_list"))

    assert response.status_code == 200
