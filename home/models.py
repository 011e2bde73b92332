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

    def get_context(self, request, *args, **kwargs):
        from awards.selectors import current_award

        context = super().get_context(request, *args, **kwargs)
        context["current_award"] = current_award()
        return context


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
