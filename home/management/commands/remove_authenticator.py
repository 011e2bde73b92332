"""For someone who has lost their authenticator app (and their recovery codes): the award team
removes it, having checked who is asking, and the site asks them to set up a new one at their next
sign-in. The site itself lets only a fresh code from the app do this."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Remove a person's authenticator app and recovery codes (they set up a new app next time)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the person's email address")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the address {email}")
        with transaction.atomic():
            removed, _ = Authenticator.objects.filter(user=user).delete()
        self.stdout.write(
            f"Removed {removed} authenticator record(s) of {user.email}; they set up a new app "
            "when they next sign in."
            if removed
            else f"{user.email} has no authenticator app."
        )
