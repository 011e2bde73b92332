"""A removal from a council sticks: signing in again with a verified council address does not bring
the person back, a request from them is marked and left to the award team, and only staff restore
them. Each step is written to Wagtail's audit log."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from awards.memberships import membership_join_by_domain
from awards.models import CouncilMembership, Nomination
from tests.factories import PASSWORD, CouncilFactory, NominationFactory, UserFactory, officer_user

pytestmark = pytest.mark.django_db
Status = CouncilMembership.Status


def sign_in(email: str) -> Client:
    """Through allauth's real sign-in form, so that the user_logged_in signal runs as in life."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


@pytest.fixture
def world():
    council = CouncilFactory(name="Kirklees Council", email_domains="kirklees.gov.uk")
    colleague = officer_user(council=council)
    person = UserFactory(email="jo.bloggs@kirklees.gov.uk")
    assert EmailAddress.objects.filter(user=person, email=person.email, verified=True).exists()
    membership = membership_join_by_domain(user=person, email=person.email)
    assert membership.status == Status.APPROVED
    nomination = NominationFactory(council=council, created_by=colleague)
    return council, colleague, person, membership, nomination


def _logged(action, membership, by) -> bool:
    return ModelLogEntry.objects.filter(
        action=action, object_id=str(membership.pk), user=by
    ).exists()


def test_a_removed_member_does_not_rejoin_by_signing_in_until_staff_restore_them(
    world, staff, client_for
):
    council, _colleague, person, membership, nomination = world
    overview = reverse("awards:nomination_overview", args=[nomination.uuid])
    withdraw = reverse("awards:nomination_withdraw", args=[nomination.uuid])
    assert sign_in(person.email).get(overview).status_code == 200

    admin = client_for(staff)
    remove_url = reverse("awards_admin:membership_decide", args=[membership.pk, "remove"])
    assert admin.post(remove_url).status_code == 302

    # The next sign-in (allauth's user_logged_in) and a re-confirmed address (email_confirmed)
    # both call membership_join_by_domain: neither lets them back in.
    client = sign_in(person.email)
    assert client.get(overview).status_code == 404
    membership.refresh_from_db()
    assert (membership.status, membership.removed_by) == (Status.REMOVED, staff)
    assert _logged("awards.membership.remove", membership, staff)
    assert membership_join_by_domain(user=person, email=person.email) is None
    membership.refresh_from_db()
    assert membership.status == Status.REMOVED
    assert client.get(overview).status_code == 404
    assert client.post(withdraw, {"confirm": "on"}).status_code == 404
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.DRAFT
    assert not ModelLogEntry.objects.filter(
        action="awards.membership.domain",
        object_id=str(membership.pk),
        timestamp__gt=membership.removed_at,
    ).exists()

    restore_url = reverse("awards_admin:membership_decide", args=[membership.pk, "restore"])
    inspect = admin.get(
        reverse("awards_councilmembership_modeladmin_inspect", args=[membership.pk])
    )
    assert restore_url in inspect.content.decode()
    confirm = admin.get(restore_url)
    assert "Restore jo.bloggs@kirklees.gov.uk to Kirklees Council?" in confirm.content.decode()
    assert admin.post(restore_url).status_code == 302

    membership.refresh_from_db()
    assert (membership.status, membership.decided_by) == (Status.APPROVED, staff)
    assert _logged("awards.membership.restore", membership, staff)
    assert sign_in(person.email).get(overview).status_code == 200


def test_a_removed_member_asking_again_is_marked_and_only_staff_decide(
    world, staff, client_for, mailoutbox, django_capture_on_commit_callbacks, settings
):
    council, colleague, person, membership, _nomination = world
    client_for(staff).post(
        reverse("awards_admin:membership_decide", args=[membership.pk, "remove"])
    )

    client = sign_in(person.email)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("awards:membership_request"), {"council": council.pk, "message": "I'm back"}
        )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Status.REQUESTED and membership.from_removed_member
    # Only the award team is asked: the colleagues cannot approve it.
    assert sorted(a for m in mailoutbox for a in m.to) == sorted(settings.AWARD_STAFF_EMAILS)
    assert "removed them from this organisation" in mailoutbox[-1].body

    # Still not approved automatically at the next sign-in.
    sign_in(person.email)
    membership.refresh_from_db()
    assert membership.status == Status.REQUESTED

    colleague_client = Client()
    colleague_client.force_login(colleague)
    team = colleague_client.get(reverse("awards:council_team")).content.decode()
    assert "Removed member" in team
    approve = reverse("awards:membership_decide", args=[membership.pk, "approve"])
    assert approve not in team
    colleague_client.post(approve)
    membership.refresh_from_db()
    assert membership.status == Status.REQUESTED

    admin = client_for(staff)
    inspect = admin.get(
        reverse("awards_councilmembership_modeladmin_inspect", args=[membership.pk])
    )
    assert "This request is from someone removed from this organisation" in inspect.content.decode()

    # Declining it leaves the removal in place, rather than forgetting it.
    admin.post(reverse("awards_admin:membership_decide", args=[membership.pk, "decline"]))
    membership.refresh_from_db()
    assert membership.status == Status.REMOVED
    sign_in(person.email)
    membership.refresh_from_db()
    assert membership.status == Status.REMOVED


def test_removing_is_confirmed_on_its_own_page_first(world, staff, client_for):
    _council, _colleague, _person, membership, _nomination = world
    admin = client_for(staff)
    inspect = admin.get(
        reverse("awards_councilmembership_modeladmin_inspect", args=[membership.pk])
    )
    remove_url = reverse("awards_admin:membership_decide", args=[membership.pk, "remove"])
    assert f'href="{remove_url}"' in inspect.content.decode()

    confirm = admin.get(remove_url)

    assert confirm.status_code == 200
    assert "Remove jo.bloggs@kirklees.gov.uk from Kirklees Council?" in confirm.content.decode()
    membership.refresh_from_db()
    assert membership.status == Status.APPROVED


def test_only_staff_remove_or_restore(world, client_for):
    _council, colleague, _person, membership, _nomination = world
    colleague_client = client_for(colleague)
    for decision in ("remove", "restore"):
        colleague_client.post(
            reverse("awards_admin:membership_decide", args=[membership.pk, decision])
        )
    membership.refresh_from_db()
    assert membership.status == Status.APPROVED


def test_confirming_another_council_address_does_not_undo_a_removal(
    world, staff, client_for, mailoutbox
):
    _council, _colleague, person, membership, _nomination = world
    client_for(staff).post(
        reverse("awards_admin:membership_decide", args=[membership.pk, "remove"])
    )
    client = sign_in(person.email)
    mailoutbox.clear()

    # allauth's own "add an address" page, then the emailed link (the email_confirmed signal).
    added = client.post(
        reverse("account_email"), {"action_add": "", "email": "jo@social.kirklees.gov.uk"}
    )
    assert added.status_code == 302, added.content.decode()[:300]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mailoutbox[-1].body)
    assert client.post(link.group(1)).status_code == 302
    assert EmailAddress.objects.get(email="jo@social.kirklees.gov.uk").verified

    membership.refresh_from_db()
    assert membership.status == Status.REMOVED
