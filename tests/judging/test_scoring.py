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
