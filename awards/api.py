"""The open data API: Wagtail API v2, read-only and anonymous, at /api/v2/.

- stories/  published showcase stories (summary, hero image, body, council, region, year, outcome,
            principles)
- awards/   award pages (dates, intro, who can enter)
- pages/    every published public page, with only Wagtail's standard public fields

What each page type exposes is its `api_fields`; nothing else of a model is reachable. Source
nominations, editors' notes, owners and revisions are never exposed, and only live, public pages are;
a story only once its award's results are announced.
"""

from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from .models import AwardPage, ShowcaseStoryPage


class PublicPagesAPIViewSet(PagesAPIViewSet):
    # JSON only: the browsable HTML renderer brings forms and inline scripts we do not need.
    renderer_classes = [JSONRenderer]

    def get_base_queryset(self):
        # A story whose award has not announced its results is not public, live or not.
        return (
            super()
            .get_base_queryset()
            .exclude(
                pk__in=ShowcaseStoryPage.objects.exclude(
                    pk__in=ShowcaseStoryPage.objects.announced().values("pk")
                ).values("pk")
            )
        )


class _TypedPagesAPIViewSet(PublicPagesAPIViewSet):
    """One page type only; `?type=` cannot widen it."""

    known_query_parameters = PublicPagesAPIViewSet.known_query_parameters - {"type"}

    def get_queryset(self):
        return self.model.objects.filter(
            pk__in=self.get_base_queryset().values_list("pk", flat=True)
        ).order_by(*self.default_ordering)


class StoriesAPIViewSet(_TypedPagesAPIViewSet):
    name = "stories"
    model = ShowcaseStoryPage
    default_ordering = ("-award_year", "title")
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "summary",
        "council_name",
        "region",
        "award_year",
        "outcome",
        "principles",
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("council", "hero_image")


class AwardsAPIViewSet(_TypedPagesAPIViewSet):
    name = "awards"
    model = AwardPage
    default_ordering = ("-year",)
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "year",
        "phase",
        "opens_at",
        "closes_at",
        "results_announced_at",
    ]


api_router = WagtailAPIRouter("wagtailapi")
# Registered before "pages" so that links to a story or an award point at its own endpoint.
api_router.register_endpoint("stories", StoriesAPIViewSet)
api_router.register_endpoint("awards", AwardsAPIViewSet)
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
