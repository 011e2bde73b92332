"""Accounts with allauth: sign up with a work email, verify it, and join a council by its registered
domain, or ask to join and be approved by a colleague or the award team."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from awards.memberships import council_for_email
from awards.models import CouncilMembership
from tests.factories import PASSWORD, CouncilFactory, UserFactory, officer_user

pytestmark = pytest.mark.django_db
User = get_user_model()
APPROVED = CouncilMembership.Status.APPROVED
REQUESTED = CouncilMembership.Status.REQUESTED


def sign_up(client: Client, email: str):
    return client.post(
        reverse("account_signup"),
        {
            "first_name": "Jo",
            "last_name": "Bloggs",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def verify(client: Client, mailoutbox) -> None:
    link = confirmation_link(mailoutbox[-1])
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302


def test_sign_up_with_a_registered_domain_joins_the_council_once_verified(client, mailoutbox):
    council = CouncilFactory(name="Kirklees Council", email_domains="kirklees.gov.uk")

    response = sign_up(client, "jo.bloggs@kirklees.gov.uk")

    assert response.status_code == 302
    user = User.objects.get(email="jo.bloggs@kirklees.gov.uk")
    assert (user.first_name, user.last_name) == ("Jo", "Bloggs")
    # Not a member until the address is proven: anyone can type someone else's work address.
    assert not CouncilMembership.objects.filter(user=user).exists()
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1

    verify(client, mailoutbox)

    membership = CouncilMembership.objects.get(user=user)
    assert (membership.council, membership.status) == (council, APPROVED)
    assert ModelLogEntry.objects.filter(
        action="awards.membership.domain", object_id=str(membership.pk)
    ).exists()
    signed_in = Client()
    assert signed_in.login(email="jo.bloggs@kirklees.gov.uk", password=PASSWORD)
    page = signed_in.get(reverse("awards:nomination_list"))
    assert list(page.context["councils"]) == [council]


def test_an_unverified_address_cannot_sign_in(client, mailoutbox):
    CouncilFactory(email_domains="kirklees.gov.uk")
    sign_up(client, "jo@kirklees.gov.uk")

    fresh = Client()
    response = fresh.post(
        reverse("account_login"), {"login": "jo@kirklees.gov.uk", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in fresh.session


def test_subdomains_join_and_a_shared_domain_joins_nobody():
    kirklees = CouncilFactory(email_domains="kirklees.gov.uk\n@kirklees.nhs.uk")
    CouncilFactory(email_domains="shared.example")
    CouncilFactory(email_domains="shared.example")

    assert council_for_email("a@social.kirklees.gov.uk") == kirklees
    assert council_for_email("a@KIRKLEES.NHS.UK") == kirklees
    assert council_for_email("a@notkirklees.gov.uk") is None
    assert council_for_email("a@shared.example") is None
    assert council_for_email("a@gov.uk") is None


def test_a_council_registering_its_domain_later_lets_its_officers_in_at_next_sign_in(client):
    user = UserFactory(email="sam@wakefield.gov.uk")
    council = CouncilFactory(email_domains="wakefield.gov.uk")

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302

    assert CouncilMembership.objects.get(user=user, council=council).status == APPROVED


def test_without_a_registered_domain_a_colleague_approves_the_request(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    council = CouncilFactory(name="West Yorkshire ICB", kind="icb", email_domains="")
    colleague = officer_user(council=council)
    outsider = officer_user()
    sign_up(client, "ash@nhs.example")
    verify(client, mailoutbox)
    user = User.objects.get(email="ash@nhs.example")
    assert not CouncilMembership.objects.filter(user=user).exists()
    mailoutbox.clear()
    assert client.login(email="ash@nhs.example", password=PASSWORD)

    form_page = client.get(reverse("awards:membership_request"))
    assert form_page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("awards:membership_request"),
            {"council": council.pk, "message": "I lead the ICB's community partnerships."},
        )

    assert response.status_code == 302
    membership = CouncilMembership.objects.get(user=user, council=council)
    assert membership.status == REQUESTED
    # One message each, so that the colleague and the award team see only their own address.
    assert sorted(m.to[0] for m in mailoutbox if len(m.to) == 1) == sorted(
        [colleague.email, *settings.AWARD_STAFF_EMAILS]
    )
    assert "ash@nhs.example" in mailoutbox[0].subject
    assert settings.WAGTAILADMIN_BASE_URL + reverse("awards:council_team") in mailoutbox[0].body
    assert (
        "waiting for a colleague" in client.get(reverse("awards:nomination_list")).content.decode()
    )
    # A requested membership gives no access yet.
    assert client.get(reverse("awards:council_team")).status_code == 302

    decide_url = reverse("awards:membership_decide", args=[membership.pk, "approve"])
    outsider_client = Client()
    outsider_client.force_login(outsider)
    assert outsider_client.post(decide_url).status_code == 404
    assert CouncilMembership.objects.get(pk=membership.pk).status == REQUESTED

    mailoutbox.clear()
    colleague_client = Client()
    colleague_client.force_login(colleague)
    team = colleague_client.get(reverse("awards:council_team"))
    assert "ash@nhs.example" in team.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        colleague_client.post(decide_url)

    membership.refresh_from_db()
    assert membership.status == APPROVED
    assert membership.decided_by == colleague
    assert [m.to for m in mailoutbox] == [["ash@nhs.example"]]
    assert ModelLogEntry.objects.filter(
        action="awards.membership.approve", object_id=str(membership.pk), user=colleague
    ).exists()


def test_award_staff_approve_or_decline_requests_in_the_admin(staff, client_for):
    council = CouncilFactory()
    first = CouncilMembership.objects.create(user=UserFactory(), council=council, status=REQUESTED)
    second = CouncilMembership.objects.create(user=UserFactory(), council=council, status=REQUESTED)
    client = client_for(staff)

    listing = client.get(
        reverse("awards_councilmembership_modeladmin_index"), {"status": "requested"}
    )
    assert first.user.email in listing.content.decode()
    inspect = client.get(reverse("awards_councilmembership_modeladmin_inspect", args=[first.pk]))
    assert "Approve" in inspect.content.decode()
    client.post(reverse("awards_admin:membership_decide", args=[first.pk, "approve"]))
    client.post(reverse("awards_admin:membership_decide", args=[second.pk, "decline"]))

    first.refresh_from_db()
    assert first.status == APPROVED
    assert not CouncilMembership.objects.filter(pk=second.pk).exists()
    assert ModelLogEntry.objects.filter(action="awards.membership.decline").exists()


def test_officers_cannot_use_the_admin_membership_actions(officer, client_for):
    request = CouncilMembership.objects.create(
        user=UserFactory(), council=CouncilFactory(), status=REQUESTED
    )

    response = client_for(officer).post(
        reverse("awards_admin:membership_decide", args=[request.pk, "approve"])
    )

    assert response.status_code in {302, 403}
    request.refresh_from_db()
    assert request.status == REQUESTED


def test_password_reset_is_allauths_and_sends_a_link(client, mailoutbox):
    user = UserFactory(email="reset@example.org")

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_repeated_failed_sign_ins_are_rate_limited(client):
    user = UserFactory(email="limited@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_have_the_sites_layout(name, client):
    content = client.get(reverse(name)).content.decode()

    assert 'class="kil-header"' in content
    assert 'class="kil-button' in content
    assert "Keep it Local Award</title>" in content


def test_sign_up_errors_are_summarised_and_what_was_typed_is_kept(client):
    response = client.post(
        reverse("account_signup"),
        {"first_name": "Jo", "last_name": "", "email": "jo@example.org", "password1": "x"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Enter your last name" in content
    assert 'value="jo@example.org"' in content
    assert content.count("<title>Error:") == 1


def test_someone_not_yet_in_a_council_is_sent_to_join_after_signing_in(client):
    user = UserFactory(email="new@unregistered.example")
    client.force_login(user)

    response = client.get(reverse("home:after_sign_in"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("awards:nomination_list")
    assert reverse("awards:membership_request") in response.content.decode()
