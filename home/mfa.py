"""Two-step sign-in for everyone who can see entries (home.permissions.is_privileged): judges, award
staff, editors and anyone else with access to the Wagtail admin. They must have set up an
authenticator app (allauth's TOTP) and have used it to sign in in this session before any judging
page, nomination page or admin page is served. Enforced here, on the server, for every request under those paths.

allauth keeps a record of how the session was authenticated; a record with method "mfa" means a
TOTP code (or a recovery code) was checked in this session.

Seeing or regenerating the recovery codes, and removing the authenticator app, need more than
allauth's password re-authentication (a password alone must never lead to a second factor): a fresh
code from the app itself, entered on allauth's "enter your code" page.
"""

import time
from functools import cache
from urllib.parse import urlencode

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.mfa.base.internal.flows import post_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .permissions import is_privileged, is_signed_in


@cache
def _prefixes() -> tuple[str, tuple[str, ...], str]:
    admin = reverse("wagtailadmin_home")
    entry_paths = (reverse("judging:dashboard"), reverse("awards:nomination_list"))
    return admin, entry_paths, reverse("wagtailadmin_logout")


@cache
def _second_factor_paths() -> frozenset[str]:
    names = (
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_deactivate_totp",
    )
    return frozenset(reverse(name) for name in names)


def recently_reauthenticated_with_app(request) -> bool:
    """Has a code from the authenticator app (not a password, not a recovery code) been entered
    on allauth's re-authentication page within allauth's re-authentication timeout?"""
    now = time.time()
    return any(
        record.get("method") == "mfa"
        and record.get("type") == Authenticator.Type.TOTP
        and record.get("reauthenticated")
        and now - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
        for record in get_authentication_records(request, request.user)
    )


def needs_mfa(user, path: str) -> bool:
    """Must `user` have signed in with a second factor to be served `path`?

    Who must is home.permissions.is_privileged, the same people for the admin and for the judging
    and nomination pages; only which paths need it is decided here."""
    if not is_privileged(user):
        return False
    admin, entry_paths, logout = _prefixes()
    if path == logout:
        return False  # signing out is always allowed
    return path.startswith((admin, *entry_paths))


def signed_in_with_mfa(request) -> bool:
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


class MfaRequiredMiddleware:
    """Sends judges and staff without a second factor in this session to set one up or use it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if needs_mfa(user, request.path_info) and not signed_in_with_mfa(request):
            return self._challenge(request, user)
        if (
            request.path_info in _second_factor_paths()
            and is_signed_in(user)
            and is_mfa_enabled(user, [Authenticator.Type.TOTP])
            and not recently_reauthenticated_with_app(request)
        ):
            return self._ask_for_a_fresh_code(request)
        return self.get_response(request)

    def _ask_for_a_fresh_code(self, request):
        messages.info(
            request,
            _(
                "To see or change your recovery codes or your authenticator app, enter the code "
                "your authenticator app shows now."
            ),
        )
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.path})}")

    def _challenge(self, request, user):
        next_url = request.get_full_path() if request.method == "GET" else request.path
        if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            messages.info(
                request,
                _("Enter the code from your authenticator app to continue."),
            )
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")
        messages.info(
            request,
            _(
                "Judges and award staff use two-step sign-in to keep entries private. Set up an "
                "authenticator app to continue: scan the code with the app, then enter the six-digit "
                "code it shows."
            ),
        )
        return redirect("mfa_activate_totp")


def record_mfa_on_activation(sender, request, user, authenticator, **kwargs):
    """Setting up TOTP means entering a valid code from the new app: that is a second factor used
    in this session, so the person need not sign out and in again before reaching their work."""
    if authenticator.type != Authenticator.Type.TOTP or request is None:
        return

    post_authentication(request, authenticator)
