"""The public pages' cached fragments ({% public_cache %}, home/templatetags/public_cache.py): the award
page, the showcase listing and a story are rendered once and then served from the cache, and anything
they show that changes (a publish, a phase, a winner, an image's alt text) reaches the next reader at
once. A draft in an editor's preview is never stored nor shown to the public."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards import services
from awards.models import AwardPage
from tests.factories import AwardPageFactory, eligible_nomination, site_image, story_page

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_showcase_listing_comes_from_the_cache_until_a_story_is_published(
    client, django_capture_on_commit_callbacks
):
    story_page(title="Eastfield hubs")
    first, first_queries = _get(client, "/showcase/")

    again, again_queries = _get(client, "/showcase/")
    with django_capture_on_commit_callbacks(execute=True):
        story_page(title="Northshire food partnership")
    after, _ = _get(client, "/showcase/")

    assert again == first and "Eastfield hubs" in again
    assert again_queries < first_queries - 3  # no filter choices, no count, no stories
    assert "Northshire food partnership" in after and "2 stories" in after


def test_each_filter_has_its_own_cached_listing_and_a_search_is_never_cached(client):
    story_page(title="Eastfield hubs", award_year=2024)
    story_page(title="Northshire food partnership", award_year=2025)
    _get(client, "/showcase/")

    filtered, _ = _get(client, "/showcase/?year=2024&utm_source=newsletter")
    searched, _ = _get(client, "/showcase/?q=Northshire")
    searched_again, searched_queries = _get(client, "/showcase/?q=Northshire")
    unfiltered, _ = _get(client, "/showcase/")

    assert "Eastfield hubs" in filtered and "Northshire food partnership" not in filtered
    assert "utm_source" not in filtered  # links carry only the showcase's own parameters
    assert "Northshire food partnership" in searched and "Eastfield hubs" not in searched
    assert searched_again == searched and searched_queries > 3
    assert "Eastfield hubs" in unfiltered and "Northshire food partnership" in unfiltered


def test_a_draft_in_preview_is_never_stored_nor_shown_to_the_public(client):
    story = story_page(title="Eastfield hubs", summary="The published summary.")
    draft = story.specific
    draft.summary = "An unpublished draft summary."

    previewed = draft.make_preview_request().content.decode()
    public, _ = _get(client, story.url)
    previewed_again = draft.make_preview_request().content.decode()

    assert "An unpublished draft summary." in previewed
    assert "The published summary." in public and "unpublished draft" not in public
    assert "An unpublished draft summary." in previewed_again


def test_the_award_page_body_follows_the_phase_at_once(client):
    award = AwardPageFactory()
    AwardPage.objects.filter(pk=award.pk).update(
        results_announced_at=award.closes_at + timedelta(days=30)
    )
    open_page, _ = _get(client, award.url)

    with time_machine.travel(award.closes_at + timedelta(days=31)):
        results_page, _ = _get(client, award.url)

    assert "What the panel looks for" in open_page and "Key dates" in open_page
    assert "What the panel looked for" in results_page and "Key dates" not in results_page
    assert "Winners and highly commended" in results_page


def test_recording_a_winner_shows_it_on_the_cached_award_page(
    client, staff, django_capture_on_commit_callbacks
):
    award = AwardPageFactory()
    nomination = eligible_nomination(award=award)
    now = timezone.now()
    AwardPage.objects.filter(pk=award.pk).update(
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=30),
        results_announced_at=now - timedelta(days=1),
    )
    before, _ = _get(client, award.url)
    cached, _ = _get(client, award.url)

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_set_outcome(nomination=nomination, by=staff, outcome="winner")
    after, _ = _get(client, award.url)

    assert cached == before and "The winners will be listed here soon." in before
    assert nomination.council.name in after


def test_the_award_page_asks_less_of_the_database_once_cached(client):
    award = AwardPageFactory()
    _, first_queries = _get(client, award.url)

    _, cached_queries = _get(client, award.url)

    assert cached_queries < first_queries


def test_changing_an_images_alt_text_reaches_the_cached_story(
    client, django_capture_on_commit_callbacks
):
    image = site_image(description="Volunteers at a community hub")
    story = story_page(title="Eastfield hubs", hero_image=image)
    before, _ = _get(client, story.url)

    image.description = "Residents planning a new community garden"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    after, _ = _get(client, story.url)

    assert 'alt="Volunteers at a community hub"' in before
    assert 'alt="Residents planning a new community garden"' in after
