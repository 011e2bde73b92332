from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models import Council

NOT_APPLICABLE = "na"


class ScorecardForm(forms.Form):
    """One score (0 to the round's maximum, or "not applicable") and a comment per principle."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    overall_comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        help_text=_("What stood out, for the panel. Award staff may share it with the council."),
        widget=forms.Textarea(attrs={"rows": 5, "class": "kil-textarea"}),
    )

    def __init__(self, *args, criteria, round, require_all: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.round = round
        for criterion in criteria:
            principle = criterion.principle
            choices = [(str(level), str(level)) for level in range(round.scale_max + 1)]
            if round.allow_not_applicable:
                choices.append((NOT_APPLICABLE, _("Not applicable")))
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=_("Score for principle %(number)s") % {"number": principle.number},
                choices=choices,
                required=require_all,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Select a score for principle %(number)s")
                    % {"number": principle.number}
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on principle %(number)s") % {"number": principle.number},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "class": "kil-textarea"}),
            )
        self.order_fields(
            ["version", *[n for c in criteria for n in (f"score_{c.pk}", f"comment_{c.pk}")]]
        )

    def rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def levels(self, criterion):
        """(value, label, descriptor, radio) for the score radios, descriptors from the rubric."""
        bound = self[f"score_{criterion.pk}"]
        # Descriptors are written for one scale (0-5 by default); on another they would mislead.
        fits = len(criterion.principle.rubric) == self.round.scale_max + 1
        result = []
        for radio in bound:
            value = str(radio.data["value"])
            descriptor = (
                criterion.principle.descriptor(int(value))
                if fits and value != NOT_APPLICABLE
                else ""
            )
            result.append((value, radio.choice_label, descriptor, radio))
        return result

    def scores(self) -> dict[int, tuple[int | None, str]]:
        """Answered principles only: an unanswered one stays unscored, which is not the same as N/A."""
        result = {}
        for criterion in self.criteria:
            raw = self.cleaned_data.get(f"score_{criterion.pk}")
            if not raw:
                continue
            value = None if raw == NOT_APPLICABLE else int(raw)
            result[criterion.pk] = (value, self.cleaned_data.get(f"comment_{criterion.pk}", ""))
        return result


def initial_from_scorecard(scorecard) -> dict:
    initial = {"version": scorecard.version, "overall_comment": scorecard.overall_comment}
    # A scorecard not yet saved (selectors.scorecard_for) has no scores to read.
    for score in scorecard.scores.all() if scorecard.pk else ():
        initial[f"score_{score.criterion_id}"] = (
            NOT_APPLICABLE if score.value is None else str(score.value)
        )
        initial[f"comment_{score.criterion_id}"] = score.comment
    return initial


class EntryConflictForm(forms.Form):
    """On opening an entry: no conflict, or declare one now."""

    NO, YES = "no", "yes"

    answer = forms.ChoiceField(
        label=_("Do you have a conflict of interest with this entry?"),
        choices=[
            (NO, _("No, I have no conflict of interest")),
            (YES, _("Yes, I have a conflict of interest")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you have a conflict of interest")},
    )
    reason = forms.CharField(
        label=_("What is the conflict?"),
        help_text=_(
            "For example: you work for, advise or are funded by the council or one of its partners."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "kil-textarea"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == self.YES and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say what the conflict of interest is"))
        return cleaned


class LateConflictForm(forms.Form):
    """From the scorecard page: the judge recognises a conflict while reading."""

    reason = forms.CharField(
        label=_("What is the conflict?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "kil-textarea"}),
        error_messages={"required": _("Say what the conflict of interest is")},
    )


class CouncilConflictForm(forms.Form):
    """Before allocation, in an award whose entrants judges may see: pick a council."""

    council = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Council.objects.none(),
        empty_label=_("Choose an organisation"),
        error_messages={"required": _("Choose the organisation you have a conflict with")},
    )
    reason = forms.CharField(
        label=_("What is the conflict?"),
        help_text=_(
            "For example: you work for, advise or are funded by it, or a close relative works there."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "kil-textarea"}),
        error_messages={"required": _("Say what the conflict of interest is")},
    )

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils


class NamedConflictForm(forms.Form):
    """Before allocation, in a blind award: the judge names the organisation; the list of entrants
    is never shown, so declaring reveals nothing about who entered."""

    organisation = forms.CharField(
        label=_("Organisation"),
        help_text=_(
            "Its full name, for example Northshire County Council, or its email domain, for "
            "example northshire.gov.uk."
        ),
        max_length=200,
        error_messages={"required": _("Enter the name of the organisation")},
    )
    reason = forms.CharField(
        label=_("What is the conflict?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "kil-textarea"}),
        error_messages={"required": _("Say what the conflict of interest is")},
    )

    def clean_organisation(self):
        text = self.cleaned_data["organisation"].strip()
        domain = text.lower().split("@")[-1].removeprefix("www.")
        candidates = Council.objects.filter(
            Q(name__iexact=text) | Q(email_domains__icontains=domain)
        ).order_by("name")[:20]
        match = next(
            (c for c in candidates if c.name.lower() == text.lower() or domain in c.domains), None
        )
        if match is None:
            raise forms.ValidationError(
                _(
                    "We cannot find an organisation called %(text)s in our register. Check the "
                    "spelling, or enter its email domain, for example northshire.gov.uk"
                ),
                params={"text": text},
                code="unknown",
            )
        self.cleaned_data["council"] = match
        return text


class ReviewConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I have declared every conflict of interest I have with organisations entering this "
            "award, and I will declare any I recognise while judging"
        ),
        error_messages={"required": _("Confirm that you have declared your conflicts of interest")},
    )
