"""Reads of awards and nominations, each with the joins and prefetches its page needs."""

import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from .models import (
    AwardPage,
    CouncilMembership,
    Evidence,
    Nomination,
    NominationStatement,
    PartnerOrganisation,
    Principle,
    ShowcaseStoryPage,
)
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
            "partner_organisations",
        )
        .get(uuid=uuid)
    )


def nomination_for_submit(*, uuid) -> Nomination:
    """Only what submitting checks: the statements' texts and whether any partner organisation and any
    evidence exist, in two queries; submitting is deadline day's busiest request after a section save."""
    return (
        Nomination.objects.select_related("award", "council")
        .annotate(
            has_partners=Exists(PartnerOrganisation.objects.filter(nomination=OuterRef("pk"))),
            has_evidence=Exists(Evidence.objects.filter(nomination=OuterRef("pk"))),
        )
        .prefetch_related("statements")
        .get(uuid=uuid)
    )


def nomination_for_section(*, uuid, section: str) -> Nomination:
    """One task-list section's nomination: only the rows that section shows are prefetched (the
    About section needs none), since saving a section is deadline day's most frequent request."""
    prefetch = []
    if section.startswith("principle-"):
        prefetch.append(
            Prefetch("statements", queryset=NominationStatement.objects.select_related("criterion"))
        )
    elif section == "partnership":
        prefetch.append("partner_organisations")
    return (
        Nomination.objects.select_related("award", "council")
        .prefetch_related(*prefetch)
        .get(uuid=uuid)
    )


PARTNER_FIELDS = ("name", "kind", "contact_name", "contact_email", "contact_phone")


def partner_rows(nomination: Nomination) -> list[dict]:
    return [
        {name: getattr(partner, name) for name in PARTNER_FIELDS}
        for partner in nomination.partner_organisations.all()
    ]


def section_digest(
    nomination: Nomination, *, fields=(), criterion_ids=(), partners: bool = False
) -> str:
    """A fingerprint of one section's saved answers, read fresh from the database. An editor's form
    carries the one it was loaded with, so a save can tell whether a colleague changed this section."""
    state = {"fields": {name: getattr(nomination, name) for name in sorted(fields)}}
    if criterion_ids:
        texts = dict(
            NominationStatement.objects.filter(
                nomination=nomination, criterion_id__in=criterion_ids
            ).values_list("criterion_id", "text")
        )
        state["statements"] = {str(pk): texts.get(pk, "") for pk in sorted(criterion_ids)}
    if partners:
        state["partners"] = list(
            PartnerOrganisation.objects.filter(nomination=nomination)
            .order_by("position", "pk")
            .values_list(*PARTNER_FIELDS)
        )
    encoded = json.dumps(state, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def council_team(*, council_ids):
    """Members of these councils and requests to join them, for the team page."""
    return (
        CouncilMembership.objects.filter(council_id__in=council_ids)
        .select_related("user", "council", "decided_by")
        .order_by("council__name", "status", "user__email")
    )


def co_editors(nomination: Nomination) -> list:
    """The officers who can work on this nomination: every approved member of its council."""
    return [
        membership.user
        for membership in CouncilMembership.objects.filter(
            council_id=nomination.council_id,
            status=CouncilMembership.Status.APPROVED,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__email")
    ]


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
    default_limit = nomination.award.statement_word_limit
    return [
        StatementRow(
            criterion=c,
            text=texts.get(c.pk, ""),
            words=count_words(texts.get(c.pk, "")),
            limit=c.word_limit or default_limit,
        )
        for c in nomination.award.ordered_criteria
    ]


def nomination_completeness(nomination: Nomination) -> Completeness:
    """What still stops this nomination being submitted, in words an officer can act on."""
    result = Completeness()
    award = nomination.award
    if not nomination.contact_name.strip() or not nomination.contact_job_title.strip():
        result.missing.append(_("Tell us who leads the nomination"))
    if not nomination.title.strip():
        result.missing.append(_("Enter a title for your nomination"))
    if not nomination.summary.strip():
        result.missing.append(_("Enter a summary"))
    elif count_words(nomination.summary) > award.summary_word_limit:
        result.missing.append(_("Shorten your summary"))
    if not _has(nomination, "has_partners", "partner_organisations"):
        result.missing.append(_("Add the community organisations in the partnership"))
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
    if not _has(nomination, "has_evidence", "evidence"):
        result.missing.append(_("Upload at least one evidence file"))
    if not nomination.declaration_confirmed or not nomination.contacts_consent:
        result.missing.append(_("Confirm the declarations"))
    if nomination.publication_consent is None:
        result.missing.append(_("Say whether we may publish your nomination if it wins"))
    return result


def _has(nomination: Nomination, annotation: str, related: str) -> bool:
    """Whether the nomination has any `related` rows: from nomination_for_submit's annotation, or from
    the rows the other selectors prefetch."""
    if hasattr(nomination, annotation):
        return getattr(nomination, annotation)
    return bool(getattr(nomination, related).all())


def published_stories():
    return (
        ShowcaseStoryPage.objects.live()
        .announced()
        .select_related("council")
        .order_by("-award_year", "title")
    )


# --- showcase and open data ----------------------------------------------------------------------


@dataclass(frozen=True)
class ShowcaseChoices:
    principles: list[tuple[int, str]]
    years: list[int]
    regions: list[str]
    outcomes: list[tuple[str, str]]


def latest_principle_titles() -> list[tuple[int, str]]:
    """Each principle's number with its newest wording."""
    titles = {}
    for number, title in Principle.objects.order_by("number", "-version").values_list(
        "number", "title"
    ):
        titles.setdefault(number, title)
    return sorted(titles.items())


def showcase_filter_choices() -> ShowcaseChoices:
    """What the showcase can be filtered by: only values some published story has."""
    stories = ShowcaseStoryPage.objects.live().public().announced()
    return ShowcaseChoices(
        principles=latest_principle_titles(),
        years=list(stories.order_by("-award_year").values_list("award_year", flat=True).distinct()),
        regions=list(
            stories.exclude(region="")
            .order_by("region")
            .values_list("region", flat=True)
            .distinct()
        ),
        outcomes=list(ShowcaseStoryPage.Outcome.choices),
    )


def showcase_stories(
    *, index=None, query: str = "", principle=None, year=None, region: str = "", outcome: str = ""
):
    """Published stories, newest award first, narrowed by the showcase's filters and a search."""
    stories = ShowcaseStoryPage.objects.live().public()
    if index is not None:
        stories = stories.child_of(index)
    if principle:
        stories = stories.filter(
            pk__in=ShowcaseStoryPage.principles.through.objects.filter(
                principle__number=principle
            ).values("showcasestorypage_id")
        )
    if year:
        stories = stories.filter(award_year=year)
    if region:
        stories = stories.filter(region=region)
    if outcome:
        stories = stories.filter(outcome=outcome)
    if query:
        matching = stories.search(query, order_by_relevance=False)
        stories = stories.filter(pk__in=[story.pk for story in matching])
    # After the search: the search backend filters only on indexed fields.
    return (
        stories.announced()
        .select_related("council", "hero_image")
        # Card images come from renditions; prefetched, a page of cards costs one query for them.
        .prefetch_related("principles", "hero_image__renditions")
        # "winner" sorts after "highly_commended": descending puts winners first.
        .order_by("-award_year", "-outcome", "title")
    )


def stories_for_feed(limit: int = 50):
    return (
        ShowcaseStoryPage.objects.live()
        .public()
        .announced()
        .select_related("council")
        .prefetch_related("principles")
        .order_by("-first_published_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class WinnerRow:
    """One organisation recognised in one year, as the public may know it: no people, no scores."""

    year: int
    outcome: str
    outcome_label: str
    organisation: str
    organisation_type: str
    region: str
    gss_code: str
    story_title: str = ""
    story_url: str = ""


def next_public_change_at(now=None):
    """When an award next changes phase by the clock alone (nominations open or close, results
    announced at a scheduled time), or None: cached public pages must not outlive it (home.cache)."""
    now = now or timezone.now()
    times = [
        at
        for row in AwardPage.objects.live().values_list(
            "opens_at", "closes_at", "results_announced_at"
        )
        for at in row
        if at is not None and at > now
    ]
    return min(times, default=None)


def announced_awards():
    """Awards whose results have been announced, newest first."""
    return (
        AwardPage.objects.live()
        .public()
        .filter(results_announced_at__lte=timezone.now())
        .order_by("-year")
    )


def winners_for_awards(awards, *, request=None) -> dict[int, list[WinnerRow]]:
    """Winners and highly commended per award year, for awards whose results are announced.

    Decided nominations are the record; a year from before nominations were made on this site is
    known from its published stories instead. Either way a live story, if there is one, is linked.
    """
    awards = [award for award in awards if award.phase == "results"]
    years = [award.year for award in awards]
    outcome_labels = dict(Nomination.Status.choices)
    stories = list(
        ShowcaseStoryPage.objects.live()
        .public()
        .announced()
        .filter(award_year__in=years)
        .select_related("council")
        .order_by("title")
    )
    story_by_nomination = {s.source_nomination_id: s for s in stories if s.source_nomination_id}
    rows: dict[int, list[WinnerRow]] = {year: [] for year in years}
    decided = (
        Nomination.objects.filter(
            award__in=awards,
            status__in=[Nomination.Status.WINNER, Nomination.Status.HIGHLY_COMMENDED],
        )
        .select_related("council", "award")
        .order_by("council__name")
    )
    seen = set()
    for nomination in decided:
        story = story_by_nomination.get(nomination.pk)
        council = nomination.council
        seen.add((nomination.award.year, council.pk))
        rows[nomination.award.year].append(
            WinnerRow(
                year=nomination.award.year,
                outcome=nomination.status,
                outcome_label=str(outcome_labels[nomination.status]),
                organisation=council.name,
                organisation_type=str(council.get_kind_display()),
                region=council.region,
                gss_code=council.gss_code,
                story_title=story.title if story else "",
                story_url=story.get_url(request) if story else "",
            )
        )
    for story in stories:
        if story.source_nomination_id or (story.award_year, story.council_id) in seen:
            continue
        council = story.council
        rows[story.award_year].append(
            WinnerRow(
                year=story.award_year,
                outcome=story.outcome,
                outcome_label=str(story.get_outcome_display()),
                organisation=council.name if council else story.title,
                organisation_type=str(council.get_kind_display()) if council else "",
                region=story.region or (council.region if council else ""),
                gss_code=council.gss_code if council else "",
                story_title=story.title,
                story_url=story.get_url(request),
            )
        )
    order = {Nomination.Status.WINNER: 0, Nomination.Status.HIGHLY_COMMENDED: 1}
    for year_rows in rows.values():
        year_rows.sort(key=lambda row: (order.get(row.outcome, 2), row.organisation))
    return rows


ELIGIBILITY_ACTIONS = ("awards.nomination.eligible", "awards.nomination.ineligible")


def last_eligibility_mark(nomination: Nomination) -> ModelLogEntry | None:
    """Who last marked the nomination eligible or not, when, and with what reason (in `data`)."""
    return (
        ModelLogEntry.objects.for_instance(nomination)
        .filter(action__in=ELIGIBILITY_ACTIONS)
        .select_related("user")
        .order_by("-timestamp", "-pk")
        .first()
    )
