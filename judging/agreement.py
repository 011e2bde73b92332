"""Krippendorff's alpha: how far the judges agree, from their ratings. Pure functions, like
judging.scoring (which re-exports them); None ratings are "not applicable" and are left out."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

ALPHA_LEVELS = ("nominal", "ordinal", "interval", "ratio")


def _alpha_value(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"a rating must be a number or None, not {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"a rating must be finite, not {value!r}")
    return result


def krippendorff_alpha(
    ratings_by_judge: Sequence[Sequence[float | int | None]],
    level: str = "interval",
) -> float | None:
    """Krippendorff's alpha for the judges' ratings (one row per judge).

    Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
    via the coincidence matrix; units with fewer than two ratings are not
    pairable and are left out. None when alpha is undefined: fewer than two
    pairable values, or no expected disagreement (every value the same).
    """
    if level not in ALPHA_LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {ALPHA_LEVELS}")
    rows = [list(row) for row in ratings_by_judge]
    if len({len(row) for row in rows}) > 1:
        raise ValueError("every judge's row must cover the same units")

    return alpha_from_units(zip(*rows, strict=True), level)


def alpha_from_units(
    units: Iterable[Iterable[float | int | Decimal | None]], level: str = "interval"
) -> float | None:
    """Krippendorff's alpha from the ratings of each unit (entry), whoever gave them.

    The same maths as ``krippendorff_alpha`` without the judges-by-units matrix, which is
    mostly empty when each judge rates only some of the entries.
    """
    if level not in ALPHA_LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {ALPHA_LEVELS}")
    coincidences: dict[tuple[float, float], float] = defaultdict(float)
    for unit in units:
        values = [_alpha_value(value) for value in unit if value is not None]
        pairable = len(values)
        if pairable < 2:
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidences[c, k] += 1 / (pairable - 1)

    marginals: dict[float, float] = defaultdict(float)
    for (c, _k), count in coincidences.items():
        marginals[c] += count
    total = sum(marginals.values())
    if total < 2:
        return None
    if level == "ratio" and any(value < 0 for value in marginals):
        raise ValueError("ratio-level ratings must not be negative")

    delta = _metric(level, marginals)
    observed = sum(count * delta(c, k) for (c, k), count in coincidences.items())
    expected = sum(
        n_c * n_k * delta(c, k) for c, n_c in marginals.items() for k, n_k in marginals.items()
    )
    if expected == 0:
        return None
    return 1 - (total - 1) * observed / expected


def _metric(level: str, marginals: Mapping[float, float]) -> Callable[[float, float], float]:
    """The squared difference function delta^2(c, k) for the level."""
    if level == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if level == "interval":
        return lambda c, k: (c - k) ** 2
    if level == "ratio":
        return lambda c, k: 0.0 if c + k == 0 else ((c - k) / (c + k)) ** 2

    # Ordinal distances depend on how many values fall between c and k, not on
    # the numbers themselves.
    ordered = sorted(marginals)
    position = {value: index for index, value in enumerate(ordered)}
    cumulative = [0.0]
    for value in ordered:
        cumulative.append(cumulative[-1] + marginals[value])

    def ordinal(c: float, k: float) -> float:
        low, high = sorted((position[c], position[k]))
        between = cumulative[high + 1] - cumulative[low]
        return (between - (marginals[c] + marginals[k]) / 2) ** 2

    return ordinal
