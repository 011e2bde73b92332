"""The results table of a round: the numbers (judging.results) and the page with its decision forms."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from awards.models import Nomination
from judging import services
from judging.models import Decision
from judging.results import build_results
from tests.factories import (
    AwardPageFactory,
    RoundFactory,
    assignment,
    eligible_nomination,
    judge_user,
)

RESULTS_QUERY_BOUND = 16  # measured 15 at 1 and at 20 entries


def results_url(round):
    return reverse("judging_admin:round_results", args=[round.pk])


def score(*, round, judge, nomination, values, staff):
    """`values` by principle number (None = not applicable); saved and submitted through the services."""
    scorecard = assignment(round=round, judge=judge, nomination=nomination, by=staff).scorecard
    criteria = {c.principle.number: c.pk for c in round.award.ordered_criteria}
    scorecard = services.scorecard_save(
        scorecard=scorecard,
        by=judge,
        version=scorecard.version,
        scores={criteria[number]: (value, "") for number, value in values.items()},
    )
    return services.scorecard_submit(scorecard=scorecard, by=judge)


SCORES_A = {1: 4, 2: 3, 3: None, 4: 5, 5: 2, 6: 1}
SCORES_B = {1: 5, 2: 3, 3: None, 4: 4, 5: 2, 6: 3}


@pytest.fixture
def weighted_award(db):
    """Principle 1 counts double; the rest weight 1."""
    return AwardPageFactory(criteria={1: Decimal("2")})


def test_weighted_mean_matches_the_hand_computed_example(staff, weighted_award):
    round = RoundFactory(award=weighted_award)
    nomination = eligible_nomination(award=weighted_award, staff=staff)
    score(round=round, judge=judge_user(), nomination=nomination, values=SCORES_A, staff=staff)
    score(round=round, judge=judge_user(), nomination=nomination, values=SCORES_B, staff=staff)

    results = build_results(round=round)

    (row,) = results.rows
    # Principle means 4.5, 3, (n/a), 4.5, 2, 2; weights 2,1,-,1,1,1:
    # (2×4.5 + 3 + 4.5 + 2 + 2) / (6 × 5) × 100 = 20.5 / 30 × 100 = 68.33
    assert row.weighted_mean == Decimal("68.33")
    assert [p.mean for p in row.principles] == [
        Decimal("4.50"),
        Decimal("3.00"),
        None,
        Decimal("4.50"),
        Decimal("2.00"),
        Decimal("2.00"),
    ]
    assert row.submitted == 2
    assert row.assigned == 2
    assert row.rank_display == "1"
    assert [p.disagreement for p in row.principles] == [False] * 6


def test_only_submitted_scorecards_count_and_unscored_entries_come_last(staff, weighted_award):
    round = RoundFactory(award=weighted_award)
    scored, unscored = (eligible_nomination(award=weighted_award, staff=staff) for _ in range(2))
    score(round=round, judge=judge_user(), nomination=scored, values=SCORES_A, staff=staff)
    draft = assignment(round=round, judge=judge_user(), nomination=scored, by=staff).scorecard
    services.scorecard_save(
        scorecard=draft,
        by=draft.assignment.judge,
        version=draft.version,
        scores={c.pk: (0, "") for c in weighted_award.ordered_criteria},
    )
    assignment(round=round, judge=judge_user(), nomination=unscored, by=staff)

    rows = build_results(round=round).rows

    assert [row.nomination for row in rows] == [scored, unscored]
    assert (rows[0].submitted, rows[0].assigned) == (1, 2)
    # Judge A alone: (2×4 + 3 + 5 + 2 + 1) / 30 × 100 = 63.33
    assert rows[0].weighted_mean == Decimal("63.33")
    assert rows[1].weighted_mean is None
    assert rows[1].rank is None
    assert rows[1].rank_display == ""


def test_ties_share_a_rank(staff, weighted_award, client_for):
    round = RoundFactory(award=weighted_award)
    first, second, third = (
        eligible_nomination(award=weighted_award, staff=staff) for _ in range(3)
    )
    judge = judge_user()
    score(round=round, judge=judge, nomination=first, values=SCORES_B, staff=staff)
    score(round=round, judge=judge, nomination=second, values=SCORES_A, staff=staff)
    score(round=round, judge=judge, nomination=third, values=SCORES_A, staff=staff)

    rows = build_results(round=round).rows

    assert [row.rank_display for row in rows] == ["1", "=2", "=2"]
    assert rows[0].nomination == first
    assert {rows[1].nomination, rows[2].nomination} == {second, third}

    content = client_for(staff).get(results_url(round)).content.decode()
    assert content.count("=2") >= 2


def test_results_page_shows_the_table_formula_and_councils_even_when_blind(
    staff, weighted_award, client_for
):
    round = RoundFactory(award=weighted_award, is_blind=True)
    nomination = eligible_nomination(award=weighted_award, staff=staff)
    score(round=round, judge=judge_user(), nomination=nomination, values=SCORES_A, staff=staff)
    score(round=round, judge=judge_user(), nomination=nomination, values=SCORES_B, staff=staff)

    response = client_for(staff).get(results_url(round))

    assert response.status_code == 200
    content = response.content.decode()
    assert "<caption" in content and '<th scope="col">' in content and '<th scope="row">' in content
    assert "68.33" in content
    assert nomination.reference in content
    assert nomination.council.name in content
    assert "Weighted mean: for each principle the mean of the judges' scores" in content
    assert "weight 2.00" in content


@pytest.mark.parametrize("count", [1, 20])
def test_results_page_queries_do_not_grow_with_entries(
    count, staff, client_for, django_assert_max_num_queries
):
    award = AwardPageFactory()
    round = RoundFactory(award=award)
    judges = [judge_user(), judge_user()]
    for index in range(count):
        nomination = eligible_nomination(award=award, staff=staff)
        for judge in judges:
            values = {number: (index + number) % 6 for number in range(1, 7)}
            score(round=round, judge=judge, nomination=nomination, values=values, staff=staff)
    client = client_for(staff)
    client.get(reverse("wagtailadmin_home"))

    with django_assert_max_num_queries(RESULTS_QUERY_BOUND):
        response = client.get(results_url(round))

    assert response.status_code == 200
    assert response.content.decode().count("data-kil-weighted-mean") == count


def test_recording_a_decision_makes_the_nomination_a_winner(staff, weighted_award, client_for):
    round = RoundFactory(award=weighted_award)
    nomination = eligible_nomination(award=weighted_award, staff=staff)
    score(round=round, judge=judge_user(), nomination=nomination, values=SCORES_A, staff=staff)

    response = client_for(staff).post(
        results_url(round),
        {
            "nomination": nomination.pk,
            "outcome": "winner",
            "rationale": "Strongest on every principle.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == results_url(round) + f"#entry-{nomination.pk}"
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WINNER
    decision = Decision.objects.get(nomination=nomination)
    assert (decision.outcome, decision.round_id, decision.decided_by_id) == (
        "winner",
        round.pk,
        staff.pk,
    )
    assert decision.rationale == "Strongest on every principle."
    assert ModelLogEntry.objects.filter(action="judging.decision.record").exists()
    listing = client_for(staff).get(reverse("judging_decision_modeladmin_index"))
    assert nomination.reference in listing.content.decode()
    assert ModelLogEntry.objects.filter(
        action="awards.nomination.outcome", object_id=str(nomination.pk)
    ).exists()


def test_a_decision_without_an_outcome_keeps_the_rationale(staff, weighted_award, client_for):
    round = RoundFactory(award=weighted_award)
    nomination = eligible_nomination(award=weighted_award, staff=staff)
    assignment(round=round, judge=judge_user(), nomination=nomination, by=staff)

    response = client_for(staff).post(
        results_url(round),
        {"nomination": nomination.pk, "outcome": "", "rationale": "Half-typed thought"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Choose an outcome" in content
    assert "Half-typed thought" in content
    assert not Decision.objects.exists()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ELIGIBLE


def test_a_refused_decision_is_a_message(staff, weighted_award, client_for):
    round = RoundFactory(award=weighted_award)
    nomination = eligible_nomination(award=weighted_award, staff=staff)
    assignment(round=round, judge=judge_user(), nomination=nomination, by=staff)
    from awards.services import nomination_mark_eligibility

    nomination_mark_eligibility(nomination=nomination, by=staff, eligible=False, reason="Late")

    response = client_for(staff).post(
        results_url(round), {"nomination": nomination.pk, "outcome": "winner"}, follow=True
    )

    assert response.status_code == 200
    assert not Decision.objects.exists()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.INELIGIBLE


def test_a_nomination_outside_the_round_cannot_be_decided_here(staff, weighted_award, client_for):
    round = RoundFactory(award=weighted_award)
    outsider = eligible_nomination(award=weighted_award, staff=staff)

    response = client_for(staff).post(
        results_url(round), {"nomination": outsider.pk, "outcome": "winner"}
    )

    assert response.status_code == 302
    assert not Decision.objects.exists()


@pytest.mark.parametrize("role", ["judge", "editor", "officer"])
def test_only_staff_record_decisions(role, request, staff, weighted_award, client_for):
    round = RoundFactory(award=weighted_award)
    nomination = eligible_nomination(award=weighted_award, staff=staff)
    assignment(round=round, judge=judge_user(), nomination=nomination, by=staff)

    response = client_for(request.getfixturevalue(role)).post(
        results_url(round), {"nomination": nomination.pk, "outcome": "winner"}
    )

    assert response.status_code in {302, 403, 404}
    assert not Decision.objects.exists()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ELIGIBLE
