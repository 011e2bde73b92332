"""allauth's sign-up and sign-in forms in the service's words: GOV.UK-style labels and error messages,
no placeholders (they vanish as you type), and names on sign-up so that colleagues know who is asking."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _


def _plain(field, label, required_message, help_text=None):
    field.label = label
    field.widget.attrs.pop("placeholder", None)
    field.error_messages["required"] = required_message
    if help_text is not None:
        field.help_text = help_text


class SignupForm(AllauthSignupForm):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        error_messages={"required": _("Enter your first name")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        error_messages={"required": _("Enter your last name")},
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
    )
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(
            self.fields["email"],
            _("Work email address"),
            _("Enter your work email address"),
            _("The address you use at your council or health body"),
        )
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an email address in the correct format, like name@example.gov.uk"
        )
        _plain(self.fields["password1"], _("Create a password"), _("Enter a password"))
        if "password2" in self.fields:
            _plain(self.fields["password2"], _("Confirm your password"), _("Confirm your password"))
        self.order_fields(self.field_order)

    def save(self, request):
        user = super().save(request)
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        return user


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["login"], _("Email address"), _("Enter your email address"))
        self.fields["login"].widget.attrs["autocomplete"] = "email"
        _plain(self.fields["password"], _("Password"), _("Enter your password"))
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")
