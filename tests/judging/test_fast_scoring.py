import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging import fast_scoring, fast_weighted, scoring

WEIGHTS = [Decimal(w) for w in ("0", "0.25", "1", "1", "1.5", "2", "3.3")]


@st.composite
def rounds(draw):
    """A random round: some judges' scorecards missing, "not applicable" (None) scores, small
    scales so that ties are common, weights with a few places (one may be zero), entries with no
    scores at all, and the rows in any order."""
    scale_max = draw(st.integers(1, 6))
    principles = [f"p{n}" for n in range(draw(st.integers(1, 4)))]
    weights = {p: draw(st.sampled_from(WEIGHTS)) for p in principles}
    entries = list(range(draw(st.integers(1, 8))))
    judges = list(range(draw(st.integers(1, 6))))
    score = st.one_of(st.none(), st.integers(0, scale_max))
    rows = []
    for entry in entries:
        for judge in draw(st.lists(st.sampled_from(judges), unique=True)):  # the rest: no card
            for principle in principles:
                if draw(st.integers(0, 9)):  # now and then a principle is not scored at all
                    rows.append((entry, judge, principle, draw(score)))
    if draw(st.booleans()):
        rows.append((entries[0], judges[0], "retired principle", draw(score)))
    rows = draw(st.permutations(rows))
    unscored = list(range(len(entries), len(entries) + draw(st.integers(0, 2))))
    listed = draw(st.lists(st.sampled_from(entries + unscored), unique=True))
    options = {
        "scale_max": scale_max,
        "entries": listed,
        "method": draw(st.sampled_from(scoring.METHODS)),
        "alpha_level": draw(st.sampled_from(scoring.ALPHA_LEVELS)),
        "disagreement_threshold": draw(st.sampled_from([1, 2, 3, Decimal("2.5")])),
    }
    return rows, weights, options


def assert_same_round(fast, reference):
    assert fast.method == reference.method
    assert fast.entries == reference.entries
    assert list(fast.entries) == list(reference.entries)
    assert fast.ranking == reference.ranking
    assert fast.leniency == reference.leniency
    assert fast.panel_mean == reference.panel_mean
    assert fast.judge_totals == reference.judge_totals
    # The fast path's alpha is exact until the last step, the reference adds floats: equal to
    # within rounding of the last few binary places, which is far below the two decimals shown.
    for ours, theirs in [(fast.alpha, reference.alpha)] + [
        (fast.alpha_by_principle[p], reference.alpha_by_principle[p])
        for p in reference.alpha_by_principle
    ]:
        assert (ours is None) == (theirs is None)
        if ours is not None:
            assert math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12)
    assert list(fast.alpha_by_principle) == list(reference.alpha_by_principle)


@settings(max_examples=400, deadline=None)
@given(rounds())
def test_fast_round_results_equal_the_reference(round_):
    rows, weights, options = round_
    assert_same_round(
        fast_scoring.round_results(rows, weights, **options),
        scoring.round_results(rows, weights, **options),
    )


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([2, 3, 7]))
def test_fast_round_results_equal_the_reference_on_a_larger_panel(seed, per_entry):
    """Thirds and sevenths, which no Decimal holds exactly, summed across many entries."""
    import random

    rng = random.Random(seed)
    weights = {"a": Decimal("2"), "b": Decimal("1.5"), "c": Decimal("1")}
    rows = [
        (entry, judge, principle, None if rng.random() < 0.1 else rng.randint(0, 5))
        for entry in range(40)
        for judge in rng.sample(range(12), per_entry)
        for principle in weights
    ]
    assert_same_round(
        fast_scoring.round_results(rows, weights, method="normalised"),
        scoring.round_results(rows, weights, method="normalised"),
    )


def test_fast_round_results_match_the_hand_computed_example():
    rows = [
        ("a", "j1", "p", 4),
        ("a", "j2", "p", 2),
        ("a", "j1", "q", None),
        ("a", "j2", "q", 5),
        ("b", "j1", "p", 1),
    ]
    summary = fast_scoring.round_results(rows, {"p": Decimal(1), "q": Decimal(1)}, entries=["c"])
    assert summary.entries["a"].principles["p"].mean == Decimal(3)
    assert summary.entries["a"].weighted_mean == Decimal("80.00")  # (3 + 5) / 2 of 5
    assert summary.entries["b"].weighted_mean == Decimal("20.00")
    assert [(rank, entry) for rank, entry, _ in summary.ranking] == [
        (1, "a"),
        (2, "b"),
        (None, "c"),
    ]


@pytest.mark.parametrize(
    "rows",
    [
        [("a", "j", "p", Decimal("2.5"))],  # not an int: the reference handles it
        [("a", "j", "p", 2.5)],
    ],
)
def test_fast_round_results_hand_other_scores_to_the_reference(rows):
    weights = {"p": Decimal(1)}
    assert_same_round(
        fast_scoring.round_results(rows, weights), scoring.round_results(rows, weights)
    )


@pytest.mark.parametrize(
    ("rows", "weights", "options"),
    [
        ([("a", "j", "p", 6)], {"p": Decimal(1)}, {}),
        ([("a", "j", "p", True)], {"p": Decimal(1)}, {}),
        ([("a", "j", "p", 1)], {"p": Decimal(-1)}, {}),
        ([("a", "j", "p", 1)], {"p": Decimal(1)}, {"method": "best"}),
        ([("a", "j", "p", 1)], {"p": Decimal(1)}, {"scale_max": 0}),
        ([("a", "j", "p", 1)], {"p": Decimal(1)}, {"alpha_level": "cardinal"}),
    ],
)
def test_fast_round_results_reject_what_the_reference_rejects(rows, weights, options):
    with pytest.raises(ValueError) as reference:
        scoring.round_results(rows, weights, **options)
    with pytest.raises(ValueError) as fast:
        fast_scoring.round_results(rows, weights, **options)
    assert str(fast.value) == str(reference.value)


def test_integer_weighted_mean_rounds_exactly_as_the_reference_decimal_one():
    """The fast path's integer weighted mean (values in 1/20ths, weights over a power of ten)
    against scoring.weighted_mean on many rounds of principles, including exact half cents."""
    import random

    rng = random.Random(2027)
    weights_pool = [*WEIGHTS, Decimal("0.125"), Decimal("2.75"), Decimal("7")]
    half_cents = 0
    for _ in range(20_000):
        count = rng.randint(1, 5)
        scale_max = rng.randint(1, 10)
        weights = [rng.choice(weights_pool) for _ in range(count)]
        twentieths = [
            None if rng.random() < 0.15 else rng.randint(0, 20 * scale_max) for _ in range(count)
        ]
        reference = scoring.weighted_mean(
            {n: [None if v is None else Decimal(v) / 20] for n, v in enumerate(twentieths)},
            dict(enumerate(weights)),
            scale_max=scale_max,
        )
        integers = fast_weighted.integer_weights(weights, scale_max)
        fast = fast_weighted.cents(twentieths, integers, 20, scale_max)
        assert (fast is None) == (reference is None)
        if fast is not None:
            assert Decimal(fast).scaleb(-2) == reference
            total = sum(w * v for w, v in zip(weights, twentieths, strict=True) if v is not None)
            rated = sum(w for w, v in zip(weights, twentieths, strict=True) if v is not None)
            half_cents += (total * 10_000 / (20 * rated * scale_max)) % 1 == Decimal("0.5")
    assert half_cents > 100  # the rounding of exact half cents was really exercised


def test_sixtieths_weighted_mean_is_the_reference_one_or_left_to_it_on_a_half_cent():
    """Means of three or six ratings are not exact Decimals: off a half cent the exact integer
    figure is the reference's; on one, the fast path says so and uses the reference's sums."""
    import random

    rng = random.Random(2028)
    weights_pool = [*WEIGHTS, Decimal("0.125"), Decimal("2.75"), Decimal("7")]
    ties = 0
    for _ in range(20_000):
        count = rng.randint(1, 5)
        scale_max = rng.randint(1, 10)
        weights = [rng.choice(weights_pool) for _ in range(count)]
        sixtieths = [
            None if rng.random() < 0.15 else rng.randint(0, 60 * scale_max) for _ in range(count)
        ]
        reference = scoring.weighted_mean(
            {n: [None if v is None else Decimal(v) / 60] for n, v in enumerate(sixtieths)},
            dict(enumerate(weights)),
            scale_max=scale_max,
        )
        integers = fast_weighted.integer_weights(weights, scale_max)
        fast = fast_weighted.cents(sixtieths, integers, 60, scale_max, ties=False)
        if fast is fast_weighted.TIE:
            ties += 1
            continue
        assert (fast is None) == (reference is None)
        if fast is not None:
            assert Decimal(fast).scaleb(-2) == reference
    assert ties > 10
