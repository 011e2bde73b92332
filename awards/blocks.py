"""The blocks a showcase story is written in. What the publishing gate checks lives in
awards.publishing; here, only what each block holds, how it renders and what the open data API shows
of it (never the consent flag, which is an editor's record, not content)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html

PARAGRAPH_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


def _image_api(image, context=None) -> dict | None:
    if image is None:
        return None
    rendition = image.get_rendition("width-960")
    return {
        "url": rendition.full_url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.description,
        "credit": image.credit,
    }


class ApiRichTextBlock(blocks.RichTextBlock):
    """Rich text whose API form is the HTML the site shows (links resolved), not the editor's format."""

    def get_api_representation(self, value, context=None):
        return expand_db_html(value.source) if value else ""


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        label=_("Attribution"),
        max_length=200,
        help_text=_('Who said it and their role, e.g. "Resident, Partington".'),
    )
    consent_recorded = blocks.BooleanBlock(
        label=_("Consent recorded"),
        required=False,
        help_text=_(
            "Tick once the person quoted has agreed, in writing, to being quoted and named. "
            "The story cannot be published until every quote has consent recorded."
        ),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "awards/blocks/quote.html"

    def get_api_representation(self, value, context=None):
        return {"quote": value["quote"], "attribution": value["attribution"]}


class StoryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(
        label=_("Image"),
        help_text=_("The image's alt text and credit come from the image library."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "awards/blocks/image.html"

    def get_api_representation(self, value, context=None):
        return {"image": _image_api(value["image"]), "caption": value["caption"]}


class KeyFactBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        label=_("Figure"), max_length=40, help_text=_('Short, e.g. "68%" or "£2.4 million".')
    )
    label = blocks.CharBlock(
        label=_("What it measures"),
        max_length=200,
        help_text=_('e.g. "of the programme budget spent with local organisations".'),
    )


class KeyFactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=100)
    facts = blocks.ListBlock(KeyFactBlock(), label=_("Facts and figures"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Key facts and figures")
        template = "awards/blocks/key_facts.html"


class PrincipleSectionBlock(blocks.StructBlock):
    principle = blocks.IntegerBlock(
        min_value=1, max_value=6, help_text=_("The principle's number, 1 to 6.")
    )
    heading = blocks.CharBlock()
    text = ApiRichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "tick-inverse"
        label = _("Principle call-out")
        template = "awards/blocks/principle_section.html"


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = ApiRichTextBlock(label=_("Paragraph"), features=PARAGRAPH_FEATURES)
    quote = QuoteBlock()
    image = StoryImageBlock()
    key_facts = KeyFactsBlock()
    principle_section = PrincipleSectionBlock()
