from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rest_framework.fields import CharField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.routing import SiteRouting

from ..admin_forms import ShowcaseStoryPageForm
from ..blocks import StoryBodyBlock
from ..publishing import (
    PublishingRefused,
    release_problems,
    story_problems,
    story_refuse_scheduled_publication,
)
from ..serializers import HeroImageField, PrinciplesField
from .award import AwardPage
from .councils import Council
from .nominations import Nomination
from .principles import Principle


class ShowcaseIndexPage(SiteRouting, Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["awards.ShowcaseStoryPage"]
    max_count = 1
    # The listing comes to the template from award_tags: the reads behind it import these models.
    stories_per_page = 12

    @property
    def meta_description(self):
        return _(
            "Stories from councils recognised by the Keep it Local Award: how they put the six "
            "Keep it Local principles into practice with local community organisations."
        )


class ShowcaseStoryQuerySet(PageQuerySet):
    def announced(self, now=None):
        """Only stories whose award has announced its results: by the story's year, and by the award
        of the nomination it came from (an editor changing the year cannot let it out early)."""
        unannounced = AwardPage.unannounced(now)
        return self.exclude(award_year__in=unannounced.values("year")).exclude(
            source_nomination__in=Nomination.objects.filter(award__in=unannounced)
        )


class ShowcaseStoryPage(Page):
    class Outcome(models.TextChoices):
        WINNER = "winner", _("Winner")
        HIGHLY_COMMENDED = "highly_commended", _("Highly commended")

    summary = models.TextField(_("summary"), max_length=600)
    hero_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Its alt text and credit come from the image library."),
    )
    body = StreamField(StoryBodyBlock(), blank=True)
    council = models.ForeignKey(
        Council, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    award_year = models.PositiveSmallIntegerField(_("award year"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.WINNER
    )
    principles = ParentalManyToManyField(Principle, blank=True, related_name="+")
    source_nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    is_summary = models.BooleanField(
        _("short summary, full story to follow"),
        default=False,
        help_text=_(
            "Tick while the story holds only what is publicly known. The public page says a "
            "fuller story is coming; untick when it is written."
        ),
    )
    editor_note = models.TextField(
        _("note for editors"),
        blank=True,
        help_text=_("What is left to do on this story. Never shown on the site or in open data."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("council"),
                FieldPanel("region"),
                FieldPanel("award_year"),
                FieldPanel("outcome"),
                FieldPanel("principles"),
                FieldPanel("source_nomination", read_only=True),
            ],
            heading=_("About the story"),
        ),
        MultiFieldPanel(
            [FieldPanel("is_summary"), FieldPanel("editor_note")],
            heading=_("For editors"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("region"),
        index.RelatedFields("council", [index.SearchField("name")]),
        index.FilterField("award_year"),
        index.FilterField("region"),
        index.FilterField("outcome"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("hero", serializer=HeroImageField(source="hero_image")),
        APIField("body"),
        APIField("council_name", serializer=CharField(source="council.name", default=None)),
        APIField("region"),
        APIField("award_year"),
        APIField("outcome"),
        APIField("principles", serializer=PrinciplesField()),
    ]
    objects = PageManager.from_queryset(ShowcaseStoryQuerySet)()

    base_form_class = ShowcaseStoryPageForm
    og_type = "article"
    parent_page_types = ["awards.ShowcaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("showcase story")
        verbose_name_plural = _("showcase stories")

    @property
    def meta_description(self):
        return self.summary

    @property
    def meta_image(self):
        return self.hero_image

    def outcome_awards(self) -> list[AwardPage]:
        """The awards whose outcome this story tells: its year's, and its nomination's."""
        query = Q(year=self.award_year)
        if self.source_nomination_id:
            query |= Q(nominations=self.source_nomination_id)
        return list(AwardPage.objects.filter(query).distinct())

    def outcome_announced(self, now=None) -> bool:
        return all(award.results_announced(now) for award in self.outcome_awards())

    def publication_problems(self, at=None):
        """What stops this story going live at `at` (now by default)."""
        return [
            *release_problems(story=self, at=at or timezone.now()),
            *story_problems(hero_image=self.hero_image, body=self.body),
        ]

    def serve(self, request, *args, **kwargs):
        # A story published before its award announced (or before this check existed) stays hidden
        # until the announcement. By its year: the publishing gate has checked its nomination's
        # award too, and an announcement reached is final.
        if self.award_year in AwardPage.unannounced_years():
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        if self.award_year in AwardPage.unannounced_years():
            return []
        return super().get_sitemap_urls(request)

    def publish(self, revision, user=None, log_action=True, **kwargs):
        # Every publication but the editor's own Publish button comes through here (that one is
        # checked by the page form and by save() below).
        story = revision.as_object()
        now = timezone.now()
        # A future go-live only schedules the story: it must not go live before the announcement.
        at = story.go_live_at if story.go_live_at and story.go_live_at > now else now
        problems = story.publication_problems(at=at)
        if problems:
            if log_action == "wagtail.publish.scheduled":
                # The scheduler publishes many objects in one loop: refuse this one without
                # stopping the others, and say why in the page's history.
                story_refuse_scheduled_publication(
                    story=story, revision=revision, problems=problems
                )
                return None
            raise PublishingRefused(story, problems)
        return super().publish(revision, user=user, log_action=log_action, **kwargs)

    def save(self, *args, clean=True, **kwargs):
        if clean and self.live and self._is_going_live():
            problems = self.publication_problems()
            if problems:
                raise PublishingRefused(self, problems)
        return super().save(*args, clean=clean, **kwargs)

    def _is_going_live(self) -> bool:
        if self.pk is None:
            return True
        current = (
            ShowcaseStoryPage.objects.filter(pk=self.pk)
            .values_list("live", "live_revision_id")
            .first()
        )
        return current is None or current != (True, self.live_revision_id)
