"""Judges, staff and editors are signed out after 30 minutes without a request; officers are not."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from judging import services as judging_services
from judging.models import Scorecard
from tests.factories import AwardPageFactory, RoundFactory, assignment, eligible_nomination

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


# --- the idle clock is measured from the last request, exactly ---------------------------------------


def _signed_in_at(client, when) -> bool:
    with time_machine.travel(when, tick=False):
        return client.get(reverse("judging:dashboard")).status_code == 200


def test_a_post_25_seconds_after_a_page_load_is_not_signed_out(judge, client_for, settings):
    """The clock used to restart at most once a minute: with a 70-second limit, a save 25 seconds
    after reading a page could already meet the sign-in page."""
    settings.SESSION_IDLE_TIMEOUT_PRIVILEGED = 70
    award = AwardPageFactory()
    judged = assignment(
        round=RoundFactory(award=award), judge=judge, nomination=eligible_nomination(award=award)
    )
    judged = judging_services.assignment_confirm_no_conflict(assignment=judged, by=judge)
    url = reverse("judging:scorecard", args=[judged.uuid])
    start = timezone.now()
    client = client_for(judge)
    assert _signed_in_at(client, start)
    with time_machine.travel(start + timedelta(seconds=45), tick=False):
        version = client.get(url).context["form"]["version"].value()

    with time_machine.travel(start + timedelta(seconds=70), tick=False):
        response = client.post(url, {"version": version, "overall_comment": "Draft", "save": "1"})

    assert response.status_code == 302
    assert response["Location"] == url
    assert Scorecard.objects.get(assignment=judged).overall_comment == "Draft"


@pytest.mark.parametrize(("idle", "signed_in"), [(69, True), (70, False)])
def test_the_idle_limit_is_counted_from_the_last_request(
    idle, signed_in, judge, client_for, settings
):
    settings.SESSION_IDLE_TIMEOUT_PRIVILEGED = 70
    start = timezone.now()
    client = client_for(judge)
    assert _signed_in_at(client, start)
    last = start + timedelta(seconds=40)
    assert _signed_in_at(client, last)

    assert _signed_in_at(client, last + timedelta(seconds=idle)) is signed_in


def test_asking_how_long_is_left_does_not_restart_the_clock(judge, client_for, settings):
    settings.SESSION_IDLE_TIMEOUT_PRIVILEGED = 70
    start = timezone.now()
    client = client_for(judge)
    assert _signed_in_at(client, start)

    with time_machine.travel(start + timedelta(seconds=50), tick=False):
        status = client.get(reverse("home:session_status"))
    with time_machine.travel(start + timedelta(seconds=71), tick=False):
        after = client.get(reverse("home:session_status"))

    assert status.json() == {"signed_in": True, "seconds_left": 20}
    assert after.status_code == 401
    assert after.json()["signed_in"] is False


def test_stay_signed_in_restarts_the_clock(judge, client_for, settings):
    settings.SESSION_IDLE_TIMEOUT_PRIVILEGED = 70
    start = timezone.now()
    client = client_for(judge)
    assert _signed_in_at(client, start)
    with time_machine.travel(start + timedelta(seconds=60), tick=False):
        assert client.post(reverse("home:stay_signed_in")).json()["seconds_left"] == 70

    assert _signed_in_at(client, start + timedelta(seconds=125))


def test_a_page_tells_site_js_how_long_is_left_and_what_to_warn(judge, client_for, settings):
    settings.SESSION_IDLE_TIMEOUT_PRIVILEGED = 30 * 60
    page = client_for(judge).get(reverse("judging:dashboard")).content.decode()

    assert 'role="alertdialog"' in page
    assert 'data-idle-seconds-left="1800"' in page
    assert 'data-idle-warn-before="300"' in page
    assert "Stay signed in" in page


def test_officers_pages_carry_no_idle_warning(officer, client_for):
    page = client_for(officer).get(reverse("awards:nomination_list")).content.decode()

    assert "data-idle-seconds-left" not in page


def test_a_request_after_the_timeout_is_told_why_it_was_signed_out(judge, client_for, settings):
    settings.SESSION_IDLE_TIMEOUT_PRIVILEGED = 70
    start = timezone.now()
    client = client_for(judge)
    assert _signed_in_at(client, start)

    with time_machine.travel(start + timedelta(seconds=80), tick=False):
        response = client.get(reverse("judging:dashboard"), follow=True)

    assert "You were signed out because you had not done anything for 1 minute." in (
        response.content.decode()
    )
