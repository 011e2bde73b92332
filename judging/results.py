"""The results table of a judging round.

Reads with a fixed number of queries whatever the number of entries (the submitted scores as one
values_list, the round's nominations with their assignments, the award's criteria) and leaves the
maths to the pure functions in judging.scoring.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from awards.models import AwardCriterion, Nomination

from . import scoring
from .models import Round
from .selectors import round_nominations, round_submitted_scores

DISAGREEMENT_THRESHOLD = 3


@dataclass
class PrincipleResult:
    criterion: AwardCriterion
    mean: Decimal | None
    ratings: int
    disagreement: bool


@dataclass
class ResultRow:
    rank: int | None
    tied: bool
    nomination: Nomination
    assigned: int
    submitted: int
    principles: list[PrincipleResult]
    weighted_mean: Decimal | None

    @property
    def rank_display(self) -> str:
        """ "1", "=2" for a shared rank, "" when the entry has no ratings yet."""
        if self.rank is None:
            return ""
        return f"={self.rank}" if self.tied else str(self.rank)


@dataclass
class RoundResults:
    round: Round
    criteria: list[AwardCriterion]
    rows: list[ResultRow] = field(default_factory=list)

    @property
    def weights(self) -> dict[int, Decimal]:
        return {c.pk: c.weight for c in self.criteria}

    @property
    def submitted(self) -> int:
        return sum(row.submitted for row in self.rows)

    @property
    def assigned(self) -> int:
        return sum(row.assigned for row in self.rows)


def build_results(*, round: Round) -> RoundResults:
    criteria = list(round.award.ordered_criteria)
    criterion_ids = {c.pk for c in criteria}
    weights = {c.pk: c.weight for c in criteria}

    # nomination -> criterion -> [values]; nomination -> judges who submitted
    values: dict[int, dict[int, list[int | None]]] = defaultdict(lambda: defaultdict(list))
    judges: dict[int, set[int]] = defaultdict(set)
    for nomination_id, judge_id, criterion_id, value in round_submitted_scores(round=round):
        judges[nomination_id].add(judge_id)
        if criterion_id in criterion_ids:
            values[nomination_id][criterion_id].append(value)

    nominations = {n.pk: n for n in round_nominations(round=round)}
    totals = {}
    per_nomination: dict[int, list[PrincipleResult]] = {}
    for nomination_id in nominations:
        by_criterion = {c.pk: values[nomination_id][c.pk] for c in criteria}
        totals[nomination_id] = scoring.weighted_mean(
            by_criterion, weights, scale_max=round.scale_max
        )
        per_nomination[nomination_id] = [
            PrincipleResult(
                criterion=c,
                mean=_cents(scoring.mean(by_criterion[c.pk])),
                ratings=sum(1 for v in by_criterion[c.pk] if v is not None),
                disagreement=scoring.disagreement(
                    by_criterion[c.pk], threshold=DISAGREEMENT_THRESHOLD
                ),
            )
            for c in criteria
        ]

    ranking = scoring.rank_with_ties(totals)
    shared = Counter(rank for rank, _id, _value in ranking if rank is not None)
    results = RoundResults(round=round, criteria=criteria)
    for rank, nomination_id, value in ranking:
        nomination = nominations[nomination_id]
        results.rows.append(
            ResultRow(
                rank=rank,
                tied=rank is not None and shared[rank] > 1,
                nomination=nomination,
                assigned=len(nomination.assignments.all()),
                submitted=len(judges[nomination_id]),
                principles=per_nomination[nomination_id],
                weighted_mean=value,
            )
        )
    return results


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(scoring.CENT, rounding=ROUND_HALF_UP)
