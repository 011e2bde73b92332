"""Judging rounds in the Wagtail admin: the round listing, "Manage round", allocation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from judging.models import Assignment, Round
from tests.factories import (
    NominationFactory,
    RoundFactory,
    assignment,
    eligible_nomination,
    judge_user,
)


def manage_url(round):
    return reverse("judging_admin:round_manage", args=[round.pk])


def allocate_url(round):
    return reverse("judging_admin:round_allocate", args=[round.pk])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def round_with_entries(staff, open_award):
    """An open round of `open_award` with two eligible entries and a draft that does not enter."""
    entries = [eligible_nomination(award=open_award, staff=staff) for _ in range(2)]
    NominationFactory(award=open_award)
    return RoundFactory(award=open_award, judges_per_entry=2), entries


def test_round_listing_links_to_manage_and_results(staff, client_for, round_with_entries):
    round, _entries = round_with_entries

    response = client_for(staff).get(reverse("judging_round_modeladmin_index"))

    assert response.status_code == 200
    content = response.content.decode()
    assert round.name in content
    assert manage_url(round) in content
    assert reverse("judging_admin:round_results", args=[round.pk]) in content
    assert "0 of 0 scorecards submitted" in content


def test_staff_create_a_round_in_the_admin(staff, open_award, client_for):
    opens = timezone.localtime() + timedelta(days=1)
    closes = opens + timedelta(days=14)

    response = client_for(staff).post(
        reverse("judging_round_modeladmin_create"),
        {
            "award": open_award.pk,
            "name": "Shortlisting",
            "opens_at": opens.strftime("%Y-%m-%d %H:%M"),
            "closes_at": closes.strftime("%Y-%m-%d %H:%M"),
            "entries_from": Round.Entry.ELIGIBLE,
            "judges_per_entry": 2,
            "is_blind": "on",
            "allow_not_applicable": "on",
            "scale_max": 5,
            "ranking_method": Round.RankingMethod.WEIGHTED_MEAN,
            "reminder_days": "7, 2",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    round = Round.objects.get(name="Shortlisting")
    assert round.award_id == open_award.pk
    assert round.is_blind
    assert round.judges_per_entry == 2


def test_manage_page_shows_assignments_by_entry_and_progress(staff, client_for, round_with_entries):
    round, entries = round_with_entries
    judge = judge_user(first_name="Ada", last_name="Lovelace")
    assignment(round=round, judge=judge, nomination=entries[0], by=staff)

    response = client_for(staff).get(manage_url(round))

    assert response.status_code == 200
    content = response.content.decode()
    assert "0 of 1 scorecard submitted" in content
    assert "Ada Lovelace" in content
    assert "In progress" in content
    for entry in entries:
        assert entry.reference in content
    assert "Needs 2 more judges" in content  # the entry nobody judges yet


def test_staff_add_an_assignment(staff, client_for, round_with_entries):
    round, entries = round_with_entries
    judge = judge_user()

    response = client_for(staff).post(
        manage_url(round), {"judge": judge.pk, "nomination": entries[1].pk}, follow=True
    )

    assert response.status_code == 200
    created = Assignment.objects.get(round=round)
    assert (created.judge_id, created.nomination_id) == (judge.pk, entries[1].pk)
    assert created.scorecard.status == "draft"
    assert any("will judge" in text for text in messages_of(response))


def test_adding_an_assignment_needs_a_judge_and_an_entry_of_the_round(
    staff, client_for, round_with_entries, officer
):
    round, entries = round_with_entries
    draft = NominationFactory(award=round.award)
    client = client_for(staff)

    response = client.post(manage_url(round), {"judge": "", "nomination": entries[0].pk})
    assert response.status_code == 200
    assert "Choose a judge" in response.content.decode()

    # Not in the Judges group, and not an entry of the round: neither is offered nor accepted.
    response = client.post(manage_url(round), {"judge": officer.pk, "nomination": draft.pk})
    assert response.status_code == 200
    assert not Assignment.objects.exists()


def test_allocate_gives_every_entry_its_judges_and_reports_shortfalls(
    staff, client_for, round_with_entries
):
    round, entries = round_with_entries
    judges = [judge_user() for _ in range(3)]
    assignment(round=round, judge=judges[0], nomination=entries[0], by=staff)
    client = client_for(staff)

    response = client.post(allocate_url(round), follow=True)

    assert response.status_code == 200
    pairs = set(Assignment.objects.filter(round=round).values_list("judge_id", "nomination_id"))
    assert len(pairs) == 4
    for entry in entries:
        assert sum(1 for _j, n in pairs if n == entry.pk) == 2
    assert (judges[0].pk, entries[0].pk) in pairs
    assert any("Added 3 assignments." in text for text in messages_of(response))

    # Running again adds nothing; asking for more judges than the panel has reports who is short.
    Round.objects.filter(pk=round.pk).update(judges_per_entry=4)
    response = client.post(allocate_url(round), follow=True)

    assert Assignment.objects.filter(round=round).count() == 6
    texts = messages_of(response)
    assert any("Added 2 assignments." in text for text in texts)
    assert any(entries[0].reference in text and "needs 1 more" in text for text in texts)


def test_allocate_with_an_empty_panel_says_so(staff, client_for, round_with_entries):
    round, _entries = round_with_entries

    response = client_for(staff).post(allocate_url(round), follow=True)

    assert not Assignment.objects.exists()
    assert any("Judges group" in text for text in messages_of(response))


@pytest.mark.parametrize("role", ["anonymous", "officer", "judge", "editor"])
def test_round_pages_are_for_staff_only(
    role, request, client, client_for, staff, round_with_entries
):
    round, entries = round_with_entries
    judge = judge_user()
    if role != "anonymous":
        client = client_for(request.getfixturevalue(role))
    urls = [
        reverse("judging_round_modeladmin_index"),
        manage_url(round),
        reverse("judging_admin:round_results", args=[round.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in {302, 403, 404}, url
        if response.status_code == 302:
            assert response["Location"] != url

    client.post(manage_url(round), {"judge": judge.pk, "nomination": entries[0].pk})
    client.post(allocate_url(round))
    assert not Assignment.objects.exists()


MANAGE_QUERY_BOUND = 20  # measured 19 at 1 and at 20 entries (panel, reviews, conflicts, removed)


@pytest.mark.parametrize("count", [1, 20])
def test_manage_page_and_round_listing_queries_do_not_grow(
    count, staff, open_award, client_for, django_assert_max_num_queries
):
    round = RoundFactory(award=open_award)
    judges = [judge_user(), judge_user()]
    for _ in range(count):
        entry = eligible_nomination(award=open_award, staff=staff)
        for judge in judges:
            assignment(round=round, judge=judge, nomination=entry, by=staff)
    for _ in range(count - 1):
        RoundFactory(award=open_award)
    client = client_for(staff)
    client.get(reverse("wagtailadmin_home"))

    with django_assert_max_num_queries(MANAGE_QUERY_BOUND):
        response = client.get(manage_url(round))
    assert response.status_code == 200
    assert f"0 of {2 * count} scorecards submitted" in response.content.decode()

    with django_assert_max_num_queries(MANAGE_QUERY_BOUND):
        response = client.get(reverse("judging_round_modeladmin_index"))
    assert response.status_code == 200
    assert response.content.decode().count("scorecards submitted") == count
