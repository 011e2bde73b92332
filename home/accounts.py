"""How people are signed in, one way only: allauth's pages (Wagtail's own redirect to them,
home/sign_in_routes.py), with these adjustments.

- `VerifiedEmailBackend`: a session belongs to someone only while their email address is proven.
  Whatever signed them in, an account whose address was never confirmed is treated as signed out on
  every request, so it cannot reach anything that trusts the address (joining a council by it).
- `AccountAdapter`: wrong passwords are counted per account *and* address, so a stranger cannot lock
  the owner out; a second per-account limit holds back guessers spread over many addresses, except in
  a browser that has completed a sign-in to that account before (settings.ACCOUNT_RATE_LIMITS).
- `MfaAdapter`: authenticator secrets are encrypted at rest (settings.AUTHENTICATOR_ENCRYPTION_KEYS).
"""

import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.auth_backends import AuthenticationBackend
from allauth.core.internal import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F

SIGNED_IN_BEFORE_COOKIE = "kil_signed_in_before"
_COOKIE_SALT = "home.accounts.signed-in-before"
_COOKIE_MAX_AGE = 180 * 24 * 3600


class VerifiedEmailBackend(AuthenticationBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.filter(
                pk=user_id,
                emailaddress__verified=True,
                emailaddress__email__iexact=F("email"),
            )
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None


def _account_digest(login: str) -> str:
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()


def signed_in_here_before(request, login: str) -> bool:
    value = request.get_signed_cookie(
        SIGNED_IN_BEFORE_COOKIE, default=None, salt=_COOKIE_SALT, max_age=_COOKIE_MAX_AGE
    )
    return value is not None and value == _account_digest(login)


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth counts failures per account only: anyone who knows an address could lock its owner
        # out. Per account and address, the stranger only runs out of their own tries.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{ratelimit.get_ip(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        super().pre_authenticate(request, **credentials)
        self._elsewhere_usage = None
        login = credentials.get("email", credentials.get("username", ""))
        if not login or signed_in_here_before(request, login):
            return
        self._elsewhere_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed_elsewhere",
            key=_account_digest(login),
        )
        if not self._elsewhere_usage:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")

    def _rollback_login_failed_rl_usage(self) -> None:
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_elsewhere_usage", None)
        if usage:
            usage.rollback()

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        if response is not None and user.email:
            response.set_signed_cookie(
                SIGNED_IN_BEFORE_COOKIE,
                _account_digest(user.email),
                salt=_COOKIE_SALT,
                max_age=_COOKIE_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.AUTHENTICATOR_ENCRYPTION_KEYS])


def encrypt_secret(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt_secret(token: str) -> str:
    """Raises cryptography's InvalidToken for anything not encrypted with one of the keys."""
    return _fernet().decrypt(token.encode()).decode()


class MfaAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_secret(encrypted_text)
