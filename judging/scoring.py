"""Scoring maths for the judging panel. Pure functions: no ORM, no I/O.

A score is an ``int`` or ``Decimal`` on 0..scale_max. ``None`` means "not
applicable" or "not rated": it is skipped everywhere and never read as zero.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from statistics import fmean
from statistics import median as _median
from typing import TypeVar

# Agreement between judges lives in its own module; its names stay importable from here.
from .agreement import ALPHA_LEVELS as ALPHA_LEVELS
from .agreement import alpha_from_units as alpha_from_units
from .agreement import krippendorff_alpha as krippendorff_alpha

K = TypeVar("K", bound=Hashable)
J = TypeVar("J", bound=Hashable)
E = TypeVar("E", bound=Hashable)

Score = Decimal | int
Aggregate = Callable[[Iterable[Score | None]], Decimal | None]

CENT = Decimal("0.01")


def _to_decimal(value: object) -> Decimal:
    # bool is an int subclass, but True as a score is always a bug upstream.
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise ValueError(f"a score must be an int or Decimal, not {value!r}")
    # str() keeps a float's short form (2.5, not 2.4999...).
    result = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not result.is_finite():
        raise ValueError(f"a score must be finite, not {value!r}")
    return result


def _rated(values: Iterable[Score | None]) -> list[Decimal]:
    return [_to_decimal(value) for value in values if value is not None]


def mean(values: Iterable[Score | None]) -> Decimal | None:
    """Arithmetic mean of the rated values; None when nothing is rated."""
    rated = _rated(values)
    if not rated:
        return None
    return sum(rated, Decimal(0)) / len(rated)


def median(values: Iterable[Score | None]) -> Decimal | None:
    """Median of the rated values; None when nothing is rated."""
    rated = _rated(values)
    if not rated:
        return None
    return _median(rated)


def trimmed_mean(values: Iterable[Score | None]) -> Decimal | None:
    """Mean without the highest and lowest rating once there are at least four."""
    rated = sorted(_rated(values))
    # With three or fewer ratings, trimming would leave one judge deciding alone.
    if len(rated) >= 4:
        rated = rated[1:-1]
    return mean(rated)


def weighted_mean(
    scores_by_principle: Mapping[K, Iterable[Score | None]],
    weights: Mapping[K, Score],
    scale_max: int = 5,
    aggregate: Aggregate = mean,
) -> Decimal | None:
    """Weighted mean over principles of the aggregated judges' scores, on 0-100.

    Principles with no rating drop out and the remaining weights are
    renormalised, so "not applicable" never drags an entry down. None when no
    principle with a positive weight has a rating.
    """
    if isinstance(scale_max, bool) or not isinstance(scale_max, int) or scale_max <= 0:
        raise ValueError(f"scale_max must be a positive int, not {scale_max!r}")
    checked_weights = {key: _to_decimal(weight) for key, weight in weights.items()}
    for key, weight in checked_weights.items():
        if weight < 0:
            raise ValueError(f"weight for {key!r} is negative: {weight}")

    total = Decimal(0)
    total_weight = Decimal(0)
    for principle, scores in scores_by_principle.items():
        if principle not in checked_weights:
            raise ValueError(f"no weight for principle {principle!r}")
        rated = _rated(scores)
        for score in rated:
            if not 0 <= score <= scale_max:
                raise ValueError(f"score {score} for {principle!r} is outside 0..{scale_max}")
        value = aggregate(rated) if rated else None
        if value is None:
            continue
        weight = checked_weights[principle]
        total += weight * _to_decimal(value)
        total_weight += weight
    if total_weight == 0:
        return None
    return (total * 100 / (total_weight * scale_max)).quantize(CENT, rounding=ROUND_HALF_UP)


def z_scores(
    scores_by_judge: Mapping[J, Mapping[E, Score | None]],
) -> dict[J, dict[E, float | None]]:
    """Each judge's scores standardised against that judge's own ratings.

    Uses the population standard deviation of the judge's rated values. A judge
    with a single rating, or who gave everything the same score, tells us nothing
    about their leniency, so their rated entries get 0.0 (neutral) rather than a
    division by zero.
    """
    return {judge: _standardise(scores) for judge, scores in scores_by_judge.items()}


def _standardise(scores: Mapping[E, Score | None]) -> dict[E, float | None]:
    # Exact rationals until the last step, so equal scores really have zero
    # spread and shifted or scaled scores give the same z-scores.
    rated = {
        entry: Fraction(_to_decimal(value)) for entry, value in scores.items() if value is not None
    }
    if not rated:
        return dict.fromkeys(scores)
    centre = sum(rated.values(), Fraction(0)) / len(rated)
    variance = sum(((value - centre) ** 2 for value in rated.values()), Fraction(0)) / len(rated)
    if not variance:
        return {entry: 0.0 if entry in rated else None for entry in scores}
    deviation = math.sqrt(variance)
    return {
        entry: float(rated[entry] - centre) / deviation if entry in rated else None
        for entry in scores
    }


def normalised_scores(
    scores_by_judge: Mapping[J, Mapping[E, Score | None]],
) -> dict[E, float | None]:
    """Mean z-score each entry received; None when no judge rated it.

    Unaffected by a judge being uniformly harsher or more generous (shift) or
    using more or less of the scale (positive scaling).
    """
    received: dict[E, list[float]] = {}
    for judge_scores in z_scores(scores_by_judge).values():
        for entry, z in judge_scores.items():
            bucket = received.setdefault(entry, [])
            if z is not None:
                bucket.append(z)
    return {entry: fmean(zs) if zs else None for entry, zs in received.items()}


def spread(values: Iterable[Score | None]) -> Decimal | None:
    """Highest minus lowest rated value; None when nothing is rated."""
    rated = _rated(values)
    if not rated:
        return None
    return max(rated) - min(rated)


def disagreement(values: Iterable[Score | None], threshold: Score = 3) -> bool:
    """True when the judges' ratings are at least ``threshold`` apart."""
    gap = spread(values)
    return gap is not None and gap >= threshold


def rank_with_ties(
    totals: Mapping[E, Decimal | float | None],
) -> list[tuple[int | None, E, Decimal | float | None]]:
    """Entries ranked highest first with standard competition ranking (1, 2, 2, 4).

    Tied entries share a rank and are listed by key; unscored entries (None)
    come last with rank None.
    """
    for entry, value in totals.items():
        if value is not None and value != value:
            raise ValueError(f"total for {entry!r} is NaN")
    try:
        by_key = sorted(totals.items(), key=lambda item: item[0])
    except TypeError:
        # Unorderable keys: mapping order is still reproducible for the same input.
        by_key = list(totals.items())
    rated = [item for item in by_key if item[1] is not None]
    # sorted() is stable with reverse=True, so ties stay in key order.
    rated.sort(key=lambda item: item[1], reverse=True)

    ranking: list[tuple[int | None, E, Decimal | float | None]] = []
    for position, (entry, value) in enumerate(rated, start=1):
        if ranking and ranking[-1][2] == value:
            position = ranking[-1][0]
        ranking.append((position, entry, value))
    ranking.extend((None, entry, None) for entry, value in by_key if value is None)
    return ranking


# --- a whole round ------------------------------------------------------------------------------

METHODS = ("weighted_mean", "median", "trimmed_mean", "normalised")
# Judge-normalised scores are floats; rounding before ranking keeps float noise from splitting a
# real tie, and equal entries from looking different.
NORMALISED_PLACES = Decimal("0.0001")


@dataclass
class PrincipleSummary:
    """One entry on one principle: the panel's ratings and what they add up to."""

    ratings: list[Decimal]
    mean: Decimal | None
    median: Decimal | None
    trimmed_mean: Decimal | None
    spread: Decimal | None
    disagreement: bool


@dataclass
class EntrySummary:
    judges: int
    principles: dict
    weighted_mean: Decimal | None
    median: Decimal | None
    trimmed_mean: Decimal | None
    normalised: Decimal | None
    rank: int | None = None
    tied: bool = False
    # principle -> judge -> value, as given (None is "not applicable")
    ratings: dict = field(default_factory=dict, repr=False)

    def score(self, method: str) -> Decimal | None:
        return getattr(self, method)


@dataclass
class JudgeLeniency:
    """A judge's mean rating against the mean of the whole panel on the same entries and principles."""

    ratings: int
    mean: Decimal | None
    panel_mean: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.mean is None or self.panel_mean is None:
            return None
        return self.mean - self.panel_mean


@dataclass
class RoundSummary:
    method: str
    entries: dict
    ranking: list
    alpha: float | None
    alpha_by_principle: dict
    leniency: dict
    panel_mean: Decimal | None
    judge_totals: dict = field(repr=False, default_factory=dict)


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
    """Everything the results page shows for one round, from (entry, judge, principle, value) rows.

    ``value`` None is "not applicable". ``entries`` lists entries that must appear even with no
    rating yet. Per entry: per-principle mean, median, trimmed mean and spread; the entry's score on
    0-100 by each method (the weighted mean of the principle means, medians or trimmed means; the
    mean of the judges' z-scores of their own 0-100 totals); its rank by ``method`` with ties
    shared. For the panel: alpha over every (entry, principle) unit and per principle, and each
    judge's mean rating against the panel's on the same units. Time and memory grow linearly with
    the number of ratings (ranking adds one sort).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {METHODS}")
    principles = list(weights)
    by_entry: dict[E, dict[K, dict[J, Score | None]]] = {entry: {} for entry in entries}
    by_judge: dict[J, dict[E, dict[K, Score | None]]] = defaultdict(lambda: defaultdict(dict))
    for entry, judge, principle, value in ratings:
        if principle not in weights:
            # A principle no longer judged (weights changed) must not skew anything.
            continue
        by_entry.setdefault(entry, {}).setdefault(principle, {})[judge] = value
        by_judge[judge][entry][principle] = value

    # Each judge's own 0-100 total per entry, standardised within that judge for "normalised".
    judge_totals = {
        judge: {
            entry: weighted_mean(
                {p: [scores.get(p)] for p in principles}, weights, scale_max=scale_max
            )
            for entry, scores in entries_.items()
        }
        for judge, entries_ in by_judge.items()
    }
    normalised = normalised_scores(judge_totals)

    summaries: dict[E, EntrySummary] = {}
    for entry, by_principle in by_entry.items():
        per_principle = {}
        judges: set = set()
        for principle in principles:
            values = by_principle.get(principle, {})
            judges.update(values)
            rated = _rated(values.values())
            per_principle[principle] = PrincipleSummary(
                ratings=rated,
                mean=mean(rated),
                median=median(rated),
                trimmed_mean=trimmed_mean(rated),
                spread=spread(rated),
                disagreement=disagreement(rated, threshold=disagreement_threshold),
            )
        z = normalised.get(entry)
        summaries[entry] = EntrySummary(
            judges=len(judges),
            principles=per_principle,
            weighted_mean=_weighted(per_principle, weights, scale_max, "mean"),
            median=_weighted(per_principle, weights, scale_max, "median"),
            trimmed_mean=_weighted(per_principle, weights, scale_max, "trimmed_mean"),
            normalised=None
            if z is None
            else Decimal(repr(z)).quantize(NORMALISED_PLACES, rounding=ROUND_HALF_UP),
            ratings=by_principle,
        )

    ranking = rank_with_ties({entry: s.score(method) for entry, s in summaries.items()})
    shared: dict[int, int] = defaultdict(int)
    for rank, _entry, _value in ranking:
        if rank is not None:
            shared[rank] += 1
    for rank, entry, _value in ranking:
        summaries[entry].rank = rank
        summaries[entry].tied = rank is not None and shared[rank] > 1

    units = [
        list(by_entry[entry].get(principle, {}).values())
        for entry in by_entry
        for principle in principles
    ]
    alpha = alpha_from_units(units, alpha_level)
    alpha_by_principle = {
        principle: alpha_from_units(
            (list(by_entry[entry].get(principle, {}).values()) for entry in by_entry),
            alpha_level,
        )
        for principle in principles
    }

    unit_means = {
        (entry, principle): mean(values.values())
        for entry, by_principle in by_entry.items()
        for principle, values in by_principle.items()
    }
    leniency = {}
    for judge, entries_ in by_judge.items():
        own = [value for scores in entries_.values() for value in scores.values()]
        panel = [
            unit_means[entry, principle]
            for entry, scores in entries_.items()
            for principle, value in scores.items()
            if value is not None
        ]
        leniency[judge] = JudgeLeniency(
            ratings=len(_rated(own)), mean=mean(own), panel_mean=mean(panel)
        )
    every_rating = (
        value
        for by_principle in by_entry.values()
        for values in by_principle.values()
        for value in values.values()
    )
    return RoundSummary(
        method=method,
        entries=summaries,
        ranking=ranking,
        alpha=alpha,
        alpha_by_principle=alpha_by_principle,
        leniency=leniency,
        panel_mean=mean(every_rating),
        judge_totals=judge_totals,
    )


def _weighted(per_principle, weights, scale_max, attribute) -> Decimal | None:
    aggregated = {
        principle: [getattr(summary, attribute)] for principle, summary in per_principle.items()
    }
    return weighted_mean(aggregated, weights, scale_max=scale_max)


def shortlist_boundary(
    ranking: Sequence[tuple[int | None, E, Decimal | float | None]], places: int
) -> tuple[list[E], list[E]]:
    """The top ``places`` of a ranking, without breaking a tie silently.

    Returns (certain, tied): ``certain`` are entries inside the top places whatever happens to
    a tie; ``tied`` are the entries sharing the rank that straddles the boundary (empty when the
    boundary falls cleanly). Unranked entries never make a shortlist.
    """
    if places < 0:
        raise ValueError("places must not be negative")
    ranked = [(rank, entry) for rank, entry, _value in ranking if rank is not None]
    if places >= len(ranked):
        return [entry for _rank, entry in ranked], []
    if places == 0:
        return [], []
    boundary_rank = ranked[places - 1][0]
    if ranked[places][0] != boundary_rank:
        return [entry for _rank, entry in ranked[:places]], []
    certain = [entry for rank, entry in ranked if rank < boundary_rank]
    tied = [entry for rank, entry in ranked if rank == boundary_rank]
    return certain, tied
