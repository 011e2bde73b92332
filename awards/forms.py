from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import count_words


class VersionedForm(forms.Form):
    """Carries the nomination version the officer loaded, so a colleague's later save is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def word_limit_validator(limit: int, what: str):
    def validate(value: str):
        words = count_words(value)
        if words > limit:
            raise forms.ValidationError(
                _("%(what)s must be %(limit)s words or fewer (you have %(words)s)"),
                params={"what": what, "limit": limit, "words": words},
                code="word_limit",
            )

    return validate


def _textarea(limit: int, rows: int = 8):
    return forms.Textarea(attrs={"rows": rows, "data-word-limit": limit, "class": "kil-textarea"})


class AboutForm(VersionedForm):
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
        field.validators.append(word_limit_validator(limit, _("Summary")))


class PartnershipForm(VersionedForm):
    partners = forms.CharField(
        label=_("Community organisations in the partnership"),
        help_text=_(
            "Name each organisation, what kind of organisation it is and its part in the work"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "kil-textarea"}),
    )


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
        field.validators.append(word_limit_validator(limit, _("Your statement")))


class DeclarationForm(VersionedForm):
    declaration_confirmed = forms.BooleanField(
        label=_(
            "I confirm that the information in this nomination is accurate and that the council agrees "
            "to it being submitted"
        ),
        required=True,
        error_messages={"required": _("Confirm the declaration to continue")},
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


class ShowcaseFilterForm(forms.Form):
    """The showcase's filters and search: a plain GET form. A value that is not one of the choices
    (an old link, a typed URL) is ignored rather than shown as an error."""

    q = forms.CharField(label=_("Search stories"), required=False, max_length=200)
    principle = forms.TypedChoiceField(
        label=_("Principle"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(
        label=_("Award year"), required=False, coerce=int, empty_value=None
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)

    def __init__(self, data=None, *, choices):
        super().__init__(data)
        self.fields["principle"].choices = [("", _("Any principle"))] + [
            (number, f"{number}. {title}") for number, title in choices.principles
        ]
        self.fields["year"].choices = [("", _("Any year"))] + [
            (year, str(year)) for year in choices.years
        ]
        self.fields["region"].choices = [("", _("Any region"))] + [
            (region, region) for region in choices.regions
        ]
        self.fields["outcome"].choices = [("", _("Any outcome")), *choices.outcomes]
        if self.is_bound:
            cleaned = self.data.copy()
            for name in ("principle", "year", "region", "outcome"):
                allowed = {str(value) for value, _label in self.fields[name].choices}
                if cleaned.get(name) not in allowed:
                    cleaned.pop(name, None)
            cleaned["q"] = cleaned.get("q", "")[:200]
            self.data = cleaned

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": (data.get("q") or "").strip(),
            "principle": data.get("principle"),
            "year": data.get("year"),
            "region": data.get("region") or "",
            "outcome": data.get("outcome") or "",
        }
