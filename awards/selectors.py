"""Reads of awards and nominations, each with the joins and prefetches its page needs."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AwardPage, Evidence, Nomination, NominationStatement, ShowcaseStoryPage
from .permissions import council_ids_for


def count_words(text: str) -> int:
    return len(text.split())


def current_award(now=None) -> AwardPage | None:
    """The award open for nominations now, else the next one to open, else the latest."""
    now = now or timezone.now()
    awards = AwardPage.objects.live()
    return (
        awards.filter(opens_at__lte=now, closes_at__gt=now).order_by("-year").first()
        or awards.filter(opens_at__gt=now).order_by("opens_at").first()
        or awards.order_by("-year").first()
    )


def nominations_for_user(*, user):
    return (
        Nomination.objects.for_council_ids(council_ids_for(user))
        .select_related("award", "council")
        .order_by("-award__year", "council__name")
    )


def nomination_for_edit(*, uuid) -> Nomination:
    return (
        Nomination.objects.select_related("award", "council")
        .prefetch_related(
            Prefetch(
                "statements", queryset=NominationStatement.objects.select_related("criterion")
            ),
            Prefetch("evidence", queryset=Evidence.objects.prefetch_related("criteria")),
        )
        .get(uuid=uuid)
    )


def evidence_for_download(*, uuid) -> Evidence:
    return Evidence.objects.select_related("nomination__council", "nomination__award").get(
        uuid=uuid
    )


@dataclass
class StatementRow:
    criterion: object
    text: str
    words: int
    limit: int

    @property
    def slug(self) -> str:
        return f"principle-{self.criterion.principle.number}"

    @property
    def over_limit(self) -> bool:
        return self.words > self.limit


@dataclass
class Completeness:
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def statement_rows(nomination: Nomination) -> list[StatementRow]:
    texts = {s.criterion_id: s.text for s in nomination.statements.all()}
    limit = nomination.award.statement_word_limit
    return [
        StatementRow(
            criterion=c,
            text=texts.get(c.pk, ""),
            words=count_words(texts.get(c.pk, "")),
            limit=limit,
        )
        for c in nomination.award.ordered_criteria
    ]


def nomination_completeness(nomination: Nomination) -> Completeness:
    """What still stops this nomination being submitted, in words an officer can act on."""
    result = Completeness()
    award = nomination.award
    if not nomination.title.strip():
        result.missing.append(_("Enter a title for your nomination"))
    if not nomination.summary.strip():
        result.missing.append(_("Enter a summary"))
    elif count_words(nomination.summary) > award.summary_word_limit:
        result.missing.append(_("Shorten your summary"))
    if not nomination.partners.strip():
        result.missing.append(_("Tell us about the community organisations in the partnership"))
    for row in statement_rows(nomination):
        if not row.text.strip():
            result.missing.append(
                _("Write your statement for principle %(number)s")
                % {"number": row.criterion.principle.number}
            )
        elif row.over_limit:
            result.missing.append(
                _("Shorten your statement for principle %(number)s")
                % {"number": row.criterion.principle.number}
            )
    if not nomination.evidence.all():
        result.missing.append(_("Upload at least one evidence file"))
    if not nomination.declaration_confirmed:
        result.missing.append(_("Confirm the declaration"))
    return result


def published_stories():
    return (
        ShowcaseStoryPage.objects.live().select_related("council").order_by("-award_year", "title")
    )
