"""The award's reads for templates: pages whose models cannot import the selectors (the selectors
import the models) get the running award, the winners and the showcase listing from here."""

from urllib.parse import urlencode

from django import template
from django.core.paginator import Paginator

from awards.forms import ShowcaseFilterForm
from awards.selectors import current_award as _current_award
from awards.selectors import showcase_filter_choices, showcase_stories, winners_for_awards

register = template.Library()


@register.simple_tag
def current_award():
    """The award now running, for pages outside the award section (the home page)."""
    return _current_award()


@register.simple_tag(takes_context=True)
def award_winners(context, award):
    """One announced award's winners and highly commended (none before the announcement)."""
    return winners_for_awards([award], request=context.get("request")).get(award.year, [])


@register.simple_tag(takes_context=True)
def awards_with_winners(context, awards):
    """Each award with its winners, for the list of every year's award."""
    winners = winners_for_awards(awards, request=context.get("request"))
    return [(award, winners.get(award.year, [])) for award in awards]


def showcase_params(request) -> list[tuple[str, str]]:
    """Only the showcase's own parameters, in a fixed order: the links it makes and the key of its
    cached listing come from these."""
    return [
        (name, request.GET.get(name, "")[:200])
        for name in (*ShowcaseFilterForm.base_fields, "page")
        if request.GET.get(name)
    ]


@register.simple_tag(takes_context=True)
def showcase_listing_cache_key(context):
    """The key of this listing in the public cache; none for a free-text search, whose every
    wording would be a new entry."""
    request = context["request"]
    return None if request.GET.get("q") else urlencode(showcase_params(request)) or "all"


@register.inclusion_tag("awards/includes/showcase_listing.html", takes_context=True)
def showcase_listing(context, page):
    """The showcase's filters and one page of its stories (only when the cache does not hold it)."""
    request = context["request"]
    filter_form = ShowcaseFilterForm(request.GET, choices=showcase_filter_choices())
    filters = filter_form.filters()
    page_obj = Paginator(showcase_stories(index=page, **filters), page.stories_per_page).get_page(
        request.GET.get("page")
    )
    return {
        "request": request,
        "page": page,
        "filter_form": filter_form,
        "filtered": any(filters.values()),
        "page_obj": page_obj,
        "stories": page_obj.object_list,
        "query_string": urlencode(
            [(name, value) for name, value in showcase_params(request) if name != "page"]
        ),
    }
