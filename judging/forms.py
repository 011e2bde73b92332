from django import forms
from django.utils.translation import gettext_lazy as _

NOT_APPLICABLE = "na"


class ScorecardForm(forms.Form):
    """One score (0 to the round's maximum, or "not applicable") and a comment per principle."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    overall_comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "kil-textarea"}),
    )

    def __init__(self, *args, criteria, round, require_all: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        choices = [(str(level), str(level)) for level in range(round.scale_max + 1)]
        if round.allow_not_applicable:
            choices.append((NOT_APPLICABLE, _("Not applicable")))
        for criterion in criteria:
            principle = criterion.principle
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
    for score in scorecard.scores.all():
        initial[f"score_{score.criterion_id}"] = (
            NOT_APPLICABLE if score.value is None else str(score.value)
        )
        initial[f"comment_{score.criterion_id}"] = score.comment
    return initial
