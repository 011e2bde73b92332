"""A person's own data: see what is kept, download a copy (JSON), delete the account."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from home.errors import ServiceError

from . import privacy


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        help_text=gettext_lazy("To make sure it is you."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("Enter your password")},
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that my account will be deleted and cannot be restored"),
        error_messages={"required": gettext_lazy("Confirm that you want to delete your account")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right"))
        return password


@login_required
def your_data(request):
    return render(
        request,
        "awards/privacy/your_data.html",
        {"can_delete": privacy.can_delete_own_account(request.user)},
    )


@login_required
@require_POST
def download_your_data(request):
    # POST, so that a link elsewhere cannot make a browser fetch a copy; no caching of the answer.
    data = privacy.user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="keep-it-local-your-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    if not privacy.can_delete_own_account(request.user):
        messages.info(
            request,
            _("Judges and award staff cannot delete their own accounts. Ask the award team."),
        )
        return redirect("privacy:your_data")
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            logout(request)
            privacy.account_delete(user=user)
        except ServiceError as error:  # a former judge's protected records
            messages.error(request, error.message)
            return redirect("privacy:your_data")
        messages.success(request, _("Your account has been deleted."))
        return redirect("/")
    return render(request, "awards/privacy/delete_account.html", {"form": form})
