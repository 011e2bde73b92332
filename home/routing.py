"""Routing through the page tree with fewer queries than Wagtail's two per level (the base page, then its
specific type), for the site's own page types; Wagtail has no such option. A page passed through on the
way (the awards index on /awards/2027/) is used in its specific type without loading its own fields,
and the children of a page that allows only one type are fetched in that type, in one query."""

from django.apps import apps
from django.http import Http404


class SiteRouting:
    """Mix in before Page."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        subpage_types = getattr(type(self), "subpage_types", None)
        if subpage_types and len(subpage_types) == 1:
            child_model = apps.get_model(subpage_types[0])
        else:
            child_model = None
        model = child_model or self.base_page_model
        try:
            # A child's url_path is its parent's plus its slug (Wagtail keeps it so on publish and move):
            # the indexed slug and one equality are cheaper to build and to run than the tree's path range.
            child = model.objects.get(slug=slug, url_path=f"{self.url_path}{slug}/")
        except model.DoesNotExist as error:
            raise Http404 from error
        child._cached_parent_obj = self
        if child_model is None:
            child = child.specific_deferred if remaining else child.specific
        return child.route(request, remaining)
