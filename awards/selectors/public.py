from dataclasses import dataclass

from django.utils import timezone

from ..models import (
    AwardPage,
    Nomination,
    Principle,
    ShowcaseStoryPage,
)


def published_stories():
    return (
        ShowcaseStoryPage.objects.live()
        .announced()
        .select_related("council")
        .order_by("-award_year", "title")
    )


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
            status__in=Nomination.RECOGNISED,
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
