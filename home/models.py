from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page
from wagtail.search import index

from .routing import SiteRouting


class HomePage(SiteRouting, Page):
    intro = RichTextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "awards.AwardIndexPage",
        "awards.ShowcaseIndexPage",
        "home.StandardPage",
        "home.BenchmarkFormPage",
    ]
    max_count = 1

    @property
    def meta_description(self):
        return _(
            "The Keep it Local Award recognises councils that put the six Keep it Local principles "
            "into practice with local community organisations."
        )


class StandardPage(Page):
    """A plain content page: the principles, accessibility statement, privacy notice."""

    intro = RichTextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class SiteImage(AbstractImage):
    """An image in the library. Its description is the alt text wherever it appears; the credit is shown
    beside it. A story cannot be published while one of its images lacks either."""

    description = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        default="",
        help_text=_(
            'Describe the image for people who cannot see it, e.g. "Volunteers unloading food '
            'at the Partington hub". Needed before a story using it can be published.'
        ),
    )
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_(
            'Who took or owns the image, e.g. "Photo: Jo Bloggs / Trafford Council". '
            "Needed before a story using it can be published."
        ),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class SiteImageRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class BenchmarkFormPage(AbstractForm):
    """A plain Wagtail form page (wagtail.contrib.forms) with four fields: the baseline that
    tests/bench/run.py measures the nomination form's saves and submissions against. It is the
    standard way a Wagtail site takes a form post, so it is the fair yardstick; editors may also use it
    for a simple enquiry form. Never needed for the award itself."""

    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    content_panels = [
        *AbstractForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    template = "home/benchmark_form_page.html"
    landing_page_template = "home/benchmark_form_page_landing.html"

    class Meta:
        verbose_name = _("simple form page")


class BenchmarkFormField(AbstractFormField):
    page = ParentalKey(BenchmarkFormPage, on_delete=models.CASCADE, related_name="form_fields")


class AuditChainLink(models.Model):
    """One link of the award record's hash chain: an append-only companion of one Wagtail log entry
    (home/audit_chain.py says why, and what each column covers). Never edited through the site; on
    PostgreSQL the database refuses to change or delete a link, bar erasing its `salt`."""

    seq = models.PositiveBigIntegerField(unique=True)
    log_model = models.CharField(max_length=100)
    entry_id = models.BigIntegerField()
    salt = models.CharField(max_length=32, blank=True)
    personal_digest = models.CharField(max_length=64)
    entry_digest = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    recorded_at = models.DateTimeField()

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["log_model", "entry_id"], name="home_auditchainlink_one_per_entry"
            )
        ]
        verbose_name = _("audit chain link")
        verbose_name_plural = _("audit chain links")

    def __str__(self):
        return f"{self.seq}: {self.log_model} {self.entry_id}"
