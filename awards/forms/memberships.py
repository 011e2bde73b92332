from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Council


class MembershipRequestForm(forms.Form):
    council = forms.ModelChoiceField(
        queryset=Council.objects.order_by("name"),
        label=_("Which council or health body do you work for?"),
        empty_label=_("Choose an organisation"),
        error_messages={"required": _("Select the organisation you work for")},
    )
    message = forms.CharField(
        label=_("Message to your colleagues"),
        help_text=_("Tell them who you are and your role, so that they can approve you"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
