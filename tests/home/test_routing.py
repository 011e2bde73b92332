"""Routing through the page tree (home/routing.py): the same answers as Wagtail's, with fewer queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePage, StandardPage
from tests.factories import AwardPageFactory, story_page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/awards/1999/",  # no such award
        "/showcase/no-such-story/",
        "/awards/{year}/extra/",  # below a page that has no children
        "/no-such-section/awards/",
    ],
)
def test_a_path_that_leads_nowhere_is_404(client, path):
    award = AwardPageFactory()

    response = client.get(path.format(year=award.year))

    assert response.status_code == 404


def test_a_draft_story_is_404_and_a_published_one_is_served(client):
    draft = story_page(title="Eastfield hubs", live=False)
    published = story_page(title="Northshire food partnership")

    assert client.get(f"/showcase/{draft.slug}/").status_code == 404
    response = client.get(published.url)
    assert (
        response.status_code == 200 and "Northshire food partnership" in response.content.decode()
    )


def test_a_page_two_levels_down_costs_no_more_queries_than_one_level_down(client):
    award = AwardPageFactory()
    story = story_page(title="Eastfield hubs")
    client.get("/privacy/")  # warm: the site and its root paths are cached after one request

    counts = {}
    for name, url in {"award": award.url, "story": story.url, "index": "/showcase/"}.items():
        client.get(url)  # fills the page's cached fragments
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)

    assert counts["award"] <= counts["index"] and counts["story"] <= counts["index"], counts


def test_a_story_whose_address_changed_is_served_at_the_new_one_only(client):
    story = story_page(title="Eastfield hubs")
    old_url = story.url

    story.slug = "eastfield-community-hubs"
    story.save_revision().publish()

    assert client.get("/showcase/eastfield-community-hubs/").status_code == 200
    assert client.get(old_url).status_code == 404


def test_a_page_moved_elsewhere_is_served_at_its_new_address(client):
    home = HomePage.objects.get()
    about = home.add_child(instance=StandardPage(title="About the award", slug="about-the-award"))
    history = home.add_child(instance=StandardPage(title="History", slug="history"))

    history.move(about, pos="last-child")

    assert client.get("/about-the-award/history/").status_code == 200
    # Not served at the old one: Wagtail's redirects send visitors on to the new one.
    old = client.get("/history/")
    assert old.status_code == 301 and old["Location"] == "/about-the-award/history/"
