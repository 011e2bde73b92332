"""The results of a judging round, for the admin results page, its exports and council feedback.

Reads with a fixed number of queries whatever the number of entries (the submitted scores as one
values_list, the round's nominations with their assignments, the award's criteria, the judges) and
leaves every number to the pure judging.fast_scoring.round_results (the same figures as the
reference judging.scoring.round_results, about ten times faster).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from awards.models import AwardCriterion, Nomination

from . import fast_scoring, scoring
from .models import SCORE_COUNTS, SCORECARD_COUNTS, Decision, Round, Score, Scorecard
from .selectors import round_nominations, round_submitted_scores

DISAGREEMENT_THRESHOLD = 3
# In a judge's row of the breakdown: this principle was not scored at all (None is "not applicable").
MISSING = ""

METHOD_LABELS = {
    "weighted_mean": _("Weighted mean"),
    "median": _("Weighted median"),
    "trimmed_mean": _("Weighted trimmed mean"),
    "normalised": _("Judge-normalised"),
}
SORT_KEYS = (
    "rank",
    "reference",
    "council",
    "weighted_mean",
    "median",
    "trimmed_mean",
    "normalised",
)


@dataclass
class PrincipleResult:
    criterion: AwardCriterion
    mean: Decimal | None
    median: Decimal | None
    trimmed_mean: Decimal | None
    spread: Decimal | None
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
    median: Decimal | None
    trimmed_mean: Decimal | None
    normalised: Decimal | None
    # [(judge, [value or None per criterion, in criteria order])], for the breakdown
    judge_scores: list = field(default_factory=list)

    @property
    def rank_display(self) -> str:
        """ "1", "=2" for a shared rank, "" when the entry has no ratings yet."""
        if self.rank is None:
            return ""
        return f"={self.rank}" if self.tied else str(self.rank)

    @property
    def disagreements(self) -> list[PrincipleResult]:
        return [p for p in self.principles if p.disagreement]


@dataclass
class PrincipleAgreement:
    criterion: AwardCriterion
    alpha: float | None


@dataclass
class JudgeRow(scoring.JudgeLeniency):
    """One judge's leniency, rounded for the page, with who they are."""

    judge: object = None


@dataclass
class RoundResults:
    round: Round
    criteria: list[AwardCriterion]
    method: str
    alpha_level: str
    rows: list[ResultRow] = field(default_factory=list)
    alpha: float | None = None
    agreement: list[PrincipleAgreement] = field(default_factory=list)
    judges: list[JudgeRow] = field(default_factory=list)
    panel_mean: Decimal | None = None

    @property
    def weights(self) -> dict[int, Decimal]:
        return {c.pk: c.weight for c in self.criteria}

    @property
    def submitted(self) -> int:
        return sum(row.submitted for row in self.rows)

    @property
    def assigned(self) -> int:
        return sum(row.assigned for row in self.rows)

    @property
    def method_label(self):
        return METHOD_LABELS[self.method]

    @property
    def flagged(self) -> list[ResultRow]:
        return [row for row in self.rows if row.disagreements]

    def sorted_rows(self, key: str, descending: bool = False) -> list[ResultRow]:
        """Rows sorted for display; entries with no value for the key always come last."""
        if key not in SORT_KEYS or key == "rank":
            rows = list(self.rows)
            return rows[::-1] if descending else rows
        if key == "reference":
            value = lambda row: row.nomination.reference or ""  # noqa: E731
        elif key == "council":
            value = lambda row: row.nomination.council.name.lower()  # noqa: E731
        else:
            value = lambda row: getattr(row, key)  # noqa: E731
        present = [row for row in self.rows if value(row) is not None]
        missing = [row for row in self.rows if value(row) is None]
        present.sort(key=value, reverse=descending)
        return present + missing


def build_results(*, round: Round, alpha_level: str = "interval") -> RoundResults:
    criteria = list(round.award.ordered_criteria)
    weights = {c.pk: c.weight for c in criteria}
    nominations = {n.pk: n for n in round_nominations(round=round)}
    summary = fast_scoring.round_results(
        list(round_submitted_scores(round=round)),
        weights,
        scale_max=round.scale_max,
        entries=list(nominations),
        method=round.ranking_method,
        alpha_level=alpha_level,
        disagreement_threshold=DISAGREEMENT_THRESHOLD,
    )

    results = RoundResults(
        round=round,
        criteria=criteria,
        method=round.ranking_method,
        alpha_level=alpha_level,
        alpha=summary.alpha,
        agreement=[
            PrincipleAgreement(criterion=c, alpha=summary.alpha_by_principle.get(c.pk))
            for c in criteria
        ],
        panel_mean=_cents(summary.panel_mean),
    )
    people = get_user_model().objects.in_bulk(list(summary.leniency))
    for _rank, nomination_id, _value in summary.ranking:
        if nomination_id not in nominations:
            continue  # scores of an assignment removed since: not an entry of the round any more
        entry = summary.entries[nomination_id]
        nomination = nominations[nomination_id]
        results.rows.append(
            ResultRow(
                rank=entry.rank,
                tied=entry.tied,
                nomination=nomination,
                assigned=len(nomination.assignments.all()),
                submitted=entry.judges,
                principles=[
                    PrincipleResult(
                        criterion=c,
                        mean=_cents(entry.principles[c.pk].mean),
                        median=_cents(entry.principles[c.pk].median),
                        trimmed_mean=_cents(entry.principles[c.pk].trimmed_mean),
                        spread=entry.principles[c.pk].spread,
                        ratings=len(entry.principles[c.pk].ratings),
                        disagreement=entry.principles[c.pk].disagreement,
                    )
                    for c in criteria
                ],
                weighted_mean=entry.weighted_mean,
                median=entry.median,
                trimmed_mean=entry.trimmed_mean,
                normalised=entry.normalised,
                judge_scores=_judge_scores(entry, criteria, people),
            )
        )
    results.judges = sorted(
        (
            JudgeRow(
                judge=people[judge_id],
                ratings=lenient.ratings,
                mean=_cents(lenient.mean),
                panel_mean=_cents(lenient.panel_mean),
            )
            for judge_id, lenient in summary.leniency.items()
            if judge_id in people
        ),
        key=lambda row: (row.judge.last_name, row.judge.first_name, row.judge.email),
    )
    return results


def _judge_scores(entry, criteria, people) -> list:
    judge_ids = sorted({judge for values in entry.ratings.values() for judge in values})
    rows = [
        (
            people.get(judge_id),
            [entry.ratings.get(c.pk, {}).get(judge_id, MISSING) for c in criteria],
        )
        for judge_id in judge_ids
    ]
    return sorted(
        (row for row in rows if row[0] is not None),
        key=lambda row: (row[0].last_name, row[0].first_name, row[0].email),
    )


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(scoring.CENT, rounding=ROUND_HALF_UP)


# --- the judge leniency chart ---------------------------------------------------------------


@dataclass
class ChartBar:
    label: str
    y: int
    mean_x: float
    panel_x: float
    mean: Decimal
    panel_mean: Decimal


@dataclass
class LeniencyChart:
    width: int
    height: int
    left: int
    right: int
    scale_max: int
    bars: list[ChartBar]
    ticks: list[tuple[int, float]]
    panel_x: float | None


def leniency_chart(results: RoundResults, judge_label) -> LeniencyChart | None:
    """Coordinates for a server-drawn SVG: per judge, their mean rating (a dot) and the panel's mean
    on the same entries (a line), on the round's 0..scale axis."""
    rows = [row for row in results.judges if row.mean is not None and row.panel_mean is not None]
    if not rows:
        return None
    left, right, row_height, top = 220, 40, 28, 30
    width = 720
    plot = width - left - right
    scale = results.round.scale_max

    def x(value) -> float:
        return round(left + plot * float(value) / scale, 1)

    bars = [
        ChartBar(
            label=judge_label(row.judge),
            y=top + index * row_height,
            mean_x=x(row.mean),
            panel_x=x(row.panel_mean),
            mean=row.mean,
            panel_mean=row.panel_mean,
        )
        for index, row in enumerate(rows)
    ]
    return LeniencyChart(
        width=width,
        height=top + len(rows) * row_height + 10,
        left=left,
        right=width - right,
        scale_max=scale,
        bars=bars,
        ticks=[(level, x(level)) for level in range(scale + 1)],
        panel_x=None if results.panel_mean is None else x(results.panel_mean),
    )


# --- feedback to councils -----------------------------------------------------------------------

SHORTLIST_OUTCOMES = (
    Decision.Outcome.SHORTLISTED,
    Decision.Outcome.WINNER,
    Decision.Outcome.HIGHLY_COMMENDED,
)


@dataclass
class PrincipleFeedback:
    criterion: AwardCriterion
    mean: Decimal | None
    shortlist_mean: Decimal | None
    comments: list[str]


@dataclass
class RoundFeedback:
    round: Round
    principles: list[PrincipleFeedback]
    overall_comments: list[str]
    shortlist_size: int
    released: bool


def nomination_feedback(*, nomination: Nomination, include_unreleased: bool = False):
    """What the council reads: per principle, its panel's mean against the mean of the entries that
    were shortlisted (any decision of shortlisted, winner or highly commended), and the comments
    award staff chose to share. Never a judge's name."""
    rounds = Round.objects.filter(assignments__nomination=nomination).distinct()
    if not include_unreleased:
        rounds = rounds.filter(feedback_released_at__isnull=False)
    rounds = list(rounds.select_related("award").order_by("opens_at"))
    if not rounds:
        return []
    criteria = list(nomination.award.ordered_criteria)
    weights = {c.pk: c.weight for c in criteria}
    shortlisted = set(
        Decision.objects.filter(
            nomination__award_id=nomination.award_id, outcome__in=SHORTLIST_OUTCOMES
        ).values_list("nomination_id", flat=True)
    )
    comments = defaultdict(list)
    for round_id, criterion_id, comment in (
        Score.objects.filter(
            SCORE_COUNTS,
            scorecard__assignment__nomination=nomination,
            scorecard__assignment__round__in=rounds,
            scorecard__status=Scorecard.Status.SUBMITTED,
            shared_with_council=True,
        )
        .exclude(comment="")
        .order_by("scorecard__assignment__judge_id")
        .values_list("scorecard__assignment__round_id", "criterion_id", "comment")
    ):
        comments[round_id, criterion_id].append(comment)
    overall = defaultdict(list)
    for round_id, comment in (
        Scorecard.objects.filter(
            SCORECARD_COUNTS,
            assignment__nomination=nomination,
            assignment__round__in=rounds,
            status=Scorecard.Status.SUBMITTED,
            overall_comment_shared=True,
        )
        .exclude(overall_comment="")
        .order_by("assignment__judge_id")
        .values_list("assignment__round_id", "overall_comment")
    ):
        overall[round_id].append(comment)
    scores_by_round = defaultdict(list)
    for round_id, *row in Score.objects.filter(
        SCORE_COUNTS,
        scorecard__assignment__round__in=rounds,
        scorecard__status=Scorecard.Status.SUBMITTED,
    ).values_list(
        "scorecard__assignment__round_id",
        "scorecard__assignment__nomination_id",
        "scorecard__assignment__judge_id",
        "criterion_id",
        "value",
    ):
        scores_by_round[round_id].append(tuple(row))

    feedback = []
    for round in rounds:
        summary = fast_scoring.round_results(
            scores_by_round[round.pk],
            weights,
            scale_max=round.scale_max,
            entries=[nomination.pk],
        )
        own = summary.entries[nomination.pk]
        peers = [summary.entries[pk] for pk in shortlisted if pk in summary.entries]
        feedback.append(
            RoundFeedback(
                round=round,
                principles=[
                    PrincipleFeedback(
                        criterion=c,
                        mean=_cents(own.principles[c.pk].mean),
                        shortlist_mean=_cents(
                            scoring.mean(peer.principles[c.pk].mean for peer in peers)
                        ),
                        comments=comments[round.pk, c.pk],
                    )
                    for c in criteria
                ],
                overall_comments=overall[round.pk],
                shortlist_size=len(peers),
                released=round.feedback_released_at is not None,
            )
        )
    return feedback
