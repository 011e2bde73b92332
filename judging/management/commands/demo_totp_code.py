"""`manage.py demo_totp_code`: the six digits the demo accounts' authenticator app would show now.

The demo's privileged accounts (judges, award staff, the editor, the moderator) share one published
authenticator secret so that anyone trying the site can get through two-step sign-in. That secret
is never set, or its codes printed, with DJANGO_ENV=production.
"""

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from .load_demo_data import DEMO_TOTP_SECRET, demo_totp_uri


def demo_totp_code(now=None) -> str:
    moment = (now or timezone.now()).timestamp()
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(moment) // mfa_settings.TOTP_PERIOD))


class Command(BaseCommand):
    help = "Print the demo accounts' current authenticator code (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--uri",
            action="store_true",
            help="Print the otpauth:// address to add the demo secret to an authenticator app.",
        )

    def handle(self, *args, uri=False, **options):
        if settings.IS_PRODUCTION:
            raise CommandError(
                "Refusing with DJANGO_ENV=production: the demo authenticator secret is public."
            )
        self.stdout.write(demo_totp_uri() if uri else demo_totp_code())
