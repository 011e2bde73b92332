import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging.scoring import (
    disagreement,
    krippendorff_alpha,
    mean,
    median,
    normalised_scores,
    rank_with_ties,
    spread,
    trimmed_mean,
    weighted_mean,
    z_scores,
)

# --- mean, median, trimmed mean -------------------------------------------------


def test_mean_skips_not_applicable_instead_of_counting_it_as_zero():
    assert mean([5, None]) == Decimal(5)


def test_mean_is_none_when_nothing_is_rated():
    assert mean([None, None]) is None
    assert mean([]) is None


def test_mean_of_decimals_is_exact():
    assert mean([Decimal("2.5"), 3, None, 4]) == Decimal("3.166666666666666666666666667")


def test_median_of_odd_count_ignores_none():
    assert median([3, None, 1, 2]) == Decimal(2)


def test_median_of_even_count_is_midpoint():
    assert median([4, 1, 2, 3]) == Decimal("2.5")


def test_median_is_none_when_nothing_is_rated():
    assert median([None]) is None


def test_trimmed_mean_with_fewer_than_four_ratings_is_plain_mean():
    assert trimmed_mean([1, 5, 3]) == Decimal(3)


def test_trimmed_mean_drops_highest_and_lowest_from_four_ratings():
    assert trimmed_mean([0, 4, 4, 5]) == Decimal(4)


def test_trimmed_mean_counts_only_rated_values_towards_four():
    # Four values but one is N/A: only three ratings, so nothing is trimmed.
    assert trimmed_mean([0, None, 4, 5]) == Decimal(3)
    assert trimmed_mean([0, None, 4, 4, 5]) == Decimal(4)


def test_trimmed_mean_is_none_when_nothing_is_rated():
    assert trimmed_mean([None, None, None, None]) is None


# --- weighted mean ----------------------------------------------------------------


def test_weighted_mean_hand_computed_on_0_to_100():
    scores = {"local_spend": [4, 5], "social_value": [3, 3]}
    weights = {"local_spend": 2, "social_value": 1}

    result = weighted_mean(scores, weights)

    # (2 * 4.5 + 1 * 3) / 3 = 4.0 out of 5 -> 80.
    assert result == Decimal("80.00")


def test_weighted_mean_renormalises_weights_when_a_principle_is_all_not_applicable():
    scores = {"local_spend": [4, 5], "social_value": [None, None]}
    weights = {"local_spend": 2, "social_value": 1}

    result = weighted_mean(scores, weights)

    # Only local_spend counts: 4.5 out of 5, not (2 * 4.5 + 0) / 3 = 3.
    assert result == Decimal("90.00")


def test_weighted_mean_does_not_count_not_applicable_as_zero():
    assert weighted_mean({"p": [5, None]}, {"p": 1}) == Decimal("100.00")


def test_weighted_mean_ignores_weights_of_principles_not_scored():
    assert weighted_mean({"p": [3]}, {"p": 1, "q": 4}) == Decimal("60.00")


def test_weighted_mean_zero_weight_contributes_nothing():
    assert weighted_mean({"p": [5], "q": [0]}, {"p": 1, "q": 0}) == Decimal("100.00")


def test_weighted_mean_rounds_half_up_to_two_places():
    scores = {"p": [1, 0, 0, 0], "q": [0]}
    weights = {"p": 1, "q": 7}

    result = weighted_mean(scores, weights)

    # 0.25 * 1 / 8 = 0.03125 out of 5 = 0.625, which half-even would make 0.62.
    assert result == Decimal("0.63")


def test_weighted_mean_repeating_decimal_is_quantised():
    assert weighted_mean({"p": [1, 2, 2]}, {"p": 1}) == Decimal("33.33")


def test_weighted_mean_uses_scale_max():
    assert weighted_mean({"p": [7]}, {"p": 1}, scale_max=10) == Decimal("70.00")


def test_weighted_mean_accepts_another_aggregate():
    scores = {"p": [1, 5, 5]}

    assert weighted_mean(scores, {"p": 1}, aggregate=median) == Decimal("100.00")
    assert weighted_mean(scores, {"p": 1}) == Decimal("73.33")


def test_weighted_mean_is_none_when_nothing_is_rated():
    assert weighted_mean({"p": [None], "q": []}, {"p": 1, "q": 1}) is None
    assert weighted_mean({}, {"p": 1}) is None


def test_weighted_mean_is_none_when_only_zero_weight_principles_are_rated():
    assert weighted_mean({"p": [4], "q": [None]}, {"p": 0, "q": 1}) is None


@pytest.mark.parametrize(
    ("scores", "weights", "scale_max"),
    [
        ({"p": [3]}, {}, 5),
        ({"p": [3]}, {"p": -1}, 5),
        ({"p": [3]}, {"p": 1}, 0),
        ({"p": [6]}, {"p": 1}, 5),
        ({"p": [-1]}, {"p": 1}, 5),
        ({"p": ["3"]}, {"p": 1}, 5),
        ({"p": [Decimal("NaN")]}, {"p": 1}, 5),
    ],
    ids=[
        "missing weight",
        "negative weight",
        "zero scale",
        "above scale",
        "below zero",
        "string score",
        "nan",
    ],
)
def test_weighted_mean_rejects_malformed_input(scores, weights, scale_max):
    with pytest.raises(ValueError):
        weighted_mean(scores, weights, scale_max=scale_max)


# --- z-scores -----------------------------------------------------------------------


def test_z_scores_are_within_each_judges_own_ratings():
    scores = {"ann": {"x": 1, "y": 3, "z": None}, "bob": {"x": 2, "y": 4, "z": 3}}

    result = z_scores(scores)

    assert result["ann"] == {"x": -1.0, "y": 1.0, "z": None}
    # bob: mean 3, population sd sqrt(2/3).
    assert result["bob"]["x"] == pytest.approx(-math.sqrt(1.5))
    assert result["bob"]["y"] == pytest.approx(math.sqrt(1.5))
    assert result["bob"]["z"] == 0.0


def test_z_scores_are_zero_for_a_judge_with_one_rating_or_no_spread():
    scores = {"ann": {"x": 5, "y": None}, "bob": {"x": 4, "y": 4}}

    result = z_scores(scores)

    assert result == {"ann": {"x": 0.0, "y": None}, "bob": {"x": 0.0, "y": 0.0}}


def test_normalised_scores_average_z_scores_and_skip_unrated_entries():
    scores = {"ann": {"x": 1, "y": 3, "w": None}, "bob": {"x": 2, "y": 4, "z": 3}}

    result = normalised_scores(scores)

    assert result["x"] == pytest.approx((-1 - math.sqrt(1.5)) / 2)
    assert result["y"] == pytest.approx((1 + math.sqrt(1.5)) / 2)
    assert result["z"] == 0.0
    assert result["w"] is None


ENTRIES = ["a", "b", "c", "d", "e", "f"]


@st.composite
def panels(draw):
    judges = draw(st.integers(min_value=1, max_value=5))
    score = st.none() | st.integers(min_value=0, max_value=5)
    return {
        f"judge{j}": {entry: draw(score) for entry in ENTRIES[: draw(st.integers(1, 6))]}
        for j in range(judges)
    }


@settings(max_examples=200, deadline=None)
@given(
    panel=panels(),
    data=st.data(),
    factor=st.decimals(min_value="0.01", max_value=100, places=2),
    shift=st.decimals(min_value=-100, max_value=100, places=2),
)
def test_normalised_scores_ignore_a_judges_shift_and_positive_scaling(panel, data, factor, shift):
    judge = data.draw(st.sampled_from(sorted(panel)))
    transformed = dict(panel)
    transformed[judge] = {
        entry: None if score is None else score * factor + shift
        for entry, score in panel[judge].items()
    }

    before = normalised_scores(panel)
    after = normalised_scores(transformed)

    assert before.keys() == after.keys()
    for entry, value in before.items():
        if value is None:
            assert after[entry] is None
        else:
            assert after[entry] == pytest.approx(value, abs=1e-9)


# --- spread and disagreement --------------------------------------------------------


def test_spread_is_range_of_rated_values():
    assert spread([1, None, 4, 2]) == Decimal(3)
    assert spread([None]) is None


def test_disagreement_at_default_threshold_of_three():
    assert disagreement([1, None, 4]) is True
    assert disagreement([1, 3, None]) is False
    assert disagreement([None]) is False


def test_disagreement_with_custom_threshold():
    assert disagreement([1, 3], threshold=2) is True


# --- Krippendorff's alpha -----------------------------------------------------------

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": observers A-D
# (rows) by 12 units, with missing values.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_matches_krippendorff_2011_worked_example(level, published):
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level), 3) == published


def test_alpha_matches_published_binary_two_observer_example():
    ratings = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]

    assert round(krippendorff_alpha(ratings, "nominal"), 3) == 0.095


def test_alpha_defaults_to_interval():
    assert krippendorff_alpha(KRIPPENDORFF_2011) == krippendorff_alpha(
        KRIPPENDORFF_2011, "interval"
    )


def test_alpha_is_one_for_perfect_agreement():
    assert krippendorff_alpha([[1, 2, 3], [1, 2, 3]]) == pytest.approx(1.0)


def test_alpha_is_none_when_every_value_is_the_same():
    assert krippendorff_alpha([[3, 3, 3], [3, 3, None]]) is None


def test_alpha_is_none_for_a_single_rater():
    assert krippendorff_alpha([[1, 2, 3, 4]]) is None


def test_alpha_is_none_when_no_unit_has_two_ratings():
    assert krippendorff_alpha([[1, None], [None, 2]]) is None
    assert krippendorff_alpha([]) is None


def test_alpha_rejects_unknown_level():
    with pytest.raises(ValueError):
        krippendorff_alpha(KRIPPENDORFF_2011, "cardinal")


def test_alpha_rejects_rows_of_unequal_length():
    with pytest.raises(ValueError):
        krippendorff_alpha([[1, 2, 3], [1, 2]])


def test_alpha_rejects_negative_values_at_ratio_level():
    with pytest.raises(ValueError):
        krippendorff_alpha([[-1, 2], [1, 2]], "ratio")


# --- ranking --------------------------------------------------------------------------


def test_rank_with_ties_shares_ranks_and_skips_the_next():
    totals = {"c": Decimal("20"), "a": Decimal("10"), "b": Decimal("20"), "d": Decimal("5")}

    assert rank_with_ties(totals) == [
        (1, "b", Decimal("20")),
        (1, "c", Decimal("20")),
        (3, "a", Decimal("10")),
        (4, "d", Decimal("5")),
    ]


def test_rank_with_ties_puts_unscored_entries_last_without_a_rank():
    totals = {"z": None, "a": 1.5, "y": None, "b": 2.5}

    assert rank_with_ties(totals) == [
        (1, "b", 2.5),
        (2, "a", 1.5),
        (None, "y", None),
        (None, "z", None),
    ]


def test_rank_with_ties_treats_equal_decimal_and_float_as_tied():
    assert [rank for rank, _, _ in rank_with_ties({1: Decimal("2.5"), 2: 2.5})] == [1, 1]


def test_rank_with_ties_of_nothing_is_empty():
    assert rank_with_ties({}) == []


# --- a whole round ----------------------------------------------------------------------------

from judging.scoring import (  # noqa: E402
    alpha_from_units,
    round_results,
    shortlist_boundary,
)


def _rows(scores):
    """{entry: {judge: {principle: value}}} -> (entry, judge, principle, value) rows."""
    return [
        (entry, judge, principle, value)
        for entry, by_judge in scores.items()
        for judge, by_principle in by_judge.items()
        for principle, value in by_principle.items()
    ]


def test_round_results_hand_computed_for_every_method():
    weights = {"p1": 2, "p2": 1}
    scores = {
        "a": {"j1": {"p1": 5, "p2": 1}, "j2": {"p1": 3, "p2": None}},
        "b": {"j1": {"p1": 2, "p2": 2}, "j2": {"p1": 4, "p2": 4}},
    }

    summary = round_results(_rows(scores), weights, scale_max=5)

    a, b = summary.entries["a"], summary.entries["b"]
    # a: means p1 4, p2 1 -> (8 + 1) / 15 = 60.00 ; b: p1 3, p2 3 -> 9 / 15 = 60.00
    assert (a.weighted_mean, b.weighted_mean) == (Decimal("60.00"), Decimal("60.00"))
    assert (a.rank, a.tied, b.rank, b.tied) == (1, True, 1, True)
    assert a.median == a.weighted_mean  # two ratings: the median is the mean
    assert a.principles["p2"].ratings == [Decimal(1)]  # N/A left out, not a zero
    assert a.principles["p1"].spread == Decimal(2)
    assert not a.principles["p1"].disagreement
    # Own totals: j1 a=(10+1)/15=73.33, b=(4+2)/15=40; j2 a=3*2/10=60, b=80.
    # z: j1 a=+1, b=-1; j2 a=-1, b=+1 -> both 0.
    assert a.normalised == b.normalised == Decimal("0.0000")
    assert summary.judge_totals["j1"]["a"] == Decimal("73.33")


def test_round_results_lists_entries_without_ratings_last_and_unranked():
    summary = round_results(
        [("a", "j1", "p1", 3)], {"p1": 1}, scale_max=5, entries=["a", "unscored"]
    )

    assert summary.entries["unscored"].rank is None
    assert summary.entries["unscored"].weighted_mean is None
    assert summary.ranking[-1] == (None, "unscored", None)


def test_round_results_ignores_principles_without_a_weight():
    summary = round_results([("a", "j1", "p1", 3), ("a", "j1", "old", 0)], {"p1": 1})

    assert summary.entries["a"].weighted_mean == Decimal("60.00")


def test_round_results_rejects_an_unknown_method():
    with pytest.raises(ValueError):
        round_results([], {"p1": 1}, method="vibes")


def test_round_results_flags_a_spread_of_three_or_more():
    summary = round_results([("a", "j1", "p1", 1), ("a", "j2", "p1", 4)], {"p1": 1})

    assert summary.entries["a"].principles["p1"].disagreement


def test_round_results_leniency_compares_a_judge_with_the_panel_on_the_same_units():
    scores = {
        "a": {"kind": {"p1": 5}, "fair": {"p1": 3}},
        "b": {"fair": {"p1": 2}, "harsh": {"p1": 0}},
    }

    leniency = round_results(_rows(scores), {"p1": 1}).leniency

    assert leniency["kind"].mean == 5 and leniency["kind"].panel_mean == 4
    assert leniency["harsh"].difference == -1
    assert leniency["fair"].panel_mean == Decimal("2.5")  # units a (4) and b (1)


def test_alpha_from_units_equals_alpha_from_the_judges_matrix():
    matrix = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
    units = list(zip(*matrix, strict=True))

    for level in ("nominal", "ordinal", "interval", "ratio"):
        assert alpha_from_units(units, level) == pytest.approx(krippendorff_alpha(matrix, level))


def test_round_alpha_is_the_alpha_of_every_entry_principle_unit():
    scores = {
        "a": {"j1": {"p1": 1, "p2": 4}, "j2": {"p1": 2, "p2": 4}},
        "b": {"j1": {"p1": 5, "p2": 0}, "j2": {"p1": 4, "p2": 1}},
    }

    summary = round_results(_rows(scores), {"p1": 1, "p2": 1})

    units = [[1, 2], [4, 4], [5, 4], [0, 1]]
    assert summary.alpha == pytest.approx(alpha_from_units(units))
    assert summary.alpha_by_principle["p1"] == pytest.approx(alpha_from_units([[1, 2], [5, 4]]))


@settings(max_examples=40, deadline=None)
@given(
    table=st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 5), st.integers(0, 2)),
        min_size=2,
        max_size=6,
    ),
    scale=st.sampled_from([1, 2]),
    shift=st.sampled_from([0, 1]),
)
def test_round_results_normalised_scores_ignore_a_judges_shift_and_scale(table, scale, shift):
    """One judge marking everything higher (shift) or more spread out (scale) changes no entry's
    judge-normalised score, so nor the ranking by it."""
    entries = [f"e{index}" for index in range(len(table))]

    def rows(transform):
        result = []
        for entry, (mine, theirs, third) in zip(entries, table, strict=True):
            result += [
                (entry, "j1", "p1", transform(mine)),
                (entry, "j2", "p1", theirs),
                (entry, "j3", "p1", third),
            ]
        return result

    before = round_results(rows(lambda v: v), {"p1": 1}, method="normalised")
    after = round_results(rows(lambda v: v * scale + shift), {"p1": 1}, method="normalised")

    for entry in entries:
        assert before.entries[entry].normalised == after.entries[entry].normalised
    assert before.ranking == after.ranking


def test_shortlist_boundary_with_a_clean_cut():
    ranking = [(1, "a", 90), (2, "b", 80), (3, "c", 70)]

    assert shortlist_boundary(ranking, 2) == (["a", "b"], [])


def test_shortlist_boundary_never_breaks_a_tie():
    ranking = [(1, "a", 90), (2, "b", 80), (2, "c", 80), (4, "d", 70)]

    assert shortlist_boundary(ranking, 2) == (["a"], ["b", "c"])
    assert shortlist_boundary(ranking, 3) == (["a", "b", "c"], [])


def test_shortlist_boundary_leaves_unranked_entries_out():
    ranking = [(1, "a", 90), (None, "z", None)]

    assert shortlist_boundary(ranking, 2) == (["a"], [])
    assert shortlist_boundary(ranking, 0) == ([], [])
    with pytest.raises(ValueError):
        shortlist_boundary(ranking, -1)
