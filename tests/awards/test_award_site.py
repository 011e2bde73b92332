"""The public award site: every year's award with its status in UK time, the principles, who can
enter, "Start your nomination" while open, and the winners once results are announced."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.html import strip_tags

from awards import services
from awards.models import AwardPage
from tests.factories import AwardPageFactory, CouncilFactory, eligible_nomination, staff_user

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def _text(response) -> str:
    """What a reader sees: the page's text without markup."""
    return " ".join(strip_tags(response.content.decode()).split())


def test_an_upcoming_award_says_when_nominations_open_in_uk_time(client):
    opens = datetime(2031, 11, 1, 9, 0, tzinfo=LONDON)
    award = AwardPageFactory(year=2032, opens_at=opens, closes_at=opens + timedelta(days=100))

    with time_machine.travel(opens - timedelta(days=12), tick=False):
        text = _text(client.get(award.url))

    assert "Opening soon" in text
    assert "Nominations open in 1 week, 5 days, at 9am on 1 November 2031 (UK time)." in text
    assert "Start your nomination" not in text
    assert "Who can enter" in text
    assert "Think about the whole system not individual service silos" in text


def test_an_open_award_counts_down_to_the_deadline_and_invites_nominations(client):
    closes = datetime(2031, 2, 27, 17, 0, tzinfo=LONDON)
    award = AwardPageFactory(year=2031, opens_at=closes - timedelta(days=100), closes_at=closes)

    with time_machine.travel(closes - timedelta(days=3, hours=2), tick=False):
        text = _text(client.get(award.url))

    assert "Open for nominations" in text
    assert "Nominations close in 3 days, 2 hours, at 5pm on 27 February 2031 (UK time)." in text
    assert "Start your nomination" in text
    assert "Key dates" in text


def test_summer_time_is_shown_as_uk_time(client):
    closes = datetime(2031, 6, 30, 12, 0, tzinfo=LONDON)  # BST: 11:00 UTC
    award = AwardPageFactory(year=2031, opens_at=closes - timedelta(days=10), closes_at=closes)

    with time_machine.travel(closes - timedelta(days=1), tick=False):
        text = _text(client.get(award.url))

    assert "midday on 30 June 2031" in text


def test_winners_are_shown_only_once_results_are_announced(client):
    staff = staff_user()
    award = AwardPageFactory()
    decided = {}
    for name, outcome in [
        ("Northshire Council", "winner"),
        ("Eastshire Council", "highly_commended"),
    ]:
        nomination = eligible_nomination(
            award=award, council=CouncilFactory(name=name), staff=staff
        )
        decided[name] = services.nomination_set_outcome(
            nomination=nomination, by=staff, outcome=outcome
        )
    now = timezone.now()
    AwardPage.objects.filter(pk=award.pk).update(
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=10),
        results_announced_at=now + timedelta(days=5),
    )

    judging = _text(client.get(award.url))
    index = _text(client.get("/awards/"))

    assert "Judging" in judging
    assert "Northshire" not in judging and "Northshire" not in index

    with time_machine.travel(now + timedelta(days=6)):
        announced = _text(client.get(award.url))
        index = _text(client.get("/awards/"))

    assert "Winners announced" in announced
    assert "Winner Northshire Council" in announced
    assert "Highly commended Eastshire Council" in announced
    assert "Winner: Northshire Council" in index
    assert "Start your nomination" not in announced


def test_the_award_index_lists_every_year_newest_first(client):
    for year in (2029, 2031, 2030):
        AwardPageFactory(year=year)

    response = client.get("/awards/")

    titles = [award.title for award in response.context["awards"]]
    assert titles == [
        "Keep it Local Award 2031",
        "Keep it Local Award 2030",
        "Keep it Local Award 2029",
    ]
