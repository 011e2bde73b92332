"""Weighted means for judging.fast_scoring: an entry's 0-100 score by each method and a judge's
own total, as exact integer sums in whole cents where that gives the reference's cent, else with
the reference's own Decimal operations (judging.fast_scoring's docstring says why they agree)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from operator import mul

from .scoring import CENT

SIXTIETHS = 60
TIE = object()


def integer_weights(weights: list, scale_max: int) -> list[int] | None:
    """The weights as ints over a common power of ten, when they have few enough digits (and the
    scale is small enough) for the bounds in cents and entry_score to hold; else None."""
    places = max((-w.as_tuple().exponent for w in weights), default=0)
    places = max(places, 0)
    if (
        any(len(w.as_tuple().digits) > 9 for w in weights)
        or places > 9
        or scale_max > 10_000
        or len(weights) > 50
    ):
        return None
    return [int(w.scaleb(places)) for w in weights]


def cents(values, weights: list[int], scale: int, scale_max: int, ties: bool = True):
    """The weighted mean on 0-100 in whole cents, rounded half up, from values given as ints in
    1/scale, None where not rated; None when nothing is rated or
    every rated weight is zero.

    The reference does this in Decimal: with few-digit weights and values every product and sum is
    exact and only the final division rounds (to 28 digits, then to the cent). The exact quotient
    has a small denominator, so it is either exactly on a half cent (which 28 digits hold) or far
    further from one than 28-digit rounding moves it: rounding it once, exactly, is the same.
    With ``ties`` False, an exact half cent gives TIE instead (see entry_score).
    """
    numerator = denominator = 0
    for value, weight in zip(values, weights, strict=True):
        if value is not None:
            numerator += weight * value
            denominator += weight
    if not denominator:
        return None
    # cents = 10000 · Σ w·v / (scale · Σ w · scale_max), half up: floor(n / d + 1/2).
    n = 10_000 * numerator
    d = scale * denominator * scale_max
    if not ties and (2 * n + d) % (2 * d) == 0:
        return TIE
    return (2 * n + d) // (2 * d)


def complete_scores(aggregates, integers, double_denominator):
    """entry_score by the three methods at once for an entry rated on every principle (the usual
    case); None when one needs entry_score's care (an aggregate not in 1/60ths, or a half cent)."""
    mean = median = trimmed = 0
    for found, weight in zip(aggregates, integers, strict=True):
        exact = found[7]
        if exact[0] is None or exact[2] is None:
            return None
        mean += weight * exact[0]
        median += weight * exact[1]
        trimmed += weight * exact[2]
    d = double_denominator // 2
    result = []
    for numerator in (mean, median, trimmed):
        twice = 20_000 * numerator + d
        if twice % double_denominator == 0:
            return None
        result.append(Decimal(twice // double_denominator).scaleb(-2))
    return result


def entry_score(aggregates, weights, integers, scale_max, index, zero, full, complete):
    """An entry's 0-100 score by one method (index: 0 mean, 1 median, 2 trimmed mean).

    The reference sums Decimals, and a mean of three (say) is already rounded to 28 digits, so its
    total can be off the exact one by about 1e-21 cent. The exact quotient (in 1/60ths, with the
    weights as ints) has a denominator under 1e17, so unless it is exactly on a half cent it is at
    least 1e-17 cent from one: both round to the same cent. On an exact half cent, the reference's
    rounding errors decide, so its own operations are used.
    """
    if integers is not None:
        if complete:
            exact = [found[7][index] for found in aggregates]
            usable = None not in exact
        else:
            exact = []
            usable = True
            for found in aggregates:
                if found[1 + index] is None:
                    exact.append(None)
                elif found[7][index] is None:
                    usable = False
                    break
                else:
                    exact.append(found[7][index])
        if usable:
            in_cents = cents(exact, integers, SIXTIETHS, scale_max, ties=False)
            if in_cents is not TIE:
                return None if in_cents is None else Decimal(in_cents).scaleb(-2)
    return weighted(aggregates, weights, scale_max, 1 + index, zero, full, complete)


def judge_total(scores: tuple, weights: list, decimals: list, scale_max: int) -> Decimal | None:
    # The reference's weighted_mean of one judge's scores, operation for operation (the mean of
    # a single int is that int).
    total = Decimal(0)
    total_weight = Decimal(0)
    for value, weight in zip(scores, weights, strict=True):
        if value is None:
            continue
        total += weight * decimals[value]
        total_weight += weight
    if total_weight == 0:
        return None
    return (total * 100 / (total_weight * scale_max)).quantize(CENT, rounding=ROUND_HALF_UP)


def weighted(aggregates, weights, scale_max, index, zero, full, complete) -> Decimal | None:
    # The reference's weighted_mean, operation for operation (products and sums in principle
    # order, each rounded to the context), on already checked values.
    values = [found[index] for found in aggregates]
    if complete and full:
        # Every principle rated, the usual case: the same sums, with the loop in C.
        total = sum(map(mul, weights, values), zero)
        return (total * 100 / full).quantize(CENT, rounding=ROUND_HALF_UP)
    total = zero
    total_weight = zero
    for value, weight in zip(values, weights, strict=True):
        if value is None:
            continue
        total += weight * value
        total_weight += weight
    if total_weight == 0:
        return None
    return (total * 100 / (total_weight * scale_max)).quantize(CENT, rounding=ROUND_HALF_UP)
