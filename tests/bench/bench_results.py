"""Benchmark: a round's results for 1,000 and 5,000 entries, 5 judges each, 6 principles.

Times judging.fast_scoring.round_results (what judging.results.build_results calls) at both sizes:
the ratio 5,000 : 1,000 should be about 5 (linear). Then, on the same 5,000-entry round and in the
same run, the reference judging.scoring.round_results against the fast path, run by turns so that
both see the same load: the goal is at least 10 times faster and under 0.25 s. Prints medians and
the load average. Run: python tests/bench/bench_results.py [--runs 5] [--json FILE]

round_results is everything the results page computes (every method's score, ranks with ties,
Krippendorff's alpha per round and per principle, leniency); build_results only reads the rows from
the database (one values_list of plain tuples) and hands them to it.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from judging import fast_scoring, scoring  # noqa: E402

JUDGES_PER_ENTRY = 5
PRINCIPLES = 6
PANEL = 60
RUNS = 5
SIZES = (1_000, 5_000)
WEIGHTS = {f"p{n}": Decimal(w) for n, w in enumerate(["2", "1", "1", "1.5", "1", "1"], start=1)}
SPEEDUP_GOAL = 10
SECONDS_GOAL = 0.25


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


def timed(rows, round_results=fast_scoring.round_results) -> float:
    start = time.perf_counter()
    summary = round_results(rows, WEIGHTS, scale_max=5, method="normalised")
    elapsed = time.perf_counter() - start
    assert summary.ranking[0][0] == 1
    return elapsed


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def measure(runs: int = RUNS) -> dict:
    load_start = loadavg()
    fast = {}
    for size in SIZES:
        rows = ratings(size)
        timed(rows)  # warm-up
        fast[size] = [timed(rows) for _ in range(runs)]
    small, large = SIZES
    rows = ratings(large)
    # Same data, same figures (the property test in tests/judging checks every field).
    assert (
        scoring.round_results(rows, WEIGHTS, method="normalised").entries
        == fast_scoring.round_results(rows, WEIGHTS, method="normalised").entries
    )
    reference, fast_again = [], []
    for _ in range(runs):
        reference.append(timed(rows, scoring.round_results))
        fast_again.append(timed(rows, fast_scoring.round_results))
    medians = {size: statistics.median(times) for size, times in fast.items()}
    reference_s = statistics.median(reference)
    fast_s = statistics.median(fast_again)
    return {
        "scores": {str(size): size * JUDGES_PER_ENTRY * PRINCIPLES for size in SIZES},
        "runs": runs,
        "seconds": {str(size): median for size, median in medians.items()},
        "seconds_runs": {str(size): times for size, times in fast.items()},
        "ratio": medians[large] / medians[small],
        "linear": large / small,
        "reference_seconds": reference_s,
        "reference_runs": reference,
        "fast_seconds": fast_s,
        "fast_runs": fast_again,
        "speedup": reference_s / fast_s,
        "load_average_start": load_start,
        "load_average_end": loadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = measure(args.runs)
    small, large = SIZES
    for size in SIZES:
        times = result["seconds_runs"][str(size)]
        print(
            f"{size:>6} entries x {JUDGES_PER_ENTRY} judges x {PRINCIPLES} principles "
            f"({size * JUDGES_PER_ENTRY * PRINCIPLES:,} scores): median {statistics.median(times):.3f} s"
            f" of {len(times)} runs (min {min(times):.3f}, max {max(times):.3f})"
        )
    print(
        f"ratio {large:,} : {small:,} entries = {result['ratio']:.2f} "
        f"(linear would be {large / small:.1f})"
    )
    print(
        f"{large:,} entries, by turns: reference {result['reference_seconds']:.3f} s, fast "
        f"{result['fast_seconds']:.3f} s, {result['speedup']:.1f}x faster (goal: at least "
        f"{SPEEDUP_GOAL}x and under {SECONDS_GOAL} s)"
    )
    print(f"load average {result['load_average_start']} -> {result['load_average_end']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
