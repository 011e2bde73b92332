"""The results table of a round: the numbers (judging.results) and the page with its decision forms."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from awards.models import AwardPage, Nomination
from home.errors import ServiceError
from judging import services
from judging.models import Decision, Round, Scorecard
from judging.results import build_results
from tests.factories import (
    AwardPageFactory,
    RoundFactory,
    assignment,
    eligible_nomination,
    judge_user,
)

RESULTS_QUERY_BOUND = 17  # measured 16 at 1 and at 50 entries


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


def close_judging(round):
    """Nominations closed and the round over, as when the panel decides."""
    now = timezone.now()
    AwardPage.objects.filter(pk=round.award_id).update(closes_at=now - timedelta(days=10))
    Round.objects.filter(pk=round.pk).update(closes_at=now - timedelta(days=1))
    round.refresh_from_db()


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


@pytest.mark.parametrize("count", [1, 50])
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
    close_judging(round)

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


# --- every method, agreement, leniency, sorting, exports, shortlisting ------------------------

FOUR_JUDGES = [
    {1: 5, 2: 4, 3: 3, 4: 2, 5: 1, 6: 0},
    {1: 4, 2: 4, 3: 3, 4: 3, 5: 2, 6: 1},
    {1: 1, 2: 4, 3: 2, 4: 3, 5: 2, 6: 1},
    {1: 4, 2: 5, 3: 3, 4: 3, 5: 2, 6: None},
]


@pytest.fixture
def four_judge_round(staff, db):
    award = AwardPageFactory()
    round = RoundFactory(award=award, judges_per_entry=4)
    judges = [judge_user(first_name="Judge", last_name=f"J{n}") for n in range(4)]
    nomination = eligible_nomination(award=award, staff=staff)
    for judge, values in zip(judges, FOUR_JUDGES, strict=True):
        score(round=round, judge=judge, nomination=nomination, values=values, staff=staff)
    return round, nomination


def test_every_method_is_computed_and_shown(four_judge_round, staff, client_for):
    round, nomination = four_judge_round

    (row,) = build_results(round=round).rows

    # Principle means 3.5, 4.25, 2.75, 2.75, 1.75, 0.667 -> 15.667 / 30 = 52.22
    assert row.weighted_mean == Decimal("52.22")
    # Medians 4, 4, 3, 3, 2, 1 -> 17 / 30 = 56.67
    assert row.median == Decimal("56.67")
    # Trimmed (4 judges: drop highest and lowest): 4, 4, 3, 3, 2, (3 ratings) 0.667 -> 16.667/30
    assert row.trimmed_mean == Decimal("55.56")
    # One entry: every judge's z-score is neutral.
    assert row.normalised == Decimal("0.0000")
    assert [p.disagreement for p in row.principles] == [True, False, False, False, False, False]
    content = client_for(staff).get(results_url(round)).content.decode()
    for text in ("52.22", "56.67", "55.56", "Judge-normalised", "Weighted trimmed mean"):
        assert text in content
    assert "judges disagree" in content
    assert "principle 1 (spread 4)" in content


def test_the_round_chooses_the_ranking_method(staff, client_for, weighted_award):
    from judging.models import Round

    round = RoundFactory(award=weighted_award)
    lenient, harsh = judge_user(), judge_user()
    a, b, c = (eligible_nomination(award=weighted_award, staff=staff) for _ in range(3))
    # The lenient judge scores a and b; the harsh judge scores b and c. b is each judge's
    # lower entry, so normalising puts it below both, though its raw mean is in the middle.
    score(
        round=round, judge=lenient, nomination=a, values=dict.fromkeys(range(1, 7), 5), staff=staff
    )
    score(
        round=round, judge=lenient, nomination=b, values=dict.fromkeys(range(1, 7), 4), staff=staff
    )
    score(round=round, judge=harsh, nomination=b, values=dict.fromkeys(range(1, 7), 1), staff=staff)
    score(round=round, judge=harsh, nomination=c, values=dict.fromkeys(range(1, 7), 2), staff=staff)

    by_mean = [row.nomination for row in build_results(round=round).rows]
    Round.objects.filter(pk=round.pk).update(ranking_method=Round.RankingMethod.NORMALISED)
    round.refresh_from_db()
    by_z = build_results(round=round).rows

    assert by_mean == [a, b, c]
    assert [row.nomination for row in by_z][-1] == b
    assert [row.rank_display for row in by_z] == ["=1", "=1", "3"]
    content = client_for(staff).get(results_url(round)).content.decode()
    assert "Entries are ranked by <strong>Judge-normalised</strong>" in content


def test_agreement_and_the_leniency_chart_are_shown(four_judge_round, staff, client_for):
    round, _nomination = four_judge_round
    client = client_for(staff)

    interval = client.get(results_url(round)).content.decode()
    nominal = client.get(results_url(round) + "?alpha=nominal").content.decode()
    results = build_results(round=round)

    assert results.alpha is not None
    assert f"{results.alpha:.3f}" in interval
    assert '<option value="nominal" selected>' in nominal
    assert 'id="kil-leniency-chart"' in interval
    start = interval.index('<svg xmlns="http://www.w3.org/2000/svg"')
    svg = interval[start : interval.index("</svg>", start)]
    assert "style=" not in svg
    assert svg.count("<circle") == 4
    judge_rows = {row.judge.last_name: row for row in results.judges}
    # J2 gave 1 on principle 1 where the others gave 4-5: the harshest judge.
    assert min(judge_rows.values(), key=lambda r: r.difference).judge.last_name == "J2"


def test_the_table_sorts_by_any_column(staff, client_for, weighted_award):
    round = RoundFactory(award=weighted_award)
    judge = judge_user()
    low, high = (eligible_nomination(award=weighted_award, staff=staff) for _ in range(2))
    score(round=round, judge=judge, nomination=low, values=SCORES_A, staff=staff)
    score(round=round, judge=judge, nomination=high, values=SCORES_B, staff=staff)
    client = client_for(staff)

    default = client.get(results_url(round))
    ascending = client.get(results_url(round) + "?sort=weighted_mean&order=asc")

    assert [row.nomination for row in default.context["rows"]] == [high, low]
    assert [row.nomination for row in ascending.context["rows"]] == [low, high]
    assert 'aria-sort="ascending"' in ascending.content.decode()


def test_results_export_as_csv_and_xlsx(four_judge_round, staff, client_for):
    import csv
    import io

    from openpyxl import load_workbook

    from awards.models import Nomination

    round, nomination = four_judge_round
    Nomination.objects.filter(pk=nomination.pk).update(title='=HYPERLINK("http://x")')
    client = client_for(staff)
    base = reverse("judging_admin:round_export", args=[round.pk])

    as_csv = client.get(base + "?format=csv")
    as_xlsx = client.get(base + "?format=xlsx")

    rows = list(csv.reader(io.StringIO(as_csv.content.decode())))
    assert as_csv["Content-Disposition"].endswith('.csv"')
    assert rows[0][:3] == ["Rank", "Reference", "Council"]
    assert rows[1][1] == nomination.reference
    assert rows[1][3].startswith("'=")  # a spreadsheet must not run a council's title
    assert "52.22" in rows[1]
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][1] == nomination.reference
    assert 52.22 in values[1]


def test_shortlist_the_top_n_with_a_clean_boundary(staff, client_for, weighted_award):
    round = RoundFactory(award=weighted_award)
    judge = judge_user()
    entries = [eligible_nomination(award=weighted_award, staff=staff) for _ in range(3)]
    for value, entry in zip([5, 4, 3], entries, strict=True):
        score(
            round=round,
            judge=judge,
            nomination=entry,
            values=dict.fromkeys(range(1, 7), value),
            staff=staff,
        )

    client_for(staff).post(
        reverse("judging_admin:round_shortlist", args=[round.pk]),
        {"mode": "top", "places": "2", "rationale": "Top two"},
    )

    statuses = {e.pk: Nomination.objects.get(pk=e.pk).status for e in entries}
    assert statuses == {
        entries[0].pk: Nomination.Status.SHORTLISTED,
        entries[1].pk: Nomination.Status.SHORTLISTED,
        entries[2].pk: Nomination.Status.ELIGIBLE,
    }
    assert Decision.objects.filter(outcome="shortlisted", rationale="Top two").count() == 2
    assert ModelLogEntry.objects.filter(action="judging.decision.record").count() == 2


def test_a_tie_at_the_shortlist_boundary_is_never_broken_silently(
    staff, client_for, weighted_award
):
    round = RoundFactory(award=weighted_award)
    judge = judge_user()
    entries = [eligible_nomination(award=weighted_award, staff=staff) for _ in range(3)]
    for value, entry in zip([5, 3, 3], entries, strict=True):
        score(
            round=round,
            judge=judge,
            nomination=entry,
            values=dict.fromkeys(range(1, 7), value),
            staff=staff,
        )
    client = client_for(staff)

    response = client.post(
        reverse("judging_admin:round_shortlist", args=[round.pk]),
        {"mode": "top", "places": "2", "rationale": "Top two"},
    )

    assert response.status_code == 200
    assert not Decision.objects.exists()
    content = response.content.decode()
    assert "cannot be filled without breaking a tie" in content
    assert entries[1].reference in content and entries[2].reference in content
    assert content.count("tied at the boundary") == 2
    assert f'value="{entries[0].pk}" form="kil-shortlist" id="pick-{entries[0].pk}" checked' in (
        content
    )

    client.post(
        reverse("judging_admin:round_shortlist", args=[round.pk]),
        {"mode": "picked", "picked": [entries[0].pk, entries[2].pk], "rationale": "Panel's pick"},
    )

    assert set(
        Nomination.objects.filter(status=Nomination.Status.SHORTLISTED).values_list("pk", flat=True)
    ) == {entries[0].pk, entries[2].pk}


def test_a_decision_needs_its_rationale_next_to_the_field(staff, weighted_award, client_for):
    round = RoundFactory(award=weighted_award)
    nomination = eligible_nomination(award=weighted_award, staff=staff)
    score(round=round, judge=judge_user(), nomination=nomination, values=SCORES_A, staff=staff)
    close_judging(round)

    response = client_for(staff).post(
        results_url(round), {"nomination": nomination.pk, "outcome": "winner", "rationale": "  "}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="rationale-error-{nomination.pk}">Enter the rationale for the decision' in content
    assert f'aria-describedby="rationale-error-{nomination.pk}"' in content
    assert not Decision.objects.exists()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ELIGIBLE
    with pytest.raises(ServiceError) as error:
        services.decision_record(nomination=nomination, outcome="winner", by=staff, rationale="")
    assert error.value.code == "rationale"
    assert not Decision.objects.exists()


def test_an_early_decision_asks_for_confirmation_with_a_reason_and_logs_it(
    staff, weighted_award, client_for
):
    """3 of 8 scorecards in, the round open and nominations open: not recorded until staff confirm
    with a reason; the reason is in the decision's history."""
    round = RoundFactory(award=weighted_award)
    nomination = eligible_nomination(award=weighted_award, staff=staff)
    for _ in range(3):
        score(round=round, judge=judge_user(), nomination=nomination, values=SCORES_A, staff=staff)
    for _ in range(5):
        assignment(round=round, judge=judge_user(), nomination=nomination, by=staff)
    client = client_for(staff)
    decide = {"nomination": nomination.pk, "outcome": "winner", "rationale": "Clear leader."}

    first = client.post(results_url(round), decide)

    assert first.status_code == 200
    content = first.content.decode()
    assert "This decision is early" in content
    assert "nominations for the award are still open" in content
    assert "the round is still open" in content
    assert "5 of 8 scorecards are not submitted" in content
    assert f'name="early_reason" id="early-reason-{nomination.pk}"' in content
    assert not Decision.objects.exists()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ELIGIBLE

    empty = client.post(results_url(round), {**decide, "early_reason": ""})
    assert f'id="early-reason-error-{nomination.pk}">Say why the panel is deciding now' in (
        empty.content.decode()
    )
    assert not Decision.objects.exists()

    confirmed = client.post(
        results_url(round), {**decide, "early_reason": "The ceremony date moved forward."}
    )

    assert confirmed.status_code == 302
    decision = Decision.objects.get(nomination=nomination)
    assert decision.outcome == "winner"
    entry = ModelLogEntry.objects.get(action="judging.decision.record")
    assert entry.data["early_reason"] == "The ceremony date moved forward."
    assert "5 of 8 scorecards are not submitted" in entry.data["early"]
    assert entry.user_id == staff.pk


def test_a_decision_after_judging_needs_no_confirmation(staff, weighted_award):
    round = RoundFactory(award=weighted_award)
    nomination = eligible_nomination(award=weighted_award, staff=staff)
    score(round=round, judge=judge_user(), nomination=nomination, values=SCORES_A, staff=staff)
    close_judging(round)

    decision = services.decision_record(
        nomination=nomination, outcome="winner", by=staff, rationale="Best.", round=round
    )

    assert decision.outcome == "winner"
    assert "early" not in ModelLogEntry.objects.get(action="judging.decision.record").data


def test_an_assignment_staff_removed_counts_nowhere_in_the_results(
    staff, weighted_award, client_for
):
    round = RoundFactory(award=weighted_award)
    nomination = eligible_nomination(award=weighted_award, staff=staff)
    score(round=round, judge=judge_user(), nomination=nomination, values=SCORES_A, staff=staff)
    removed = score(
        round=round, judge=judge_user(), nomination=nomination, values=SCORES_B, staff=staff
    )
    client_for(staff).post(
        reverse("judging_admin:assignment_remove", args=[round.pk, removed.assignment_id]),
        {"reason": "Scored the wrong entry"},
    )

    (row,) = build_results(round=round).rows
    page = client_for(staff).get(results_url(round))

    # Kept for the record, and restorable, but not counted.
    assert Scorecard.all_objects.filter(pk=removed.pk, status="submitted").exists()
    # Judge A alone: (2×4 + 3 + 5 + 2 + 1) / 30 × 100 = 63.33
    assert (row.submitted, row.assigned) == (1, 1)
    assert row.weighted_mean == Decimal("63.33")
    assert len(build_results(round=round).judges) == 1
    assert page.status_code == 200
    assert removed.assignment.judge.get_full_name() not in page.content.decode()
