"""{% public_cache name vary_on... %}…{% endpublic_cache %}: Django's {% cache %} on the shared "fragments"
cache, keyed also by language, for what the public sees of a published page.

Django's own tag would also store, and then show the public, a draft rendered in the editor's preview
(same page, same key); this one renders previews afresh and never stores them. Its timeout is
FRAGMENT_CACHE_SECONDS, and never past the next change due by the clock (an announcement); home.cache
clears the fragments whenever something they show changes.
"""

from django import template
from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.templatetags.cache import CacheNode

from home.cache import FRAGMENT_CACHE_ALIAS, cache_seconds

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
        fragments = caches[FRAGMENT_CACHE_ALIAS]
        key = make_template_fragment_key(
            self.fragment_name, [var.resolve(context) for var in self.vary_on]
        )
        value = fragments.get(key)
        if value is None:
            value = self.nodelist.render(context)
            # Never kept past a scheduled change (home.cache.register_next_change).
            seconds = cache_seconds(settings.FRAGMENT_CACHE_SECONDS)
            if seconds:
                fragments.set(key, value, seconds)
        return value


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
