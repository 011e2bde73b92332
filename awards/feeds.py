"""RSS and Atom feeds of published showcase stories (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .selectors import stories_for_feed


class StoriesFeed(Feed):
    title = _("Keep it Local Award: showcase stories")
    description = _(
        "Stories from councils recognised by the Keep it Local Award, newest first: how they put the "
        "Keep it Local principles into practice with local community organisations."
    )
    author_name = _("Locality")
    link = "/showcase/"

    def items(self):
        return stories_for_feed()

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return story.summary

    def item_link(self, story):
        # Root-relative; the feed framework adds the scheme and host the request came in on.
        return story.get_url()

    def item_pubdate(self, story):
        return story.first_published_at

    def item_updateddate(self, story):
        return story.last_published_at

    def item_categories(self, story):
        return [
            str(story.award_year),
            str(story.get_outcome_display()),
            *(principle.title for principle in story.principles.all()),
        ]


class StoriesAtomFeed(StoriesFeed):
    feed_type = Atom1Feed
    subtitle = StoriesFeed.description
