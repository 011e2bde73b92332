from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Nomination

Status = Nomination.Status


class IneligibleForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason given to the council"),
        help_text=gettext_lazy("The council will see this. Say which eligibility rule is not met."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": gettext_lazy("Enter the reason the nomination is not eligible")
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Enter the reason the nomination is not eligible"))
        return reason


class DeadlineField(forms.DateTimeField):
    """A date and time in the browser's own picker; read as UK time (the site's time zone)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class ExtendDeadlineForm(forms.Form):
    until = DeadlineField(
        label=gettext_lazy("New deadline (UK time)"),
        help_text=gettext_lazy("Only this nomination gets the extra time. The council is emailed."),
        error_messages={
            "required": gettext_lazy("Enter the new deadline"),
            "invalid": gettext_lazy("Enter the new deadline as a date and time"),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("Kept in the nomination's history, for the award team."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Enter the reason for the extension")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("What should the council change?"),
        help_text=gettext_lazy("The council sees this and is emailed it."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": gettext_lazy("Enter what the council should change")},
    )
    until = DeadlineField(
        label=gettext_lazy("New deadline (UK time)"),
        help_text=gettext_lazy(
            "Needed when nominations have closed, so that the council has time to make the changes."
        ),
        required=False,
        error_messages={"invalid": gettext_lazy("Enter the new deadline as a date and time")},
    )


class ReinstateForm(forms.Form):
    to = forms.ChoiceField(
        label=gettext_lazy("Reinstate as"),
        choices=[
            ("previous", gettext_lazy("What it was before it was withdrawn")),
            (Status.DRAFT, gettext_lazy("A draft the council can change")),
        ],
        initial="previous",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("Kept in the nomination's history, for the award team."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Enter the reason for reinstating it")},
    )
