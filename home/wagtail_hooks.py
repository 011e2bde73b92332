"""The admin's account page points to allauth for the password and the authenticator app: there is
one place to change them (home/sign_in_routes.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_account_menu_item")
def change_password(request):
    return {
        "url": reverse("account_change_password"),
        "label": _("Change your password"),
        "help_text": _("You will be asked for your current password."),
    }


@hooks.register("register_account_menu_item")
def two_step_sign_in(request):
    return {
        "url": reverse("mfa_index"),
        "label": _("Two-step sign-in"),
        "help_text": _(
            "Your authenticator app and recovery codes. Seeing the codes needs a code from the app."
        ),
    }
