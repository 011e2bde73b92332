"""Every public page carries a description and Open Graph tags; the sitemap lists the published
pages; the 404 and 500 pages look like the rest of the site."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from tests.factories import AwardPageFactory, site_image, story_page

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _meta(content: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"', content)
    return match.group(1) if match else None


def test_every_public_page_has_a_description_and_open_graph_tags(client):
    award = AwardPageFactory(year=2031)
    story = story_page(
        title="Partington hub",
        summary="Hubs run with local groups in Partington.",
        hero_image=site_image(description="Volunteers outside the hub"),
    )
    pages = {
        "/": "Keep it Local principles",
        "/awards/": "year by year",
        award.url: "The 2031 Keep it Local Award",
        "/showcase/": "Stories from councils",
        story.url: "Hubs run with local groups in Partington.",
        "/open-data/": "Open data from the Keep it Local Award",
        "/no-such-page/": "Keep it Local principles",
    }

    for url, description in pages.items():
        content = client.get(url).content.decode()
        assert description in _meta(content, "description"), url
        assert _meta(content, "og:description") == _meta(content, "description"), url
        assert _meta(content, "og:title"), url
        assert _meta(content, "og:url").startswith("http://testserver/"), url
        assert _meta(content, "og:site_name") == "Keep it Local Award", url

    story_content = client.get(story.url).content.decode()
    assert _meta(story_content, "og:title") == "Partington hub"
    assert _meta(story_content, "og:type") == "article"
    assert _meta(story_content, "og:image").startswith("http://testserver/")
    assert _meta(story_content, "og:image:alt") == "Volunteers outside the hub"


def test_an_editors_search_description_wins(client):
    story = story_page(search_description="Written for search engines.")

    content = client.get(story.url).content.decode()

    assert _meta(content, "description") == "Written for search engines."


def test_the_sitemap_lists_published_pages_only(client):
    award = AwardPageFactory(year=2031)
    story = story_page(title="Published story")
    draft = story_page(title="Draft story", live=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    paths = {re.sub(r"^https?://[^/]+", "", location) for location in locations}
    assert {"/", "/awards/", "/showcase/", award.url, story.url} <= paths
    assert f"/showcase/{draft.slug}/" not in paths
    story_entry = next(
        u for u in root.findall(f"{SITEMAP}url") if u.findtext(f"{SITEMAP}loc").endswith(story.url)
    )
    assert story_entry.findtext(f"{SITEMAP}lastmod")


def test_the_404_page_is_in_the_sites_style(client, settings):
    settings.DEBUG = False

    response = client.get("/showcase/no-such-story/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert 'class="kil-header"' in content and 'class="kil-footer"' in content
    assert "/static/css/site.css" in content
    assert "Traceback" not in content


@pytest.fixture
def visitor(settings):
    """A client answered as a production server answers: DEBUG off, failures turned into pages."""
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.urls("tests.home.errors_urls")
def test_the_500_page_is_in_the_sites_style(visitor):
    response = visitor.get("/broken/")

    assert response.status_code == 500
    content = response.content.decode()
    assert "Sorry, there is a problem with the service" in content
    assert 'class="kil-header"' in content and 'class="kil-footer"' in content
    assert "/static/css/site.css" in content
    assert _meta(content, "description")
    assert "Something went wrong on the server" not in content


@pytest.mark.urls("tests.home.errors_urls")
def test_a_database_that_cannot_be_reached_gets_the_try_again_page_not_the_500(visitor):
    response = visitor.get("/database-gone/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    content = response.content.decode()
    assert "The service is busy" in content and "Connection refused" not in content


def _title(content: str) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", content, re.S).group(1).split())


def test_the_home_page_title_is_the_sites_name_once_and_other_pages_add_it(client):
    home = client.get("/").content.decode()
    awards = client.get("/awards/").content.decode()

    assert _title(home) == "Keep it Local Award"
    assert _title(awards) == "Awards – Keep it Local Award"


def test_every_page_names_its_icon_and_favicon_ico_leads_to_it(client):
    content = client.get("/").content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', content)

    assert any(href.endswith("favicon.ico") for href in icons)
    assert any(href.endswith("favicon.svg") for href in icons)
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("icons/favicon.ico")
    assert response["Location"] in icons
