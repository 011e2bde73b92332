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
    closes = timezone.localtime(open_award.closes_at) + timedelta(days=14)

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


def test_a_round_cannot_close_before_the_awards_nominations_close(staff, open_award, client_for):
    opens = timezone.localtime() + timedelta(days=1)
    closes = timezone.localtime(open_award.closes_at) - timedelta(days=1)

    response = client_for(staff).post(
        reverse("judging_round_modeladmin_create"),
        {
            "award": open_award.pk,
            "name": "Too early",
            "opens_at": opens.strftime("%Y-%m-%d %H:%M"),
            "closes_at": closes.strftime("%Y-%m-%d %H:%M"),
            "entries_from": Round.Entry.ELIGIBLE,
            "judges_per_entry": 2,
            "scale_max": 5,
            "ranking_method": Round.RankingMethod.WEIGHTED_MEAN,
            "reminder_days": "7, 2",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["closes_at"]
    assert errors["closes_at"][0].startswith(
        f"The round must close after nominations for the {open_award.year} award close"
    )
    assert errors["closes_at"][0] in response.content.decode().replace("&#x27;", "'")
    assert not Round.objects.filter(name="Too early").exists()


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


# --- removing an assignment is soft, and staff can restore it ---


@pytest.fixture
def submitted_card(staff, open_award):
    from judging import services

    round = RoundFactory(award=open_award)
    judge = judge_user()
    judged = assignment(
        round=round,
        judge=judge,
        nomination=eligible_nomination(award=open_award, staff=staff),
        opened=True,
    )
    criteria = open_award.ordered_criteria
    scores = {c.pk: (None if i == 0 else i % 6, f"Comment {i}") for i, c in enumerate(criteria)}
    card = services.scorecard_save(
        scorecard=judged.scorecard,
        by=judge,
        version=1,
        scores=scores,
        overall_comment="A careful entry",
    )
    return services.scorecard_submit(scorecard=card, by=judge)


def _card_record(card):
    from judging.models import Score, Scorecard

    card = Scorecard.all_objects.get(pk=card.pk)
    return (
        card.status,
        card.submitted_at,
        card.overall_comment,
        card.overall_comment_shared,
        card.version,
        sorted(
            Score.all_objects.filter(scorecard=card).values_list(
                "criterion_id", "value", "comment", "shared_with_council"
            )
        ),
    )


def test_removing_a_submitted_assignment_keeps_it_hidden_and_logs_the_scores(
    staff, submitted_card, client_for
):
    from wagtail.models import ModelLogEntry

    from judging.models import Scorecard

    judged = submitted_card.assignment
    judge = judged.judge
    before = _card_record(submitted_card)

    response = client_for(staff).post(
        reverse("judging_admin:assignment_remove", args=[judged.round_id, judged.pk]),
        {"reason": "Judge unwell"},
    )

    assert response.status_code == 302
    kept = Assignment.all_objects.get(pk=judged.pk)
    assert kept.removed_at is not None
    assert kept.removed_by == staff
    assert kept.removal_reason == "Judge unwell"
    assert _card_record(submitted_card) == before
    # Hidden from the judge and from anything counting scorecards.
    judge_client = client_for(judge)
    assert judge_client.get(reverse("judging:scorecard", args=[judged.uuid])).status_code == 404
    assert (
        judged.nomination.reference
        not in judge_client.get(reverse("judging:dashboard")).content.decode()
    )
    assert not Assignment.objects.filter(pk=judged.pk).exists()
    assert not Scorecard.objects.filter(pk=submitted_card.pk).exists()
    entry = ModelLogEntry.objects.get(action="judging.assignment.remove")
    assert entry.data["reason"] == "Judge unwell"
    assert entry.data["scorecard"]["status"] == "submitted"
    assert entry.data["scorecard"]["overall_comment"] == "A careful entry"
    assert [s["value"] for s in entry.data["scorecard"]["scores"]] == [
        value for _criterion, value, _comment, _shared in before[-1]
    ]
    manage = client_for(staff).get(manage_url(judged.round)).content.decode()
    assert "Removed assignments" in manage
    assert reverse("judging_admin:assignment_restore", args=[judged.round_id, judged.pk]) in manage


def test_staff_restore_a_removed_assignment_with_every_field_as_it_was(
    staff, submitted_card, client_for
):
    from wagtail.models import ModelLogEntry

    judged = submitted_card.assignment
    before = _card_record(submitted_card)
    client = client_for(staff)
    client.post(
        reverse("judging_admin:assignment_remove", args=[judged.round_id, judged.pk]),
        {"reason": "Removed by mistake"},
    )

    response = client.post(
        reverse("judging_admin:assignment_restore", args=[judged.round_id, judged.pk]),
        follow=True,
    )

    assert response.status_code == 200
    assert any("with their scorecard as it was" in m for m in messages_of(response))
    restored = Assignment.objects.get(pk=judged.pk)
    assert (restored.removed_at, restored.removed_by, restored.removal_reason) == (None, None, "")
    assert _card_record(submitted_card) == before
    assert before[0] == "submitted" and before[1] is not None
    judge_page = client_for(judged.judge).get(reverse("judging:scorecard", args=[judged.uuid]))
    assert judge_page.status_code == 200
    assert "A careful entry" in judge_page.content.decode()
    entry = ModelLogEntry.objects.get(action="judging.assignment.restore")
    assert entry.data["removed"]["reason"] == "Removed by mistake"
    # Restoring twice is a message, not an error.
    again = client.post(
        reverse("judging_admin:assignment_restore", args=[judged.round_id, judged.pk]),
        follow=True,
    )
    assert any("not removed" in m for m in messages_of(again))


def test_allocation_fills_a_removed_judges_place_with_someone_else(
    staff, client_for, round_with_entries
):
    round, entries = round_with_entries
    judges = [judge_user() for _ in range(3)]
    client = client_for(staff)
    client.post(allocate_url(round))
    first = Assignment.objects.filter(round=round, nomination=entries[0]).first()
    client.post(
        reverse("judging_admin:assignment_remove", args=[round.pk, first.pk]),
        {"reason": "Judge unwell"},
    )

    client.post(allocate_url(round))

    now = Assignment.objects.filter(round=round, nomination=entries[0])
    assert now.count() == 2
    assert first.judge_id not in set(now.values_list("judge_id", flat=True))
    assert len(judges) == 3


# --- people with judging records are deactivated, never deleted ---


def _bulk_url(action, *users):
    return (
        reverse("wagtail_bulk_action", args=["auth", "user", action])
        + "?"
        + "&".join(f"id={user.pk}" for user in users)
    )


def test_deleting_a_judge_in_the_admin_is_refused_with_advice_to_deactivate(
    submitted_card, client_for
):
    from django.contrib.auth import get_user_model
    from django.db.models import ProtectedError

    from judging.models import Round, Scorecard
    from tests.factories.users import UserFactory

    judge = submitted_card.assignment.judge
    # A closed round's scores must survive too.
    Round.objects.filter(pk=submitted_card.assignment.round_id).update(
        opens_at=timezone.now() - timedelta(days=20), closes_at=timezone.now() - timedelta(days=1)
    )
    client = client_for(UserFactory(is_superuser=True))
    url = reverse("wagtailusers_users:delete", args=[judge.pk])

    one = client.post(url, follow=True)
    bulk = client.post(_bulk_url("delete", judge), follow=True)

    assert get_user_model().objects.filter(pk=judge.pk).exists()
    assert Scorecard.objects.filter(pk=submitted_card.pk, status="submitted").exists()
    for response in (one, bulk):
        assert response.status_code == 200
        (message,) = [m for m in messages_of(response) if "cannot be deleted" in m]
        assert "1 submitted scorecard" in message
        assert "Deactivate the account instead" in message
    assert one.redirect_chain[-1][0] == reverse("wagtailusers_users:edit", args=[judge.pk])
    # No other path (a shell, a script) deletes them either.
    with pytest.raises(ProtectedError):
        judge.delete()


def test_deactivating_a_judge_is_logged(submitted_card, client_for):
    from wagtail.models import ModelLogEntry

    from tests.factories.users import UserFactory

    judge = submitted_card.assignment.judge
    admin = UserFactory(is_superuser=True)

    client_for(admin).post(_bulk_url("set_active_state", judge), {"mark_as_active": "False"})

    judge.refresh_from_db()
    assert not judge.is_active
    entry = ModelLogEntry.objects.get(action="home.account.deactivate")
    assert (entry.object_id, entry.user) == (str(judge.pk), admin)


def test_a_judge_with_no_records_can_still_be_deleted(client_for):
    from django.contrib.auth import get_user_model

    from tests.factories.users import UserFactory

    judge = judge_user()

    client_for(UserFactory(is_superuser=True)).post(
        reverse("wagtailusers_users:delete", args=[judge.pk])
    )

    assert not get_user_model().objects.filter(pk=judge.pk).exists()


def test_deactivating_a_judge_from_their_edit_page_is_logged(submitted_card, client_for):
    from wagtail.models import ModelLogEntry

    from tests.factories.users import UserFactory

    judge = submitted_card.assignment.judge
    admin = UserFactory(is_superuser=True)
    client = client_for(admin)
    url = reverse("wagtailusers_users:edit", args=[judge.pk])
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"is_active", "password", "last_login"}
    }
    data["groups"] = [group.pk for group in judge.groups.all()]

    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    judge.refresh_from_db()
    assert not judge.is_active
    entry = ModelLogEntry.objects.get(action="home.account.deactivate")
    assert (entry.object_id, entry.user) == (str(judge.pk), admin)
