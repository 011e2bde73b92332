"""Search text is anything anyone can type: every search box answers it with results (or none),
never an error page, on SQLite's FTS5 and PostgreSQL's full text search alike."""

import pytest
from django.test import Client

from tests.factories import UserFactory, story_page

pytestmark = pytest.mark.django_db

HOSTILE = [
    '"',
    "\x00",
    'hubs"',
    '"hubs',
    "hu\x00bs",
    "OR",
    "AND",
    "NOT",
    "-",
    "*",
    "(",
    ")",
    "((hubs",
    "hubs)",
    "NEAR(",
    "^",
    ":",
    "'",
    "\\",
    "!&|",
    "<->",
    "{title}:",
    "title:hubs",
    "x" * 20000,
    "hubs " * 3000,
    "日本語の検索",
    "🙂",
    "\u202e\u200b",
    "\ufffd",
]
# Query strings that are not UTF-8 at all (Django decodes them with replacement characters).
RAW = ["q=%ED%A0%80", "q=%FF%FE", "q=%C0%22", "q=%00%22%00"]


@pytest.fixture
def visitor(settings):
    """A client answered as a production server answers: DEBUG off, failures turned into pages."""
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.fixture
def story(db):
    return story_page(title="Trafford hubs", award_year=2023, summary="Community hubs.")


@pytest.fixture
def admin_client(client_for):
    """A superuser: every admin search (pages, images, documents, snippets) is open to them."""
    return client_for(UserFactory(is_superuser=True, is_staff=True))


def ADMIN_SEARCHES():  # noqa: N802 - a table, read when the URLs are loaded
    """Wagtail's own searches and every modeladmin listing's search box."""
    from django.urls import reverse

    from tests.security.urls import project_patterns

    listings = [reverse(p.key) for p in project_patterns() if p.key.endswith("_modeladmin_index")]
    return [
        "/admin/pages/search/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
        *listings,
    ]


def _public_searches(text):
    return [
        ("/showcase/", {"q": text}),
        ("/api/v2/pages/", {"search": text}),
        ("/api/v2/stories/", {"search": text}),
        ("/api/v2/pages/", {"search": text, "search_operator": "and"}),
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_search_text_gets_normal_answers_everywhere(story, visitor, admin_client, text):
    for path, query in _public_searches(text):
        response = visitor.get(path, query)
        assert response.status_code == 200, (path, text[:20], response.status_code)
    for path in ADMIN_SEARCHES():
        response = admin_client.get(path, {"q": text})
        assert response.status_code == 200, (path, text[:20], response.status_code)


@pytest.mark.parametrize("raw", RAW)
def test_search_text_that_is_not_utf8_gets_normal_answers(story, visitor, raw):
    for path in ("/showcase/", "/api/v2/pages/"):
        query = raw if path == "/showcase/" else raw.replace("q=", "search=")
        response = visitor.get(f"{path}?{query}")
        assert response.status_code == 200, (path, raw)


@pytest.mark.parametrize(
    "text", ["hubs", '"hubs"', "hubs (", "hubs)", "-hubs*", "HUBS!", "hubs\x00"]
)
def test_the_words_in_hostile_text_still_find_what_they_name(story, visitor, text):
    response = visitor.get("/showcase/", {"q": text})
    assert [s.title for s in response.context["stories"]] == ["Trafford hubs"]

    response = visitor.get("/api/v2/stories/", {"search": text})
    assert [item["title"] for item in response.json()["items"]] == ["Trafford hubs"]
