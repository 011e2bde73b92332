"""Signing in as the site does it: judges, award staff and editors need a second factor (allauth's
TOTP) in the session before they see entries. `client_for` in conftest uses `mfa_session`; tests of
the sign-in itself use `sign_in_with_totp`, which goes through the real forms."""

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import Client, RequestFactory
from django.urls import reverse

from home.permissions import is_privileged

from .factories import PASSWORD


def needs_second_factor(user) -> bool:
    return is_privileged(user)


def enable_totp(user) -> str:
    """Give `user` an authenticator app; returns its secret (what the QR code holds)."""
    secret = generate_totp_secret()
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, offset: int = 0) -> str:
    """The six digits an authenticator app would show now (`offset` periods later)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def mfa_session(client: Client, user) -> None:
    """Mark the client's session as signed in with TOTP, as allauth does after a valid code."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        enable_totp(user)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()


def sign_in_with_totp(client: Client, user, secret: str):
    """Email and password, then the code from the app, through allauth's own pages."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith(reverse("mfa_authenticate")), response["Location"]
    return client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
