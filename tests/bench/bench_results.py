"""Benchmark: a round's results (judging.scoring.round_results) for 1,000 and 5,000 entries,
5 judges each, 6 principles. Prints the median time of several runs for each size and the ratio
5,000 : 1,000, which should be about 5 (linear). Run: python tests/bench/bench_results.py

round_results is everything the results page computes (every method's score, ranks with ties,
Krippendorff's alpha per round and per principle, leniency); judging.results.build_results only
reads the rows from the database and hands them to it.
"""

import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from judging.scoring import round_results  # noqa: E402

JUDGES_PER_ENTRY = 5
PRINCIPLES = 6
PANEL = 60
RUNS = 5
SIZES = (1_000, 5_000)
WEIGHTS = {f"p{n}": Decimal(w) for n, w in enumerate(["2", "1", "1", "1.5", "1", "1"], start=1)}


def ratings(entries: int, seed: int = 2027) -> list[tuple[int, int, str, int | None]]:
    """Each entry scored by 5 of 60 judges (round-robin, as a balanced allocation would), each judge
    with their own leniency; about 1 score in 20 is "not applicable"."""
    rng = random.Random(seed)
    leniency = [rng.choice([-1, 0, 0, 1]) for _ in range(PANEL)]
    rows = []
    for entry in range(entries):
        quality = rng.randint(1, 4)
        for offset in range(JUDGES_PER_ENTRY):
            judge = (entry * JUDGES_PER_ENTRY + offset) % PANEL
            for principle in WEIGHTS:
                if rng.random() < 0.05:
                    value = None
                else:
                    value = min(5, max(0, quality + leniency[judge] + rng.randint(-1, 1)))
                rows.append((entry, judge, principle, value))
    return rows


def timed(rows) -> float:
    start = time.perf_counter()
    summary = round_results(rows, WEIGHTS, scale_max=5, method="normalised")
    elapsed = time.perf_counter() - start
    assert summary.ranking[0][0] == 1
    return elapsed


def main() -> None:
    medians = {}
    for size in SIZES:
        rows = ratings(size)
        timed(rows)  # warm-up
        times = [timed(rows) for _ in range(RUNS)]
        medians[size] = statistics.median(times)
        print(
            f"{size:>6} entries x {JUDGES_PER_ENTRY} judges x {PRINCIPLES} principles "
            f"({len(rows):,} scores): median {medians[size]:.3f} s of {RUNS} runs "
            f"(min {min(times):.3f}, max {max(times):.3f})"
        )
    small, large = SIZES
    ratio = medians[large] / medians[small]
    print(
        f"ratio {large:,} : {small:,} entries = {ratio:.2f} (linear would be {large / small:.1f})"
    )


if __name__ == "__main__":
    main()
