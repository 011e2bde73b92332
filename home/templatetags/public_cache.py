"""{% public_cache name vary_on... %}…{% endpublic_cache %}: Django's {% cache %} on the shared "fragments"
cache, keyed also by language, for what the public sees of a published page.

Django's own tag would also store, and then show the public, a draft rendered in the editor's preview
(same page, same key); this one renders previews afresh and never stores them. Its timeout is
FRAGMENT_CACHE_SECONDS; home.cache clears the fragments whenever something they show changes.
"""

from django import template
from django.conf import settings
from django.templatetags.cache import CacheNode

register = template.Library()


class PublicCacheNode(CacheNode):
    def render(self, context):
        request = context.get("request")
        if (
            not settings.FRAGMENT_CACHE_SECONDS
            or request is None
            or getattr(request, "is_preview", False)
        ):
            return self.nodelist.render(context)
        return super().render(context)


@register.tag("public_cache")
def public_cache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'public_cache' needs a fragment name.")
    nodelist = parser.parse(("endpublic_cache",))
    parser.delete_first_token()
    return PublicCacheNode(
        nodelist,
        parser.compile_filter(str(settings.FRAGMENT_CACHE_SECONDS)),
        bits[1],
        [parser.compile_filter(bit) for bit in [*bits[2:], "LANGUAGE_CODE"]],
        parser.compile_filter('"fragments"'),
    )
