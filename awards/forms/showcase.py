from django import forms
from django.utils.translation import gettext_lazy as _


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
        for field in self.fields.values():
            field.hide_optional_marker = True  # every filter is optional; saying so is noise
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
