"""A round's results as judging.scoring.round_results computes them, about ten times faster.

Pure: no ORM, no I/O. Same signature and the same RoundSummary; judging.scoring stays the
reference, and a property test compares the two on random rounds.

Why it is faster, and why the figures are still the reference's to the last digit:

- Scores are small ints, so each (entry, principle)'s mean, median, trimmed mean and spread depend
  only on the tuple of its ratings: they are computed once per distinct tuple (a few hundred in a
  round), with the same Decimal operations as the reference, and looked up after that.
- Weighted means (an entry's score by each method, a judge's own 0-100 total) are exact integer
  sums: values in 1/60ths, weights as ints over a power of ten, one rounding half up to the cent.
  That is the reference's cent unless the exact figure is on a half cent and the reference's sums
  were rounded (a mean of three, say): then the reference's Decimal operations are used, in its
  order (judging.fast_weighted does these sums). A judge's totals are also cached by the tuple of
  their scores.
- Judge-normalised scores come from integer sums of those totals in cents. The reference uses
  exact Fractions and converts to float at the same points; Python's int / int is correctly
  rounded, as float(Fraction) is, so every z-score is the same float.
- A judge's panel mean, a sum of 28-digit means whose order shows in the last digits, is summed
  with Decimals in the reference's order.
- The cyclic garbage collector is paused while the round is computed (it would walk the round's
  nested dicts again and again, finding nothing to free).
- Krippendorff's alpha counts each distinct sorted tuple of ratings once and is exact (Fractions)
  until the final float; the reference adds floats, so the two agree to within a few units in
  the last place (the page shows two decimals).

Anything else (a score that is not an int, one outside 0..scale_max, a negative or non-number
weight, an unknown method or level) goes to the reference, which raises the same errors.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import fsum, lcm, sqrt
from typing import TypeVar

from . import agreement, fast_weighted, scoring
from .scoring import (
    ALPHA_LEVELS,
    METHODS,
    NORMALISED_PLACES,
    EntrySummary,
    JudgeLeniency,
    PrincipleSummary,
    RoundSummary,
    Score,
    rank_with_ties,
)

K = TypeVar("K", bound=Hashable)
J = TypeVar("J", bound=Hashable)
E = TypeVar("E", bound=Hashable)


class _NotFast(Exception):
    """The input is outside what the fast path handles; the reference takes it."""


def round_results(
    ratings: Iterable[tuple[E, J, K, Score | None]],
    weights: Mapping[K, Score],
    *,
    scale_max: int = 5,
    entries: Iterable[E] = (),
    method: str = "weighted_mean",
    alpha_level: str = "interval",
    disagreement_threshold: Score = 3,
) -> RoundSummary:
    """judging.scoring.round_results, for integer scores; see the module docstring."""
    rows = ratings if isinstance(ratings, list) else list(ratings)
    entries = list(entries)
    arguments = {
        "scale_max": scale_max,
        "entries": entries,
        "method": method,
        "alpha_level": alpha_level,
        "disagreement_threshold": disagreement_threshold,
    }
    if (
        method not in METHODS
        or alpha_level not in ALPHA_LEVELS
        or isinstance(scale_max, bool)
        or not isinstance(scale_max, int)
        or scale_max <= 0
    ):
        return scoring.round_results(rows, weights, **arguments)
    # The round's nested dicts are a few hundred thousand objects that live until the end:
    # the cyclic collector would walk them again and again for nothing (a third of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _round_results(rows, weights, **arguments)
    except _NotFast:
        pass
    finally:
        if collecting:
            gc.enable()
    return scoring.round_results(rows, weights, **arguments)


def _round_results(
    rows, weights, *, scale_max, entries, method, alpha_level, disagreement_threshold
) -> RoundSummary:
    try:
        checked = {key: scoring._to_decimal(weight) for key, weight in weights.items()}
    except ValueError as error:
        raise _NotFast from error
    if any(weight < 0 for weight in checked.values()):
        raise _NotFast
    principles = list(weights)
    weight_list = [checked[p] for p in principles]
    decimals = [Decimal(v) for v in range(scale_max + 1)]
    integers = fast_weighted.integer_weights(weight_list, scale_max)
    allowed = frozenset(range(scale_max + 1))

    by_entry: dict = {entry: {} for entry in entries}
    by_judge: dict = {}
    # The same nesting and insertion order as the reference's setdefault chains; a scorecard's
    # scores usually come one after another, so its dicts are looked up once for all of them.
    last = object()
    last_entry = last_judge = last
    by_principle = scores = last
    for entry, judge, principle, value in rows:
        if principle not in weights:
            continue
        if value is not None and (type(value) is not int or value not in allowed):
            raise _NotFast
        if entry != last_entry or judge != last_judge:
            by_principle = by_entry.get(entry)
            if by_principle is None:
                by_principle = by_entry[entry] = {}
            entries_ = by_judge.get(judge)
            if entries_ is None:
                entries_ = by_judge[judge] = {}
            scores = entries_.get(entry)
            if scores is None:
                scores = entries_[entry] = {}
            last_entry, last_judge = entry, judge
        values = by_principle.get(principle)
        if values is None:
            values = by_principle[principle] = {}
        values[judge] = value
        scores[principle] = value

    # --- each judge's own 0-100 total, and the judge-normalised score -----------------------
    totals_cache: dict = {}
    judge_totals: dict = {}
    received: dict = {}
    for judge, entries_ in by_judge.items():
        own_totals: dict = {}
        cents: dict = {}
        for entry, scores in entries_.items():
            key = tuple(map(scores.get, principles))
            cached = totals_cache.get(key)
            if cached is None:
                if integers is None:
                    total = fast_weighted.judge_total(key, weight_list, decimals, scale_max)
                    cached = (total, None if total is None else int(total.scaleb(2)))
                else:
                    in_cents = fast_weighted.cents(key, integers, 1, scale_max)
                    cached = (
                        None if in_cents is None else Decimal(in_cents).scaleb(-2),
                        in_cents,
                    )
                totals_cache[key] = cached
            own_totals[entry] = cached[0]
            if cached[1] is not None:
                cents[entry] = cached[1]
        judge_totals[judge] = own_totals
        for entry, z in _standardise(own_totals, cents).items():
            bucket = received.setdefault(entry, [])
            if z is not None:
                bucket.append(z)

    # --- per entry and principle -------------------------------------------------------------
    unit_cache: dict = {(): ((), None, None, None, None, False, None, (None, None, None))}
    nothing = unit_cache[()]
    zero = Decimal(0)
    summaries: dict = {}
    unit_means: dict = {}
    given_by_principle: dict = {p: [] for p in principles}
    given_lists = [given_by_principle[p] for p in principles]
    full_weight = sum(weight_list, zero)
    full = full_weight * scale_max
    full_integer = (
        None if integers is None else 2 * fast_weighted.SIXTIETHS * sum(integers) * scale_max
    )
    for entry, by_principle in by_entry.items():
        per_principle = {}
        means = {}
        aggregates = []
        unrated = 0
        for principle, given_list in zip(principles, given_lists, strict=True):
            values = by_principle.get(principle)
            if values is None:
                found = nothing
            else:
                given = tuple(values.values())
                found = unit_cache.get(given)
                if found is None:
                    found = _unit(given, decimals, disagreement_threshold)
                    unit_cache[given] = found
                means[principle] = found[1]
                given_list.append(given)
            aggregates.append(found)
            if found[1] is None:
                unrated += 1
            ratings_, mean_, median_, trimmed_, spread_, disagree_, _pairable, _exact = found
            per_principle[principle] = PrincipleSummary(
                list(ratings_), mean_, median_, trimmed_, spread_, disagree_
            )
        unit_means[entry] = means
        complete = not unrated
        zs = received.get(entry)
        scores_ = None
        if complete and integers is not None and full_integer:
            scores_ = fast_weighted.complete_scores(aggregates, integers, full_integer)
        if scores_ is None:
            scores_ = [
                fast_weighted.entry_score(
                    aggregates, weight_list, integers, scale_max, index, zero, full, complete
                )
                for index in range(3)
            ]
        summaries[entry] = EntrySummary(
            len(set().union(*by_principle.values())),
            per_principle,
            *scores_,
            None
            if not zs
            else Decimal(repr(fsum(zs) / len(zs))).quantize(
                NORMALISED_PLACES, rounding=ROUND_HALF_UP
            ),
            ratings=by_principle,
        )

    ranking = rank_with_ties({entry: s.score(method) for entry, s in summaries.items()})
    shared: dict = defaultdict(int)
    for rank, _entry, _value in ranking:
        if rank is not None:
            shared[rank] += 1
    for rank, entry, _value in ranking:
        summaries[entry].rank = rank
        summaries[entry].tied = rank is not None and shared[rank] > 1

    units_by_principle = {}
    for principle, given in given_by_principle.items():
        counts: Counter = Counter()
        for key, times in Counter(given).items():
            pairable = unit_cache[key][6]
            if pairable is not None:
                counts[pairable] += times
        units_by_principle[principle] = counts
    every_unit: Counter = Counter()
    for counts in units_by_principle.values():
        every_unit.update(counts)
    alpha = _alpha(every_unit, alpha_level)
    alpha_by_principle = {p: _alpha(units_by_principle[p], alpha_level) for p in principles}

    leniency = {}
    all_sum = all_count = 0
    for judge, entries_ in by_judge.items():
        own = [v for scores in entries_.values() for v in scores.values() if v is not None]
        panel = [
            means[principle]
            for entry, scores in entries_.items()
            for means in (unit_means[entry],)
            for principle, value in scores.items()
            if value is not None
        ]
        own_sum = sum(own)
        all_sum += own_sum
        all_count += len(own)
        leniency[judge] = JudgeLeniency(
            ratings=len(own),
            mean=Decimal(own_sum) / len(own) if own else None,
            panel_mean=sum(panel, zero) / len(panel) if panel else None,
        )
    return RoundSummary(
        method=method,
        entries=summaries,
        ranking=ranking,
        alpha=alpha,
        alpha_by_principle=alpha_by_principle,
        leniency=leniency,
        panel_mean=Decimal(all_sum) / all_count if all_count else None,
        judge_totals=judge_totals,
    )


def _unit(given: tuple, decimals: list, threshold):
    """For one (entry, principle), from its values as given (None is "not applicable"):
    (ratings, mean, median, trimmed mean, spread, disagreement, the sorted ratings when at least
    two, for alpha), each as the reference computes it."""
    rated = [v for v in given if v is not None]
    if not rated:
        return (), None, None, None, None, False, None, (None, None, None)
    as_decimals = tuple(decimals[v] for v in rated)
    ordered = sorted(rated)
    count = len(ordered)
    mean = Decimal(sum(ordered)) / count
    middle = count // 2
    if count % 2:
        median = decimals[ordered[middle]]
    else:
        median = (decimals[ordered[middle - 1]] + decimals[ordered[middle]]) / 2
    trimmed = ordered[1:-1] if count >= 4 else ordered
    trimmed_mean = Decimal(sum(trimmed)) / len(trimmed)
    spread = decimals[ordered[-1] - ordered[0]]
    pairable = tuple(ordered) if count >= 2 else None
    # The same three in whole 1/60ths (any mean of up to six ratings) when they are exactly
    # that, else None (a seventh, say): see fast_weighted.entry_score.
    total, kept = sum(ordered) * fast_weighted.SIXTIETHS, sum(trimmed) * fast_weighted.SIXTIETHS
    exact = (
        total // count if total % count == 0 else None,
        ordered[middle] * fast_weighted.SIXTIETHS
        if count % 2
        else (ordered[middle - 1] + ordered[middle]) * fast_weighted.SIXTIETHS // 2,
        kept // len(trimmed) if kept % len(trimmed) == 0 else None,
    )
    return as_decimals, mean, median, trimmed_mean, spread, spread >= threshold, pairable, exact


def _standardise(totals: dict, cents: dict) -> dict:
    """scoring._standardise on totals given in whole cents, with ints instead of Fractions."""
    if not cents:
        return dict.fromkeys(totals)
    count = len(cents)
    total = sum(cents.values())
    squares = sum(c * c for c in cents.values())
    spread = count * squares - total * total
    if not spread:
        return {entry: 0.0 if entry in cents else None for entry in totals}
    # variance = spread / (count² · 100²) and (value - centre) = (count·c - total) / (100·count),
    # each turned into a float by one correctly rounded division, as float(Fraction) does.
    deviation = sqrt(spread / (count * count * 10_000))
    scale = 100 * count
    return {
        entry: ((count * cents[entry] - total) / scale) / deviation if entry in cents else None
        for entry in totals
    }


def _alpha(units: Counter, level: str) -> float | None:
    """scoring.alpha_from_units from the count of each sorted tuple of ratings, exactly.

    Every coincidence is a whole number of 1/(m - 1) for units of m ratings, so scaled by the
    least common multiple of those denominators they are ints until the final division.
    """
    if not units:
        return None
    scale = lcm(*(len(values) - 1 for values in units))
    coincidences: dict = defaultdict(int)
    for values, times in units.items():
        share = times * scale // (len(values) - 1)
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidences[c, k] += share
    marginals: dict = defaultdict(int)
    for (c, _k), count in coincidences.items():
        marginals[c] += count
    scaled_total = sum(marginals.values())
    if scaled_total < 2 * scale:
        return None
    if level in ("interval", "nominal"):
        delta = _integer_metric(level)
    else:
        delta = agreement._metric(level, {c: Fraction(n, scale) for c, n in marginals.items()})
    observed = sum(count * delta(c, k) for (c, k), count in coincidences.items())
    expected = sum(
        n_c * n_k * delta(c, k) for c, n_c in marginals.items() for k, n_k in marginals.items()
    )
    if expected == 0:
        return None
    # observed and expected carry one and two factors of scale; the total carries one.
    ratio = Fraction(scaled_total - scale) * observed / expected
    return float(1 - ratio)


def _integer_metric(level: str):
    if level == "nominal":
        return lambda c, k: 0 if c == k else 1
    return lambda c, k: (c - k) ** 2
