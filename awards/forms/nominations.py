from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _

from ..models import PartnerOrganisation
from ..selectors import PARTNER_FIELDS, count_words


class VersionedForm(forms.Form):
    """Carries the nomination version and the section's fingerprint as the officer loaded them, so that
    a colleague's later save of the same section is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    digest = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    # A draft section may be saved with blanks, but submitting needs them: "(optional)" would mislead.
    # Only the fields named here are optional for good.
    optional_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in self.optional_fields:
                field.hide_optional_marker = True


# A draft is saved as it is, however long: word limits are checked when it is submitted (and shown as
# warnings until then). This limit only keeps absurd or abusive posts out: far above any word limit.
MAX_TEXT_CHARS = 50_000


def _long_text(field: forms.CharField, limit: int, what: str) -> None:
    """Give a free-text field its word limit (for the warning and the live count) and the hard
    character limit (an error)."""
    field.word_limit = limit
    field.word_limit_what = what
    field.max_length = MAX_TEXT_CHARS
    field.validators.append(validators.MaxLengthValidator(MAX_TEXT_CHARS))
    field.error_messages["max_length"] = _("%(what)s must be %(max)s characters or fewer") % {
        "what": what,
        "max": f"{MAX_TEXT_CHARS:,}",
    }


def word_limit_warnings(form) -> list[str]:
    """What is over its word limit in the form as it stands: saved anyway, but not submittable."""
    warnings = []
    for name, field in form.fields.items():
        limit = getattr(field, "word_limit", None)
        if not limit:
            continue
        words = count_words(form[name].value() or "")
        if words > limit:
            warnings.append(
                _(
                    "%(what)s is %(words)s words. It has been saved, but it must be %(limit)s "
                    "words or fewer before you can submit."
                )
                % {"what": field.word_limit_what, "words": words, "limit": limit}
            )
    return warnings


def _textarea(limit: int, rows: int = 8):
    return forms.Textarea(attrs={"rows": rows, "data-word-limit": limit, "class": "kil-textarea"})


class AboutForm(VersionedForm):
    optional_fields = ("contact_phone",)

    contact_name = forms.CharField(
        label=_("Full name of the lead contact"),
        help_text=_("The person the award team should contact about this nomination"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    contact_job_title = forms.CharField(
        label=_("Their job title"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    contact_phone = forms.CharField(
        label=_("Their telephone number"),
        help_text=_("For example 01632 960 001 or 07700 900 982"),
        max_length=40,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "type": "tel", "class": "kil-input--width-20"}
        ),
    )
    title = forms.CharField(
        label=_("Title of your nomination"),
        help_text=_(
            "A short name for the work, for example ‘Community hubs in every neighbourhood’"
        ),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "kil-input", "autocomplete": "off"}),
    )
    summary = forms.CharField(label=_("Summary"), required=False)

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        limit = award.summary_word_limit
        field = self.fields["summary"]
        field.help_text = _("Describe the work in %(limit)s words or fewer") % {"limit": limit}
        field.widget = _textarea(limit, rows=6)
        _long_text(field, limit, _("Your summary"))


class PartnershipForm(VersionedForm):
    optional_fields = ("partners",)

    partners = forms.CharField(
        label=_("How do the council and these organisations work together?"),
        help_text=_("For example, a partnership board, a shared budget or a long-term agreement"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 5, "class": "kil-textarea"}),
    )


class PartnerForm(forms.Form):
    """One community organisation in the partnership (GOV.UK "add another" pattern)."""

    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        error_messages={"required": _("Enter the name of the organisation")},
    )
    kind = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", _("Choose a type")), *PartnerOrganisation.Kind.choices],
        error_messages={"required": _("Select the type of organisation")},
    )
    contact_name = forms.CharField(
        label=_("Contact's full name"),
        max_length=200,
        error_messages={"required": _("Enter the name of someone we can contact there")},
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    contact_email = forms.EmailField(
        label=_("Contact's email address"),
        max_length=254,
        error_messages={
            "required": _("Enter the contact's email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    contact_phone = forms.CharField(
        label=_("Contact's telephone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "class": "kil-input--width-20"}),
    )


class BasePartnerFormSet(forms.BaseFormSet):
    """A draft is saved with as many organisations as are filled in, none included: a row left
    completely empty (the one "Add another" adds, say) is ignored, and "at least one" is checked at
    submit (selectors.nomination_completeness). A row partly filled in is checked, so that what is
    saved can be used."""

    def _construct_form(self, i, **kwargs):
        kwargs.setdefault("empty_permitted", True)
        kwargs.setdefault("use_required_attribute", False)
        return super()._construct_form(i, **kwargs)

    def organisations(self) -> list[dict]:
        """The filled-in rows, in order; rows left completely empty are ignored."""
        return [
            {name: form.cleaned_data.get(name, "") for name in PARTNER_FIELDS}
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


class StatementForm(VersionedForm):
    text = forms.CharField(required=False)

    def __init__(self, *args, criterion, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["text"]
        field.label = _("How you put principle %(number)s into practice") % {
            "number": criterion.principle.number
        }
        field.help_text = _(
            "%(limit)s words or fewer. Say what you did, with whom, and what changed."
        ) % {"limit": limit}
        field.widget = _textarea(limit, rows=12)
        _long_text(field, limit, _("Your statement"))


class DeclarationForm(VersionedForm):
    declaration_confirmed = forms.BooleanField(
        label=_(
            "I confirm that the information in this nomination is accurate and that my organisation "
            "agrees to it being submitted"
        ),
        required=True,
        error_messages={"required": _("Confirm that the information is accurate")},
    )
    contacts_consent = forms.BooleanField(
        label=_(
            "The people named as contacts have agreed that the award team may contact them about this "
            "nomination"
        ),
        required=True,
        error_messages={"required": _("Confirm that the contacts have agreed to be contacted")},
    )
    publication_consent = forms.TypedChoiceField(
        label=_("If your nomination wins, may we publish a story based on it?"),
        help_text=_(
            "Winners and highly commended nominations become showcase stories on this site. We never "
            "publish contact details."
        ),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "kil-radios--inline"}),
        error_messages={
            "required": _("Select yes if we may publish a story about your nomination")
        },
    )


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG"),
        error_messages={"required": _("Select a file"), "empty": _("The selected file is empty")},
        widget=forms.ClearableFileInput(attrs={"class": "kil-file-upload"}),
    )
    description = forms.CharField(
        label=_("Describe the file"),
        help_text=_("For example ‘Evaluation of the neighbourhood hubs, 2025’"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "kil-input"}),
    )
    criteria = forms.MultipleChoiceField(
        label=_("Which principles does it support?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = [
            (str(c.pk), str(c.principle)) for c in award.ordered_criteria
        ]
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG, up to %(size)s MB"
        ) % {"size": award.max_file_size_mb}


class StartNominationForm(forms.Form):
    council = forms.ModelChoiceField(
        queryset=None,
        label=_("Which organisation are you nominating?"),
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils


PartnerFormSet = forms.formset_factory(
    PartnerForm, formset=BasePartnerFormSet, extra=0, min_num=1, max_num=30, validate_max=True
)
