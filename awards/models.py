import uuid
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework.fields import CharField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from config.storages import get_evidence_storage
from home.records import NotInReferenceIndex
from home.routing import SiteRouting

from .admin_forms import ShowcaseStoryPageForm
from .blocks import StoryBodyBlock
from .publishing import PublishingRefused, release_problems, story_problems
from .serializers import HeroImageField, PrincipleField, PrinciplesField

SCORE_LEVELS = range(0, 6)


class Principle(models.Model):
    """One wording of one Keep it Local principle.

    Wording changes from year to year ("early intervention" became "prevention"); a new wording is a new
    row with the next version, so an award keeps pointing at exactly the text it was judged on.
    """

    number = models.PositiveSmallIntegerField(_("number"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    rubric = models.JSONField(
        _("rubric descriptors"),
        default=list,
        help_text=_("Six descriptors, for scores 0 to 5 in order."),
    )

    class Meta:
        ordering = ["number", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["number", "version"], name="principle_number_version")
        ]
        verbose_name = _("principle")

    def __str__(self):
        return f"{self.number}. {self.title}"

    def descriptor(self, score: int) -> str:
        return self.rubric[score] if 0 <= score < len(self.rubric) else ""


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
        from .selectors import winners_for_awards

        context = super().get_context(request, *args, **kwargs)
        awards = list(AwardPage.objects.live().public().child_of(self).order_by("-year"))
        winners = winners_for_awards(awards, request=request)
        context["awards"] = [(award, winners.get(award.year, [])) for award in awards]
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
        if self.phase == "results":
            from .selectors import winners_for_awards

            context["winners"] = SimpleLazyObject(
                lambda: winners_for_awards([self], request=request)[self.year]
            )
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


class Council(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", _("County council")
        DISTRICT = "district", _("District council")
        UNITARY = "unitary", _("Unitary authority")
        METROPOLITAN = "metropolitan", _("Metropolitan borough")
        LONDON_BOROUGH = "london_borough", _("London borough")
        WELSH_PRINCIPAL = "welsh_principal", _("Welsh principal council")
        COMBINED = "combined", _("Combined authority")
        ICB = "icb", _("Integrated care board")
        OTHER = "other", _("Other public body")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    gss_code = models.CharField(_("ONS/GSS code"), max_length=9, blank=True)
    email_domains = models.TextField(
        _("email domains"),
        blank=True,
        help_text=_(
            "One per line, e.g. kirklees.gov.uk. Verified users with these addresses join."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("nominating organisation")

    def __str__(self):
        return self.name

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.splitlines() if d.strip()]


class CouncilMembership(NotInReferenceIndex, models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        # Kept, not deleted: a removal has to outlast the next sign-in with a council address.
        REMOVED = "removed", _("Removed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_memberships"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    message = models.TextField(_("message to the organisation"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("approved"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )

    class Meta:
        ordering = ["council__name", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="membership_user_council")
        ]
        verbose_name = _("membership")

    def __str__(self):
        return f"{self.user} – {self.council} ({self.get_status_display()})"

    @property
    def from_removed_member(self) -> bool:
        """A request to join from someone the award team took out of this organisation."""
        return self.status == self.Status.REQUESTED and self.removed_at is not None


class NominationQuerySet(models.QuerySet):
    def for_council_ids(self, council_ids):
        return self.filter(council_id__in=council_ids)

    def active(self):
        return self.exclude(status=Nomination.Status.WITHDRAWN)

    def submitted(self):
        return self.exclude(status__in=[Nomination.Status.DRAFT, Nomination.Status.WITHDRAWN])


class Nomination(NotInReferenceIndex, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Not eligible")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        WINNER = "winner", _("Winner")
        HIGHLY_COMMENDED = "highly_commended", _("Highly commended")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    award = models.ForeignKey(AwardPage, on_delete=models.PROTECT, related_name="nominations")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="nominations")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    reference = models.CharField(
        _("reference"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    title = models.CharField(_("title of your nomination"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    contact_name = models.CharField(_("lead contact's name"), max_length=200, blank=True)
    contact_job_title = models.CharField(_("lead contact's job title"), max_length=200, blank=True)
    contact_phone = models.CharField(_("lead contact's telephone"), max_length=40, blank=True)
    partners = models.TextField(_("how the partnership works"), blank=True)
    declaration_confirmed = models.BooleanField(default=False)
    contacts_consent = models.BooleanField(default=False)
    publication_consent = models.BooleanField(null=True, blank=True)
    eligibility_reason = models.TextField(_("reason given to the council"), blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    deadline_extended_until = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Set when the retention period ran out and the personal data was erased (awards/privacy.py).
    personal_data_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The status a withdrawn nomination had, so that staff can reinstate it as it was.
    withdrawn_from = models.CharField(max_length=20, blank=True, editable=False)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One live nomination per council per award; a withdrawn one does not block a fresh start.
            models.UniqueConstraint(
                fields=["award", "council"],
                condition=~Q(status="withdrawn"),
                name="one_active_nomination_per_council",
            ),
            models.UniqueConstraint(fields=["award", "number"], name="nomination_award_number"),
        ]
        verbose_name = _("nomination")

    def __str__(self):
        return self.reference or f"{self.council} – {_('draft')}"

    PROVISIONAL_STATUSES = frozenset({"shortlisted", "winner", "highly_commended", "not_selected"})

    @property
    def status_for_council(self) -> str:
        """The status as the council may know it: an outcome is provisional, and reads as still
        being judged, until the award's results are announced."""
        if self.status in self.PROVISIONAL_STATUSES and not self.award.results_announced():
            return _("Being judged")
        return self.get_status_display()

    @property
    def closes_at(self):
        if self.deadline_extended_until and self.deadline_extended_until > self.award.closes_at:
            return self.deadline_extended_until
        return self.award.closes_at

    def within_deadline(self, now=None) -> bool:
        """Whether now is inside this nomination's window: the award's, or its extension."""
        now = now or timezone.now()
        return self.award.opens_at <= now < self.closes_at

    def accepts_changes(self, now=None) -> bool:
        return self.status == self.Status.DRAFT and self.within_deadline(now)

    @property
    def has_extension(self) -> bool:
        return self.closes_at != self.award.closes_at


class PartnerOrganisation(models.Model):
    """A community organisation in the nomination's partnership, with someone the award team can ask."""

    class Kind(models.TextChoices):
        CHARITY = "charity", _("Charity")
        COMMUNITY_GROUP = "community_group", _("Community group or association")
        SOCIAL_ENTERPRISE = (
            "social_enterprise",
            _("Social enterprise or community interest company"),
        )
        COMMUNITY_ANCHOR = "community_anchor", _("Community anchor or development trust")
        FAITH_GROUP = "faith_group", _("Faith group")
        HOUSING = "housing", _("Housing association")
        TOWN_PARISH = "town_parish", _("Town or parish council")
        OTHER = "other", _("Other")

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="partner_organisations"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name of the organisation"), max_length=200)
    kind = models.CharField(_("type of organisation"), max_length=30, choices=Kind.choices)
    contact_name = models.CharField(_("contact's name"), max_length=200)
    contact_email = models.EmailField(_("contact's email address"), max_length=254)
    contact_phone = models.CharField(_("contact's telephone"), max_length=40, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("partner organisation")

    def __str__(self):
        return self.name


class NominationStatement(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="statements")
    criterion = models.ForeignKey(AwardCriterion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion"], name="statement_nomination_criterion"
            )
        ]

    def __str__(self):
        return f"{self.nomination} – {self.criterion}"


def evidence_key(instance, filename):
    # A random key: the original name is kept in the database only, so it never reaches a URL or a
    # blind judge, and two files of the same name never collide.
    return f"{uuid.uuid4().hex}"


class EvidenceQuerySet(models.QuerySet):
    def removed(self):
        return self.filter(removed_at__isnull=False)


class CurrentEvidenceManager(models.Manager.from_queryset(EvidenceQuerySet)):
    """The default: evidence that has not been removed. Removed evidence is kept, file and all, for
    an undo and for staff to restore (until awards.privacy deletes it), but nobody else sees it:
    not the nomination's pages, not check answers, not judges, not the submit check."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class Evidence(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(storage=get_evidence_storage, upload_to=evidence_key, max_length=200)
    original_name = models.CharField(max_length=255)
    description = models.CharField(_("description"), max_length=300, blank=True)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    criteria = models.ManyToManyField(AwardCriterion, blank=True, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CurrentEvidenceManager()
    all_objects = EvidenceQuerySet.as_manager()

    class Meta:
        # Related managers (nomination.evidence) are built from the default manager: removed evidence
        # is left out everywhere unless a caller asks for all_objects.
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name


class ShowcaseIndexPage(SiteRouting, Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["awards.ShowcaseStoryPage"]
    max_count = 1
    stories_per_page = 12

    @property
    def meta_description(self):
        return _(
            "Stories from councils recognised by the Keep it Local Award: how they put the six "
            "Keep it Local principles into practice with local community organisations."
        )

    def get_context(self, request, *args, **kwargs):
        from .forms import ShowcaseFilterForm
        from .selectors import showcase_filter_choices, showcase_stories

        context = super().get_context(request, *args, **kwargs)
        # Only the showcase's own parameters, in a fixed order: the links it makes, and the key of its
        # cached listing (none for a free-text search, whose every wording would be a new entry).
        params = [
            (name, request.GET.get(name, "")[:200])
            for name in (*ShowcaseFilterForm.base_fields, "page")
            if request.GET.get(name)
        ]
        query_string = urlencode([(name, value) for name, value in params if name != "page"])
        page_obj = SimpleLazyObject(
            lambda: Paginator(
                showcase_stories(index=self, **context["filter_form"].filters()),
                self.stories_per_page,
            ).get_page(request.GET.get("page"))
        )
        # Lazy: a listing that comes from the fragment cache asks the database for nothing.
        context.update(
            filter_form=SimpleLazyObject(
                lambda: ShowcaseFilterForm(request.GET, choices=showcase_filter_choices())
            ),
            filtered=SimpleLazyObject(lambda: any(context["filter_form"].filters().values())),
            page_obj=page_obj,
            stories=SimpleLazyObject(lambda: page_obj.object_list),
            query_string=query_string,
            listing_cache_key=None if request.GET.get("q") else urlencode(params) or "all",
        )
        return context


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
                from .services import story_refuse_scheduled_publication

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
