"""allauth tells us when an address is verified or someone signs in; membership by domain follows."""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_logged_in
from django.dispatch import receiver

from .memberships import membership_join_by_domain


@receiver(email_confirmed)
def join_council_on_verified_email(sender, request, email_address, **kwargs):
    membership_join_by_domain(user=email_address.user, email=email_address.email)


@receiver(user_logged_in)
def join_council_on_sign_in(sender, request, user, **kwargs):
    # A council may register its domain after its officers signed up: they join at their next sign-in.
    for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    ):
        membership_join_by_domain(user=user, email=address)
