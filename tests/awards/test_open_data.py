"""Open data: the API (Wagtail API v2), the RSS and Atom feeds and the winners lists in JSON and CSV
are well formed and hold no personal data: no email addresses, no names of officers."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import jsonschema
import pytest
from django.test import Client
from django.utils import timezone

from awards import services
from awards.models import AwardPage
from tests.factories import (
    AwardPageFactory,
    CouncilFactory,
    eligible_nomination,
    officer_user,
    site_image,
    staff_user,
    story_page,
)

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
ATOM = "{http://www.w3.org/2005/Atom}"

WINNER_ROW = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "year",
        "outcome",
        "outcome_label",
        "organisation",
        "organisation_type",
        "region",
        "gss_code",
        "story_title",
        "story_url",
    ],
    "properties": {
        "year": {"type": "integer", "minimum": 2000},
        "outcome": {"enum": ["winner", "highly_commended"]},
        "outcome_label": {"type": "string", "minLength": 1},
        "organisation": {"type": "string", "minLength": 1},
        "organisation_type": {"type": "string"},
        "region": {"type": "string"},
        "gss_code": {"type": "string"},
        "story_title": {"type": "string"},
        "story_url": {"type": "string"},
    },
}
YEAR = {
    "type": "object",
    "additionalProperties": False,
    "required": ["year", "award", "award_url", "results_announced_at", "winners"],
    "properties": {
        "year": {"type": "integer"},
        "award": {"type": "string"},
        "award_url": {"type": "string", "pattern": "^https?://"},
        "results_announced_at": {"type": "string"},
        "winners": {"type": "array", "items": WINNER_ROW},
    },
}
ALL_YEARS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["years"],
    "properties": {"years": {"type": "array", "items": YEAR}},
}


@pytest.fixture
def world():
    """An announced award decided on the site (a winner with a live story, a highly commended one
    without), a year known only from a published story, and an award still being judged."""
    staff = staff_user(first_name="Priyanka", last_name="Zedwardson")
    officers = {}
    nominations = {}
    announced = AwardPageFactory(year=2030)
    for name, outcome in [
        ("Northshire Council", "winner"),
        ("Eastshire Council", "highly_commended"),
    ]:
        council = CouncilFactory(name=name, region="North West", gss_code="E06000099")
        officers[name] = officer_user(
            council=council, first_name="Olwen", last_name=f"Officer{len(officers)}"
        )
        nomination = eligible_nomination(award=announced, council=council, staff=staff)
        nominations[name] = services.nomination_set_outcome(
            nomination=nomination, by=staff, outcome=outcome
        )
    now = timezone.now()
    AwardPage.objects.filter(pk=announced.pk).update(
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=30),
        results_announced_at=now - timedelta(days=1),
    )
    # Announced first: no story of an award goes live before its results are announced.
    story = services.story_create_from_nomination(
        nomination=nominations["Northshire Council"], by=staff
    )
    story.get_latest_revision().publish(user=staff)

    historical = AwardPageFactory(year=2021)
    AwardPage.objects.filter(pk=historical.pk).update(
        opens_at=now - timedelta(days=2000),
        closes_at=now - timedelta(days=1900),
        results_announced_at=now - timedelta(days=1800),
    )
    kirklees = CouncilFactory(name="Kirklees Council", region="Yorkshire and the Humber")
    story_page(
        title="Kirklees Council: 2021 winner",
        council=kirklees,
        award_year=2021,
        region="Yorkshire and the Humber",
    )

    # Decided but not yet announced: must not appear anywhere public.
    judging = AwardPageFactory(year=2031)
    nomination = eligible_nomination(
        award=judging, council=CouncilFactory(name="Secretshire Council"), staff=staff
    )
    services.nomination_set_outcome(nomination=nomination, by=staff, outcome="winner")
    AwardPage.objects.filter(pk=judging.pk).update(closes_at=now - timedelta(days=5))
    return {
        "officers": list(officers.values()) + [staff],
        "story": story,
        "historical": historical,
        "announced": announced,
    }


def _assert_no_personal_data(text: str, people):
    assert not EMAIL.search(text), EMAIL.search(text)
    for person in people:
        assert person.last_name not in text
        assert person.email not in text


def test_winners_json_for_all_years_matches_the_schema_and_names_no_one(world, client):
    response = client.get("/open-data/winners.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    jsonschema.validate(data, ALL_YEARS)
    by_year = {year["year"]: year for year in data["years"]}
    assert list(by_year) == [2030, 2021]
    rows_2030 = by_year[2030]["winners"]
    assert [(r["organisation"], r["outcome"]) for r in rows_2030] == [
        ("Northshire Council", "winner"),
        ("Eastshire Council", "highly_commended"),
    ]
    assert rows_2030[0]["story_url"].startswith("http://testserver/showcase/")
    assert rows_2030[1]["story_url"] == ""
    assert [r["organisation"] for r in by_year[2021]["winners"]] == ["Kirklees Council"]
    assert "Secretshire" not in response.content.decode()
    _assert_no_personal_data(response.content.decode(), world["officers"])


def test_winners_json_for_one_year_and_404_for_a_year_not_announced(world, client):
    one = client.get("/open-data/winners/2021.json")

    jsonschema.validate(one.json(), YEAR)
    assert one.json()["winners"][0]["organisation"] == "Kirklees Council"
    assert client.get("/open-data/winners/2031.json").status_code == 404
    assert client.get("/open-data/winners/1999.json").status_code == 404


def test_winners_csv_has_a_row_per_organisation_and_no_personal_data(world, client):
    response = client.get("/open-data/winners/2030.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="keep-it-local-award-winners-2030.csv"' in response["Content-Disposition"]
    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["organisation"], row["outcome"], row["region"]) for row in rows] == [
        ("Northshire Council", "winner", "North West"),
        ("Eastshire Council", "highly_commended", "North West"),
    ]
    assert set(rows[0]) == set(WINNER_ROW["required"])
    _assert_no_personal_data(text, world["officers"])


def test_the_rss_and_atom_feeds_parse_and_list_published_stories(world, client):
    story_page(title="Draft story", live=False)

    rss = client.get("/open-data/stories.rss")
    atom = client.get("/open-data/stories.atom")

    channel = ET.fromstring(rss.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert set(titles) == {world["story"].title, "Kirklees Council: 2021 winner"}
    links = [item.findtext("link") for item in channel.findall("item")]
    assert all(link.startswith("http://testserver/showcase/") for link in links)
    feed = ET.fromstring(atom.content)
    assert feed.tag == f"{ATOM}feed"
    assert {entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")} == set(titles)
    for response in (rss, atom):
        assert "Draft story" not in response.content.decode()
        _assert_no_personal_data(response.content.decode(), world["officers"])


def test_the_stories_api_lists_public_fields_only(world, client):
    story = story_page(
        title="Partington hub",
        summary="Hubs with local groups.",
        hero_image=site_image(description="Volunteers outside the hub", credit="Photo: Jo Bloggs"),
        principles=[2, 5],
        editor_note="Chase the council for photos",
        body=[
            ("paragraph", "<p>The hub opened.</p>"),
            ("quote", {"quote": "It works.", "attribution": "Resident", "consent_recorded": True}),
        ],
    )
    story_page(title="Draft story", live=False)

    listing = client.get("/api/v2/stories/")
    detail = client.get(f"/api/v2/stories/{story.pk}/")

    assert listing.status_code == 200
    titles = [item["title"] for item in listing.json()["items"]]
    assert "Partington hub" in titles and "Draft story" not in titles
    data = detail.json()
    assert data["summary"] == "Hubs with local groups."
    assert data["principles"] == [
        {"number": 2, "title": "Co-ordinate services at a neighbourhood level"},
        {"number": 5, "title": data["principles"][1]["title"]},
    ]
    assert data["hero"]["alt"] == "Volunteers outside the hub"
    assert data["hero"]["credit"] == "Photo: Jo Bloggs"
    assert data["body"][1]["value"] == {"quote": "It works.", "attribution": "Resident"}
    for private in ("source_nomination", "editor_note", "owner", "is_summary"):
        assert private not in data
        assert private not in data["meta"]
    text = detail.content.decode() + listing.content.decode()
    assert "Chase the council" not in text
    _assert_no_personal_data(text, world["officers"])
    nominated = client.get(f"/api/v2/stories/{world['story'].pk}/?fields=*")
    assert nominated.status_code == 200
    nomination = world["story"].source_nomination
    assert nomination.reference not in nominated.content.decode()
    assert str(nomination.uuid) not in nominated.content.decode()
    assert "source_nomination" not in nominated.content.decode()


def test_the_awards_and_pages_api_hold_no_personal_data(world, client):
    awards = client.get("/api/v2/awards/?fields=*")
    pages = client.get("/api/v2/pages/?fields=*&limit=20")
    award = client.get(f"/api/v2/awards/{world['announced'].pk}/")

    assert awards.status_code == pages.status_code == award.status_code == 200
    years = [item["year"] for item in awards.json()["items"]]
    assert years == sorted(years, reverse=True)
    assert award.json()["phase"] == "results"
    assert [c["principle"]["number"] for c in award.json()["criteria"]] == [1, 2, 3, 4, 5, 6]
    assert client.get("/api/v2/stories/?type=auth.User").status_code == 400
    for response in (awards, pages, award):
        _assert_no_personal_data(response.content.decode(), world["officers"])


def test_nothing_private_is_reachable_by_guessing_the_api(client, world):
    assert Client().get("/api/v2/users/").status_code == 404
    assert Client().get("/api/v2/images/").status_code == 404
    assert Client().get("/api/v2/documents/").status_code == 404
