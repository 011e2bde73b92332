"""Announcing an award's results (judging.services.announcements and the admin page): refused while
nominations are open or nothing is decided, logged with who did it, schedulable for the ceremony;
a scheduled time can move or be withdrawn only until it is reached."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from awards.models import AwardPage
from awards.services import nomination_set_outcome
from judging import services
from tests.factories import AwardPageFactory, eligible_nomination

pytestmark = pytest.mark.django_db


def _close(award, **kwargs):
    AwardPage.objects.filter(pk=award.pk).update(
        closes_at=timezone.now() - timedelta(hours=1), **kwargs
    )
    award.refresh_from_db()
    return award


@pytest.fixture
def decided(staff):
    award = AwardPageFactory()
    nomination = eligible_nomination(award=award, staff=staff)
    nomination_set_outcome(nomination=nomination, by=staff, outcome="winner")
    return award


def test_announcing_is_refused_while_nominations_are_open_or_nothing_is_decided(staff, decided):
    with pytest.raises(services.AnnouncementRefused, match="still open"):
        services.results_announce(award=decided, by=staff)

    undecided = _close(AwardPageFactory())
    with pytest.raises(services.AnnouncementRefused, match="No winner or highly commended"):
        services.results_announce(award=undecided, by=staff)

    _close(decided)
    with pytest.raises(services.AnnouncementRefused, match="time in the future"):
        services.results_announce(award=decided, by=staff, at=timezone.now() - timedelta(hours=1))
    assert AwardPage.objects.get(pk=decided.pk).results_announced_at is None


def test_an_extended_deadline_keeps_nominations_open(staff):
    award = AwardPageFactory()
    late = eligible_nomination(award=award, staff=staff)
    nomination_set_outcome(nomination=late, by=staff, outcome="winner")
    other = AwardPage.objects.get(pk=award.pk)
    _close(other)
    from tests.factories import NominationFactory

    NominationFactory(award=award, deadline_extended_until=timezone.now() + timedelta(days=2))

    with pytest.raises(services.AnnouncementRefused, match="still open"):
        services.results_announce(award=other, by=staff)


def test_announcing_now_is_logged_and_final(staff, decided):
    _close(decided)

    announced = services.results_announce(award=decided, by=staff)

    assert announced.results_announced(timezone.now() + timedelta(seconds=1))
    entry = PageLogEntry.objects.get(page=decided, action="judging.results.announce")
    assert entry.user_id == staff.pk
    with pytest.raises(services.AnnouncementRefused, match="final"):
        services.results_announce(award=decided, by=staff, at=timezone.now() + timedelta(days=1))
    with pytest.raises(services.AnnouncementRefused, match="final"):
        services.results_announcement_cancel(award=decided, by=staff)


def test_a_scheduled_announcement_takes_effect_by_the_clock_and_moves_only_before(staff, decided):
    _close(decided)
    ceremony = timezone.now() + timedelta(hours=3)
    services.results_announce(award=decided, by=staff, at=ceremony)
    award = AwardPage.objects.get(pk=decided.pk)
    assert not award.results_announced() and award.phase == "judging"

    moved_to = ceremony + timedelta(hours=1)
    services.results_announce(award=award, by=staff, at=moved_to)
    entries = PageLogEntry.objects.filter(page=award, action="judging.results.schedule")
    assert entries.count() == 2
    assert entries.order_by("-pk").first().data["previous"] == ceremony.isoformat()

    with time_machine.travel(moved_to + timedelta(seconds=1)):
        award = AwardPage.objects.get(pk=decided.pk)
        assert award.results_announced() and award.phase == "results"
        with pytest.raises(services.AnnouncementRefused, match="final"):
            services.results_announcement_cancel(award=award, by=staff)


def test_the_announce_page_explains_and_validates_next_to_the_field(staff, decided, client_for):
    client = client_for(staff)
    url = reverse("judging_admin:award_announce", args=[decided.pk])

    page = client.get(url).content.decode()
    assert 'data-kil-announce-state="provisional"' in page
    assert "still open" in page

    _close(decided)
    missing = client.post(url, {"action": "announce", "when": "schedule", "at": ""})
    content = missing.content.decode()
    assert missing.status_code == 200
    assert 'id="at-error">Enter the date and time of the announcement' in content
    assert 'href="#id_at"' in content
    past = timezone.localtime(timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    in_the_past = client.post(url, {"action": "announce", "when": "schedule", "at": past})
    assert "Enter a date and time in the future" in in_the_past.content.decode()
    assert AwardPage.objects.get(pk=decided.pk).results_announced_at is None

    done = client.post(url, {"action": "announce", "when": "now"}, follow=True)
    assert 'data-kil-announce-state="announced"' in done.content.decode()


def test_publishing_the_award_page_from_the_editor_keeps_the_announcement(staff, decided):
    """The announcement is not page content: a revision saved before it cannot undo it."""
    _close(decided)
    revision = AwardPage.objects.get(pk=decided.pk).save_revision(user=staff)
    services.results_announce(award=decided, by=staff)

    revision.publish(user=staff)

    assert AwardPage.objects.get(pk=decided.pk).results_announced()
