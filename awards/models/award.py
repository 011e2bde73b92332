from decimal import Decimal

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from home.routing import SiteRouting

from ..serializers import PrincipleField
from .principles import Principle


class AwardIndexPage(SiteRouting, Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["awards.AwardPage"]
    max_count = 1

    @property
    def meta_description(self):
        return _(
            "The Keep it Local Award, year by year: who can enter, the principles, key dates and "
            "the winners."
        )

    def get_context(self, request, *args, **kwargs):
        # The winners come to the template from award_tags: the reads behind them import these models.
        context = super().get_context(request, *args, **kwargs)
        context["awards"] = list(AwardPage.objects.live().public().child_of(self).order_by("-year"))
        return context


class AwardPage(Page):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    intro = RichTextField(_("introduction"), blank=True)
    eligibility = RichTextField(_("who can enter"), blank=True)
    opens_at = models.DateTimeField(_("nominations open"))
    closes_at = models.DateTimeField(_("nominations close"))
    results_announced_at = models.DateTimeField(_("results announced"), null=True, blank=True)
    statement_word_limit = models.PositiveSmallIntegerField(
        _("word limit per principle statement"), default=500
    )
    summary_word_limit = models.PositiveSmallIntegerField(
        _("word limit for the summary"), default=250
    )
    max_file_size_mb = models.PositiveSmallIntegerField(_("largest evidence file (MB)"), default=20)
    max_files = models.PositiveSmallIntegerField(_("evidence files per nomination"), default=10)

    content_panels = [
        *Page.content_panels,
        FieldPanel("year"),
        FieldPanel("intro"),
        FieldPanel("eligibility"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                # Set only by announcing the results (Judging > Announce results), which checks
                # that there is something to announce and logs who did it.
                FieldPanel("results_announced_at", read_only=True),
            ],
            heading=_("Key dates (Europe/London)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("statement_word_limit"),
                FieldPanel("summary_word_limit"),
                FieldRowPanel([FieldPanel("max_file_size_mb"), FieldPanel("max_files")]),
            ],
            heading=_("Limits"),
        ),
        InlinePanel("criteria", heading=_("Principles judged and their weights"), min_num=1),
    ]
    api_fields = [
        APIField("year"),
        APIField("intro"),
        APIField("eligibility"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("results_announced_at"),
        APIField("phase"),
        APIField("criteria"),
    ]
    parent_page_types = ["awards.AwardIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("award")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Nominations must close after they open.")})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def results_announced(self, now=None) -> bool:
        """Whether the award's outcomes are public. Until then they are provisional: a pure comparison
        with the clock, so an announcement scheduled for the ceremony takes effect at that moment
        without anything having to run."""
        return self.results_announced_at is not None and self.results_announced_at <= (
            now or timezone.now()
        )

    def with_content_json(self, content):
        # The announcement is not page content: the editor shows the award's own, not a revision's.
        page = super().with_content_json(content)
        page.results_announced_at = self.results_announced_at
        return page

    def save(self, *args, **kwargs):
        # Only the announce service (saving that one field) sets the announcement: a whole-page save
        # (publishing a revision made before it, say) keeps what the database holds.
        if self.pk and kwargs.get("update_fields") is None:
            self.results_announced_at = (
                AwardPage.objects.filter(pk=self.pk)
                .values_list("results_announced_at", flat=True)
                .first()
            )
        return super().save(*args, **kwargs)

    ANNOUNCEMENT_STATE_KEY = "awards:unannounced-years"

    @classmethod
    def unannounced_years(cls, now=None) -> frozenset:
        """The years of every award whose outcomes are not yet public, for a story page to check on
        each request. Kept in the fragment cache (cleared when an award or its announcement
        changes) only until the next scheduled announcement, so it is as exact as the clock."""
        now = now or timezone.now()
        fragments = (
            caches["fragments"]
            if settings.FRAGMENT_CACHE_SECONDS and "fragments" in settings.CACHES
            else None
        )
        state = fragments.get(cls.ANNOUNCEMENT_STATE_KEY) if fragments else None
        if state is None or not (
            state["at"] <= now and (state["next"] is None or now < state["next"])
        ):
            rows = list(cls.objects.values_list("year", "results_announced_at"))
            state = {
                "at": now,
                "next": min((at for _, at in rows if at and at > now), default=None),
                "years": frozenset(year for year, at in rows if at is None or at > now),
            }
            if fragments:
                fragments.set(cls.ANNOUNCEMENT_STATE_KEY, state, settings.FRAGMENT_CACHE_SECONDS)
        return state["years"]

    @classmethod
    def unannounced(cls, now=None):
        """Every award (live or not) whose outcomes are not yet public."""
        now = now or timezone.now()
        return cls.objects.filter(
            Q(results_announced_at__isnull=True) | Q(results_announced_at__gt=now)
        )

    @property
    def phase(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return "upcoming"
        if now < self.closes_at:
            return "open"
        if self.results_announced(now):
            return "results"
        return "judging"

    @cached_property
    def ordered_criteria(self):
        return list(self.criteria.select_related("principle").order_by("principle__number"))

    def get_context(self, request, *args, **kwargs):
        # Lazy: a page whose body comes from the fragment cache asks the database for neither.
        context = super().get_context(request, *args, **kwargs)
        context["criteria"] = SimpleLazyObject(lambda: self.ordered_criteria)
        return context

    @property
    def meta_description(self):
        return _(
            "The %(year)s Keep it Local Award: who can enter, key dates and the six principles "
            "it judges."
        ) % {"year": self.year}


class AwardCriterion(Orderable):
    """A principle as judged in one award, with its weight."""

    award = ParentalKey(AwardPage, on_delete=models.CASCADE, related_name="criteria")
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    word_limit = models.PositiveSmallIntegerField(
        _("word limit"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave blank to use the award's word limit per principle statement."),
    )

    panels = [FieldPanel("principle"), FieldPanel("weight"), FieldPanel("word_limit")]
    api_fields = [APIField("principle", serializer=PrincipleField()), APIField("weight")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["award", "principle"], name="criterion_award_principle"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="criterion_weight_not_negative"
            ),
        ]
        verbose_name = _("principle judged")

    def __str__(self):
        return str(self.principle)

    @property
    def statement_word_limit(self) -> int:
        return self.word_limit or self.award.statement_word_limit
