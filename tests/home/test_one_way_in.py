"""One guarded way in: every sign-in, sign-out, password reset and change goes through allauth.

Every route that signs someone in, signs them out, resets or changes a password, re-authenticates,
confirms an address or accepts a token or a shared password (found by walking the URL resolver in
`test_every_sign_in_route_is_listed_and_leads_to_allauth`; a newly routed one fails it):

allauth's own
- accounts/login/ (account_login): email and password, then the TOTP code for judges and staff
- accounts/logout/ (account_logout)
- accounts/signup/ (account_signup): never signs in before the address is confirmed
- accounts/reauthenticate/ (account_reauthenticate): password again, for a signed-in person
- accounts/2fa/authenticate/ (mfa_authenticate): the code after the password at sign-in
- accounts/2fa/reauthenticate/ (mfa_reauthenticate): the code again, for a signed-in person
- accounts/2fa/totp/activate/ and deactivate/ (mfa_activate_totp, mfa_deactivate_totp)
- accounts/2fa/recovery-codes/, generate/, download/ (mfa_view_recovery_codes, mfa_generate_...,
  mfa_download_...): need a fresh code from the app, never the password alone
- accounts/2fa/ (mfa_index), accounts/email/ (account_email), accounts/inactive/ (account_inactive)
- accounts/password/change/ and set/ (account_change_password, account_set_password)
- accounts/password/reset/, done/, key/<uidb36>-<key>/, key/done/ (account_reset_password...)
- accounts/confirm-email/ and confirm-email/<key>/ (account_email_verification_sent,
  account_confirm_email; the link is throttled by home.sign_in_routes)
- accounts/login/code/confirm/ (account_confirm_login_code; sign-in by emailed code is off)
Wagtail's (Django's auth views underneath), answered by home.sign_in_routes with a redirect
- admin/login/ (wagtailadmin_login) -> account_login
- admin/logout/ (wagtailadmin_logout) -> account_logout (307: the POST and its CSRF token go on)
- admin/password_reset/, done/, confirm/<uidb64>/<token>/, complete/ -> account_reset_password
- _util/login/ (wagtailcore_login, the front end's sign-in for private pages) -> account_login
- admin/account/ (wagtailadmin_account): no password form (WAGTAIL_PASSWORD_MANAGEMENT_ENABLED off)
Wagtail's page and document privacy passwords (a shared password for one page, no account), throttled
- _util/authenticate_with_password/<id>/<page_id>/, documents/authenticate_with_password/<id>/
Ours
- your-data/delete/ (privacy:delete_account): asks for the password, throttled like a change
Django's own auth views (django.contrib.auth.urls, django.contrib.admin) are not routed.
"""

import importlib
import time

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth import views as django_auth_views
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.models import Page, PageViewRestriction

from awards.models import CouncilMembership
from home import sign_in_routes
from home.accounts import SIGNED_IN_BEFORE_COOKIE, decrypt_secret
from tests.auth import enable_totp, sign_in_with_totp, totp_code
from tests.factories import PASSWORD, CouncilFactory, UserFactory, judge_user, staff_user

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"
STRANGER, OWNER, ELSEWHERE = "203.0.113.66", "198.51.100.7", "192.0.2.{}"


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _reauthenticated_with_password(client, user):
    """A signed-in session that has just typed the password again on allauth's page."""
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:1000]


def _with_recovery_codes(user) -> list[str]:
    Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).delete()
    return RecoveryCodes.activate(user).get_unused_codes()


# --- 1. a password alone never gets past the second factor ---------------------------------------


@pytest.mark.parametrize("path", ["/admin/login/", "/_util/login/"])
def test_wagtails_sign_in_pages_sign_nobody_in_and_lead_to_allauth(path):
    staff = staff_user()
    enable_totp(staff)
    client = Client()

    page = client.get(f"{path}?next=/admin/")
    answer = client.post(path, {"username": staff.email, "password": PASSWORD})

    assert page.status_code == 302
    assert page["Location"] == f"{reverse('account_login')}?next=/admin/"
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("account_login"))
    assert not _signed_in(client)
    assert client.get(reverse("wagtailadmin_home"))["Location"].startswith(reverse("account_login"))


def test_the_password_alone_does_not_show_the_recovery_codes():
    judge = judge_user()
    enable_totp(judge)
    codes = _with_recovery_codes(judge)
    client = Client()
    _reauthenticated_with_password(client, judge)

    for name in ("mfa_view_recovery_codes", "mfa_download_recovery_codes"):
        response = client.get(reverse(name))

        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("mfa_reauthenticate")), name
        assert not any(code in response.content.decode() for code in codes)


@pytest.mark.parametrize("name", ["mfa_generate_recovery_codes", "mfa_deactivate_totp"])
def test_the_password_alone_cannot_replace_codes_or_remove_the_app(name):
    judge = judge_user()
    enable_totp(judge)
    codes = _with_recovery_codes(judge)
    client = Client()
    _reauthenticated_with_password(client, judge)

    response = client.post(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert Authenticator.objects.filter(user=judge, type=Authenticator.Type.TOTP).exists()
    assert (
        RecoveryCodes(
            Authenticator.objects.get(user=judge, type=Authenticator.Type.RECOVERY_CODES)
        ).get_unused_codes()
        == codes
    )


def test_a_recovery_code_does_not_unlock_the_other_recovery_codes():
    judge = judge_user()
    enable_totp(judge)
    codes = _with_recovery_codes(judge)
    client = Client()
    client.force_login(judge)

    client.post(reverse("mfa_reauthenticate"), {"code": codes[0]})
    response = client.get(reverse("mfa_view_recovery_codes"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_a_fresh_code_from_the_app_shows_the_recovery_codes():
    judge = judge_user()
    secret = enable_totp(judge)
    codes = _with_recovery_codes(judge)
    client = Client()
    _reauthenticated_with_password(client, judge)
    asked = client.get(reverse("mfa_view_recovery_codes"))

    entered = client.post(asked["Location"], {"code": totp_code(secret)})
    page = client.get(reverse("mfa_view_recovery_codes"))

    assert entered.status_code == 302
    assert entered["Location"] == reverse("mfa_view_recovery_codes")
    assert page.status_code == 200
    assert codes[1] in page.content.decode()


def test_the_admin_account_page_changes_no_password():
    staff = staff_user()
    client = Client()
    sign_in_with_totp(client, staff, enable_totp(staff))

    page = client.get(reverse("wagtailadmin_account"))
    client.post(
        reverse("wagtailadmin_account"),
        {
            "password-old_password": PASSWORD,
            "password-new_password1": "a-new-and-long-password",
            "password-new_password2": "a-new-and-long-password",
        },
    )

    assert page.status_code == 200
    assert "new_password1" not in page.content.decode()
    assert f'href="{reverse("account_change_password")}"' in page.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_signing_out_of_the_admin_signs_out_through_allauth():
    staff = staff_user()
    client = Client()
    sign_in_with_totp(client, staff, enable_totp(staff))
    client.handler.enforce_csrf_checks = True  # the admin's sign-out button sends its token
    page = client.get(reverse("wagtailadmin_home"))
    token = page.context["csrf_token"]

    response = client.post(reverse("wagtailadmin_logout"), {"csrfmiddlewaretoken": str(token)})
    signed_out = client.post(response["Location"], {"csrfmiddlewaretoken": str(token)})

    assert response.status_code == 307
    assert response["Location"] == reverse("account_logout")
    assert signed_out.status_code == 302
    assert not _signed_in(client)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/password_reset/",
        "/admin/password_reset/done/",
        "/admin/password_reset/confirm/MQ/set-password/",
        "/admin/password_reset/complete/",
    ],
)
def test_wagtails_password_reset_pages_lead_to_allauths(path, mailoutbox):
    user = UserFactory()

    response = Client().post(path, {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password")
    assert mailoutbox == []


# --- every route, from the resolver ---------------------------------------------------------------

_DJANGO_AUTH_VIEWS = (
    django_auth_views.LoginView,
    django_auth_views.LogoutView,
    django_auth_views.PasswordChangeView,
    django_auth_views.PasswordResetView,
    django_auth_views.PasswordResetConfirmView,
    django_auth_views.PasswordResetDoneView,
    django_auth_views.PasswordResetCompleteView,
)
_WORDS = (
    "login",
    "logout",
    "password",
    "auth",
    "account/",
    "2fa",
    "confirm-email",
    "signup",
    "reset",
    "token",
)


def _walk(patterns, prefix="", namespaces=()):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            names = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), names)
        elif isinstance(entry, URLPattern):
            name = ":".join(namespaces + (entry.name,)) if entry.name else None
            yield prefix + str(entry.pattern), name, entry.callback


def _is_about_signing_in(route: str, callback) -> bool:
    view = getattr(callback, "view_class", None) or callback
    module = getattr(view, "__module__", "")
    if module.startswith(("allauth.account", "allauth.mfa", "home.sign_in_routes")):
        return True
    if isinstance(view, type) and issubclass(view, _DJANGO_AUTH_VIEWS):
        return True
    return any(word in route for word in _WORDS) and "pages/" not in route


SAMPLE_KWARGS = {
    "key": "no-such-key",
    "uidb36": "1",
    "uidb64": "MQ",
    "token": "set-password",
    "page_view_restriction_id": 1,
    "page_id": 1,
    "restriction_id": 1,
}


def _path_for(route: str, name: str | None) -> str:
    if name is None:
        return "/" + route.replace("^", "").replace("$", "")
    kwargs = {k: v for k, v in SAMPLE_KWARGS.items() if f"<{k}>" in route or f":{k}>" in route}
    kwargs |= {k: v for k, v in SAMPLE_KWARGS.items() if f"(?P<{k}>" in route}
    return reverse(name, kwargs=kwargs)


def _answered_by(path: str) -> str:
    view = resolve(path).func
    if getattr(view, "redirects_to", None):
        return f"redirect:{view.redirects_to}"
    if getattr(view, "throttled_view", None):
        view = view.throttled_view
    view = getattr(view, "view_class", None) or view
    return f"{view.__module__}.{view.__name__}"


ANSWERS = {
    "account_change_password": "allauth.account.views.PasswordChangeView",
    "account_confirm_email": "allauth.account.views.ConfirmEmailView",
    "account_confirm_login_code": "allauth.account.views.ConfirmLoginCodeView",
    "account_email": "allauth.account.views.EmailView",
    "account_email_verification_sent": "allauth.account.views.email_verification_sent",
    "account_inactive": "allauth.account.views.AccountInactiveView",
    "account_login": "allauth.account.views.LoginView",
    "account_logout": "allauth.account.views.LogoutView",
    "account_reauthenticate": "allauth.account.views.ReauthenticateView",
    "account_reset_password": "allauth.account.views.PasswordResetView",
    "account_reset_password_done": "allauth.account.views.PasswordResetDoneView",
    "account_reset_password_from_key": "allauth.account.views.PasswordResetFromKeyView",
    "account_reset_password_from_key_done": "allauth.account.views.PasswordResetFromKeyDoneView",
    "account_set_password": "allauth.account.views.PasswordSetView",
    "account_signup": "allauth.account.views.SignupView",
    "mfa_activate_totp": "allauth.mfa.totp.views.ActivateTOTPView",
    "mfa_authenticate": "allauth.mfa.base.views.AuthenticateView",
    "mfa_deactivate_totp": "allauth.mfa.totp.views.DeactivateTOTPView",
    "mfa_download_recovery_codes": "allauth.mfa.recovery_codes.views.DownloadRecoveryCodesView",
    "mfa_generate_recovery_codes": "allauth.mfa.recovery_codes.views.GenerateRecoveryCodesView",
    "mfa_index": "allauth.mfa.base.views.IndexView",
    "mfa_reauthenticate": "allauth.mfa.base.views.ReauthenticateView",
    "mfa_view_recovery_codes": "allauth.mfa.recovery_codes.views.ViewRecoveryCodesView",
    "wagtailadmin_account": "wagtail.admin.views.account.AccountView",
    "wagtailadmin_login": "redirect:account_login",
    "wagtailadmin_logout": "redirect:account_logout",
    "wagtailadmin_password_reset": "redirect:account_reset_password",
    "wagtailadmin_password_reset_complete": "redirect:account_reset_password",
    "wagtailadmin_password_reset_confirm": "redirect:account_reset_password",
    "wagtailadmin_password_reset_done": "redirect:account_reset_password",
    "wagtailcore_login": "redirect:account_login",
    "wagtailcore_authenticate_with_password": "wagtail.views.authenticate_with_password",
    "wagtaildocs_authenticate_with_password": (
        "wagtail.documents.views.serve.authenticate_with_password"
    ),
    "privacy:delete_account": "awards.privacy_views.delete_account",
}
THROTTLED_BY_US = {
    "account_confirm_email",
    "wagtailcore_authenticate_with_password",
    "wagtaildocs_authenticate_with_password",
}


def _routes():
    found = {}
    for route, name, callback in _walk(get_resolver().url_patterns):
        if _is_about_signing_in(route, callback) or name == "privacy:delete_account":
            found.setdefault(name or f"route:{route}", set()).add(_path_for(route, name))
    return found


def test_every_sign_in_route_is_listed_and_leads_to_allauth():
    found = _routes()

    assert set(found) ^ set(ANSWERS) == set(), "a sign-in route is routed, or gone: list it above"
    for name, paths in found.items():
        for path in paths:
            assert _answered_by(path) == ANSWERS[name], path
            if name in THROTTLED_BY_US:
                assert getattr(resolve(path).func, "throttled_view", None), path


def _credentials(user) -> dict:
    return {
        "login": user.email,
        "username": user.email,
        "email": user.email,
        "password": PASSWORD,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "oldpassword": PASSWORD,
        "code": "000000",
    }


def test_on_every_route_a_password_alone_gets_no_judge_past_the_second_factor():
    judge = judge_user()
    enable_totp(judge)
    client = Client()

    for name, paths in _routes().items():
        for path in paths:
            client.get(path)
            client.post(path, _credentials(judge))
            assert not _signed_in(client), (name, path)
            dashboard = client.get(reverse("judging:dashboard"))

            assert dashboard.status_code == 302, (name, path)
            assert dashboard["Location"].startswith(
                (reverse("account_login"), reverse("mfa_reauthenticate"))
            ), (name, path, dashboard["Location"])
            assert client.get(reverse("mfa_view_recovery_codes")).status_code == 302, path
            client.cookies.clear()


def test_on_every_route_an_unverified_address_is_not_signed_in():
    impostor = UserFactory(email="impostor@kirklees.gov.uk", email_address=False)
    client = Client()

    for name, paths in _routes().items():
        for path in paths:
            client.get(path)
            client.post(path, _credentials(impostor))

            assert not _signed_in(client), (name, path)
            assert client.get(reverse("awards:membership_request")).status_code == 302, name
            client.cookies.clear()


# --- 2. an unconfirmed address is never signed in --------------------------------------------------


def test_an_unverified_address_cannot_sign_in_at_the_admin_or_ask_to_join_a_council():
    council = CouncilFactory(email_domains="kirklees.gov.uk")
    impostor = UserFactory(email="impostor@kirklees.gov.uk", email_address=False)
    client = Client()

    client.post("/admin/login/", {"username": impostor.email, "password": PASSWORD})
    asked = client.post(
        reverse("awards:membership_request"), {"council": council.pk, "message": "Hello"}
    )

    assert not _signed_in(client)
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("account_login"))
    assert not CouncilMembership.objects.filter(user=impostor).exists()


def test_a_session_of_an_unverified_address_counts_as_signed_out():
    council = CouncilFactory(email_domains="kirklees.gov.uk")
    impostor = UserFactory(email="impostor@kirklees.gov.uk", email_address=False)
    client = Client()
    client.force_login(impostor)  # however a session came to be

    asked = client.post(
        reverse("awards:membership_request"), {"council": council.pk, "message": "Hello"}
    )

    assert asked["Location"].startswith(reverse("account_login"))
    assert not CouncilMembership.objects.filter(user=impostor).exists()


def test_an_address_changed_to_an_unconfirmed_one_signs_the_person_out():
    officer = UserFactory(email="jo@example.org")
    client = Client()
    client.force_login(officer)
    assert client.get(reverse("awards:membership_request")).status_code == 200

    officer.email = "jo@kirklees.gov.uk"
    officer.save(update_fields=["email"])
    EmailAddress.objects.create(user=officer, email=officer.email, verified=False)

    assert client.get(reverse("awards:membership_request")).status_code == 302


# --- 3. throttles: on every route that takes a password or a code -----------------------------------


def _wrong_password_posts(client, url, n, **data):
    return [client.post(url, {"password": "not-the-password", **data}) for _ in range(n)]


def test_admin_sign_in_takes_no_passwords_at_all():
    staff = staff_user()
    client = Client()

    for _ in range(30):
        client.post("/admin/login/", {"username": staff.email, "password": "wrong"})
    client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})

    assert not _signed_in(client)


def test_admin_password_reset_sends_no_email(mailoutbox):
    staff = staff_user()

    for _ in range(8):
        Client().post("/admin/password_reset/", {"email": staff.email})

    assert mailoutbox == []


def test_wrong_passwords_at_sign_in_are_throttled_per_account_and_address():
    owner = UserFactory()
    stranger = Client(REMOTE_ADDR=STRANGER)

    _wrong_password_posts(stranger, reverse("account_login"), 5, login=owner.email)
    refused = stranger.post(reverse("account_login"), {"login": owner.email, "password": PASSWORD})

    assert TOO_MANY in refused.content.decode()
    assert not _signed_in(stranger)


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out():
    owner = UserFactory()
    stranger = Client(REMOTE_ADDR=STRANGER)
    _wrong_password_posts(stranger, reverse("account_login"), 12, login=owner.email)

    home = Client(REMOTE_ADDR=OWNER)
    response = home.post(reverse("account_login"), {"login": owner.email, "password": PASSWORD})

    assert response.status_code == 302
    assert _signed_in(home)


def test_guessing_from_many_addresses_is_held_back_but_not_in_the_owners_browser():
    owner = UserFactory()
    browser = Client(REMOTE_ADDR=OWNER)
    browser.post(reverse("account_login"), {"login": owner.email, "password": PASSWORD})
    assert SIGNED_IN_BEFORE_COOKIE in browser.cookies
    browser.post(reverse("account_logout"))
    for n in range(8):
        guesser = Client(REMOTE_ADDR=ELSEWHERE.format(n + 1))
        _wrong_password_posts(guesser, reverse("account_login"), 4, login=owner.email)

    new_place = Client(REMOTE_ADDR=ELSEWHERE.format(99))
    held = new_place.post(reverse("account_login"), {"login": owner.email, "password": PASSWORD})
    own = browser.post(reverse("account_login"), {"login": owner.email, "password": PASSWORD})

    assert TOO_MANY in held.content.decode()
    assert not _signed_in(new_place)
    assert own.status_code == 302
    assert _signed_in(browser)


def test_many_accounts_from_one_address_are_throttled():
    client = Client(REMOTE_ADDR=STRANGER)
    for n in range(10):
        client.post(reverse("account_login"), {"login": f"guess{n}@example.org", "password": "x"})
    person = UserFactory()

    refused = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})

    assert TOO_MANY in refused.content.decode()


def test_wrong_passwords_on_reauthentication_are_throttled():
    user = UserFactory()
    client = Client()
    client.force_login(user)

    _wrong_password_posts(client, reverse("account_reauthenticate"), 5)
    refused = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    assert refused.status_code in {200, 429}
    assert TOO_MANY in refused.content.decode() or refused.status_code == 429


def test_wrong_codes_at_sign_in_are_throttled():
    judge = judge_user()
    secret = enable_totp(judge)
    client = Client()
    client.post(reverse("account_login"), {"login": judge.email, "password": PASSWORD})

    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, offset=9)})
    refused = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert TOO_MANY in refused.content.decode()
    assert client.get(reverse("judging:dashboard")).status_code == 302


def test_wrong_codes_on_reauthentication_are_throttled():
    judge = judge_user()
    secret = enable_totp(judge)
    client = Client()
    client.force_login(judge)

    for _ in range(5):
        client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret, offset=9)})
    refused = client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})

    assert TOO_MANY in refused.content.decode()


def test_wrong_codes_when_setting_up_the_app_are_throttled():
    user = UserFactory()
    client = Client()
    _reauthenticated_with_password(client, user)
    client.get(reverse("mfa_activate_totp"))

    for _ in range(5):
        client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    refused = client.post(
        reverse("mfa_activate_totp"), {"code": totp_code(client.session[SECRET_SESSION_KEY])}
    )

    assert "too many requests" in refused.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()


def test_password_reset_emails_are_throttled(mailoutbox):
    user = UserFactory()
    client = Client()

    answers = [
        client.post(reverse("account_reset_password"), {"email": user.email}) for _ in range(5)
    ]

    assert [a.status_code for a in answers] == [302, 302, 302, 429, 429]
    assert len(mailoutbox) == 3


def test_password_reset_links_are_throttled():
    client = Client()
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "x-y"})

    answers = [
        client.post(url, {"password1": "a-new-long-password", "password2": "a-new-long-password"})
        for _ in range(11)
    ]

    assert answers[-1].status_code == 429


def test_password_changes_are_throttled():
    user = UserFactory()
    client = Client()
    client.force_login(user)

    answers = [
        client.post(
            reverse("account_change_password"),
            {
                "oldpassword": "wrong",
                "password1": "a-new-long-pass",
                "password2": "a-new-long-pass",
            },
        )
        for _ in range(6)
    ]

    assert answers[-1].status_code == 429


def test_account_deletion_password_is_throttled():
    user = UserFactory()
    client = Client()
    client.force_login(user)

    answers = [
        client.post(reverse("privacy:delete_account"), {"password": "wrong", "confirm": "on"})
        for _ in range(6)
    ]

    assert answers[-1].status_code == 429


def test_sign_ups_are_throttled():
    client = Client(REMOTE_ADDR=STRANGER)

    answers = [
        client.post(reverse("account_signup"), {"email": f"new{n}@example.org"}) for n in range(6)
    ]

    assert answers[-1].status_code == 429


def test_email_confirmation_links_are_throttled():
    client = Client(REMOTE_ADDR=STRANGER)
    url = reverse("account_confirm_email", args=["no-such-key"])

    answers = [client.get(url) for _ in range(11)]

    assert answers[0].status_code == 200
    assert answers[-1].status_code == 429


def test_page_privacy_passwords_are_throttled():
    page = Page.objects.get(depth=2)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="shared-secret"
    )
    client = Client(REMOTE_ADDR=STRANGER)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])

    answers = [client.post(url, {"password": "guess", "return_url": "/"}) for _ in range(11)]

    assert answers[0].status_code == 200
    assert answers[-1].status_code == 429


# --- 4. authenticator secrets are encrypted at rest --------------------------------------------------


def test_totp_secrets_and_recovery_seeds_are_stored_encrypted():
    judge = judge_user()
    secret = enable_totp(judge)
    _with_recovery_codes(judge)

    totp = Authenticator.objects.get(user=judge, type=Authenticator.Type.TOTP)
    codes = Authenticator.objects.get(user=judge, type=Authenticator.Type.RECOVERY_CODES)

    assert totp.data["secret"] != secret
    assert secret not in str(totp.data)
    assert decrypt_secret(totp.data["secret"]) == secret
    assert decrypt_secret(codes.data["seed"])
    response = sign_in_with_totp(Client(), judge, secret)
    assert response.status_code == 302


def test_plain_secrets_stored_before_are_encrypted_by_the_data_migration():
    from django.apps import apps

    judge = judge_user()
    secret = "JBSWY3DPEHPK3PXP"
    Authenticator.objects.create(user=judge, type=Authenticator.Type.TOTP, data={"secret": secret})
    Authenticator.objects.create(
        user=judge, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "ab" * 20, "used_mask": 0}
    )
    migration = importlib.import_module("home.migrations.0008_encrypt_authenticator_secrets")

    migration.encrypt(apps, None)
    migration.encrypt(apps, None)  # twice: nothing is encrypted two times

    totp = Authenticator.objects.get(user=judge, type=Authenticator.Type.TOTP)
    assert totp.data["secret"] != secret
    assert decrypt_secret(totp.data["secret"]) == secret
    seed = Authenticator.objects.get(user=judge, type=Authenticator.Type.RECOVERY_CODES)
    assert decrypt_secret(seed.data["seed"]) == "ab" * 20
    client = Client()
    assert sign_in_with_totp(client, judge, secret).status_code == 302
    assert client.get(reverse("judging:dashboard")).status_code == 200


def test_a_fresh_reauthentication_expires():
    judge = judge_user()
    enable_totp(judge)
    _with_recovery_codes(judge)
    client = Client()
    client.force_login(judge)
    authenticator = Authenticator.objects.get(user=judge, type=Authenticator.Type.TOTP)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = judge
    record_authentication(
        request, judge, "mfa", id=authenticator.pk, type="totp", reauthenticated=True
    )
    records = request.session["account_authentication_methods"]
    records[-1]["at"] = time.time() - account_settings.REAUTHENTICATION_TIMEOUT - 1
    request.session.save()

    response = client.get(reverse("mfa_view_recovery_codes"))

    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_sign_in_routes_module_is_what_config_urls_puts_first():
    from config import urls

    assert urls.urlpatterns[: len(sign_in_routes.urlpatterns)] == sign_in_routes.urlpatterns


def test_the_award_team_removes_a_lost_app_with_a_command():
    from io import StringIO

    from django.core.management import call_command

    judge = judge_user()
    enable_totp(judge)
    _with_recovery_codes(judge)
    out = StringIO()

    call_command("remove_authenticator", judge.email.upper(), stdout=out)

    assert not Authenticator.objects.filter(user=judge).exists()
    assert "set up a new app" in out.getvalue()
