"""Judges, award staff and editors must have set up an authenticator app and used it in this
session before any entry or admin page is served (home.mfa.MfaRequiredMiddleware)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.auth import enable_totp, sign_in_with_totp, totp_code
from tests.factories import (
    PASSWORD,
    RoundFactory,
    assignment,
    eligible_nomination,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged_entry(judge, open_award):
    nomination = eligible_nomination(award=open_award)
    assignment(
        round=RoundFactory(award=open_award), judge=judge, nomination=nomination, opened=True
    )
    return nomination


def _their_pages(role, nomination):
    evidence = reverse("awards:evidence_download", args=[nomination.evidence.get().uuid])
    if role == "judge":
        scorecard = reverse("judging:scorecard", args=[nomination.assignments.get().uuid])
        return [reverse("judging:dashboard"), scorecard, evidence]
    admin = [reverse("wagtailadmin_home"), reverse("awards_nomination_modeladmin_index")]
    return [*admin, evidence] if role == "staff" else admin


@pytest.mark.parametrize("role", ["judge", "staff", "editor"])
def test_without_a_second_factor_they_are_sent_to_set_one_up(
    role, request, judged_entry, client_for
):
    client = client_for(request.getfixturevalue(role), mfa=False)

    for url in _their_pages(role, judged_entry):
        response = client.get(url)

        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url


def test_with_an_app_but_a_session_without_it_they_are_asked_for_the_code(
    judge, judged_entry, client_for
):
    enable_totp(judge)
    client = client_for(judge, mfa=False)

    response = client.get(reverse("judging:dashboard"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fjudging%2F"


def test_signing_in_with_password_and_code_lets_a_judge_through(judge, judged_entry):
    secret = enable_totp(judge)
    client = Client()

    response = sign_in_with_totp(client, judge, secret)

    assert response.status_code == 302
    dashboard = client.get(reverse("judging:dashboard"))
    assert dashboard.status_code == 200
    assert judged_entry.reference in dashboard.content.decode()


def test_a_wrong_code_does_not_let_a_judge_through(judge, judged_entry):
    secret = enable_totp(judge)
    client = Client()
    client.post(reverse("account_login"), {"login": judge.email, "password": PASSWORD})

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, offset=5)})

    assert response.status_code == 200  # the code form again, with an error
    dashboard = client.get(reverse("judging:dashboard"))
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith(reverse("account_login"))


def test_staff_signed_in_with_a_code_reach_the_admin(staff):
    secret = enable_totp(staff)
    client = Client()

    sign_in_with_totp(client, staff, secret)

    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(reverse("judging_round_modeladmin_index")).status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_setting_up_the_app_counts_as_using_it(judge, judged_entry):
    # A real commit: allauth announces the new authenticator after commit, inside the request.
    client = Client()
    client.post(reverse("account_login"), {"login": judge.email, "password": PASSWORD})
    assert client.get(reverse("judging:dashboard"))["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before an authenticator is added.
    reauthenticate = client.get(reverse("mfa_activate_totp"))
    assert reauthenticate["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reauthenticate["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=judge, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("judging:dashboard")).status_code == 200


def test_council_officers_need_no_second_factor(officer, client_for):
    response = client_for(officer).get(reverse("awards:nomination_list"))

    assert response.status_code == 200


def test_public_pages_need_no_second_factor_even_for_judges(judge, client_for):
    response = client_for(judge, mfa=False).get("/")

    assert response.status_code == 200


def test_signing_out_of_the_admin_needs_no_second_factor(staff, client_for):
    client = client_for(staff, mfa=False)

    response = client.post(reverse("wagtailadmin_logout"), follow=True)

    assert response.redirect_chain[0] == (reverse("account_logout"), 307)
    assert "_auth_user_id" not in client.session
