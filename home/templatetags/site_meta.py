"""`{% meta_tags %}`: the description and Open Graph tags every public page carries.

The description is, in order: what the view put in the context as `meta_description`, the page's
search description (Promote tab), the page model's `meta_description`, the site's own description.
A page model's `meta_image` (an image from the library) becomes og:image with its alt text.
"""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def site_description() -> str:
    return _(
        "The Keep it Local Award recognises councils that put the six Keep it Local principles "
        "into practice with local community organisations."
    )


@register.inclusion_tag("includes/meta.html", takes_context=True)
def meta_tags(context):
    request = context.get("request")
    page = context.get("page")
    description = (
        context.get("meta_description")
        or getattr(page, "search_description", "")
        or getattr(page, "meta_description", "")
        or site_description()
    )
    title = context.get("meta_title") or (
        (getattr(page, "seo_title", "") or getattr(page, "title", "")) if page else ""
    )
    image = getattr(page, "meta_image", None)
    image_url = image_alt = ""
    if image is not None:
        rendition = image.get_rendition("fill-1200x630")
        image_url = rendition.url
        image_alt = image.description
    if request is not None:
        url = request.build_absolute_uri(request.path)
        if image_url:
            image_url = request.build_absolute_uri(image_url)
    else:
        url = ""
    return {
        "description": " ".join(str(description).split()),
        "title": title or _("Keep it Local Award"),
        "url": url,
        "og_type": getattr(page, "og_type", "website"),
        "image_url": image_url,
        "image_alt": image_alt,
    }
