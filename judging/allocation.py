"""Balanced allocation of judges to entries. Pure: no ORM, no I/O."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

J = TypeVar("J", bound=Hashable)
E = TypeVar("E", bound=Hashable)


@dataclass(frozen=True)
class Allocation(Generic[J, E]):
    """Pairs to add, and entries that could not get enough judges.

    ``short`` maps an entry to how many judges it still lacks because too few
    judges without a conflict are left.
    """

    new_pairs: list[tuple[J, E]]
    short: dict[E, int]


def allocate(
    entries: Sequence[E],
    judges: Sequence[J],
    judges_per_entry: int,
    conflicts: Collection[tuple[J, E]] = (),
    existing: Collection[tuple[J, E]] = (),
    seed: int = 0,
) -> Allocation[J, E]:
    """Add (judge, entry) pairs so each entry has ``judges_per_entry`` judges.

    Never produces a conflicted or already existing pair, and keeps judges'
    total loads (existing + new) as even as the conflicts allow. Existing pairs
    that are conflicted, or name a judge or entry not passed in, are left alone
    but count neither as cover nor as load: removing them is the caller's job.
    The same inputs and seed always give the same result, and running again
    with the result added to ``existing`` adds nothing.
    """
    if isinstance(judges_per_entry, bool) or judges_per_entry < 1:
        raise ValueError(f"judges_per_entry must be at least 1, not {judges_per_entry!r}")
    entry_index = _index(entries, "entry")
    judge_index = _index(judges, "judge")
    # Work on input positions so nothing depends on hashing or set order.
    blocked = {
        (judge_index[judge], entry_index[entry])
        for judge, entry in conflicts
        if judge in judge_index and entry in entry_index
    }

    on_entry: list[set[int]] = [set() for _ in entries]
    load = [0] * len(judges)
    cover = [0] * len(entries)
    for judge, entry in existing:
        j, e = judge_index.get(judge), entry_index.get(entry)
        if j is None or e is None or j in on_entry[e]:
            continue
        on_entry[e].add(j)
        if (j, e) not in blocked:
            load[j] += 1
            cover[e] += 1

    # A seeded shuffle breaks ties between equally loaded judges, so no judge
    # is always first in line just because of their place in the list.
    tie_break = list(range(len(judges)))
    random.Random(seed).shuffle(tie_break)  # noqa: S311  # reproducible fairness, not security  # nosec B311
    candidates = [
        sorted(
            (j for j in range(len(judges)) if j not in on_entry[e] and (j, e) not in blocked),
            key=tie_break.__getitem__,
        )
        for e in range(len(entries))
    ]
    need = [
        min(max(0, judges_per_entry - cover[e]), len(candidates[e])) for e in range(len(entries))
    ]

    new_by_judge: list[set[int]] = [set() for _ in judges]
    # Entries with the least choice go first, while the lightly loaded judges
    # they can use are still free.
    for e in sorted(range(len(entries)), key=lambda e: (len(candidates[e]) - need[e], e)):
        ranked = sorted(candidates[e], key=lambda j: (load[j], tie_break[j]))
        for j in ranked[: need[e]]:
            new_by_judge[j].add(e)
            on_entry[e].add(j)
            load[j] += 1

    _rebalance(load, new_by_judge, on_entry, candidates, tie_break)

    new_pairs = [
        (judges[j], entries[e])
        for e in range(len(entries))
        for j in range(len(judges))
        if e in new_by_judge[j]
    ]
    short = {
        entries[e]: judges_per_entry - cover[e] - need[e]
        for e in range(len(entries))
        if cover[e] + need[e] < judges_per_entry
    }
    return Allocation(new_pairs=new_pairs, short=short)


def _index(items: Sequence[Hashable], kind: str) -> dict[Hashable, int]:
    index = {item: position for position, item in enumerate(items)}
    if len(index) != len(items):
        raise ValueError(f"each {kind} may appear only once")
    return index


def _rebalance(
    load: list[int],
    new_by_judge: list[set[int]],
    on_entry: list[set[int]],
    candidates: list[list[int]],
    tie_break: list[int],
) -> None:
    """Shift new assignments until no judge carries two more than one who could relieve them.

    A shift follows a chain: a heavy judge hands an entry to a second judge,
    who hands one of theirs to a third, and so on to a light judge; only the
    two ends change load. When no such chain exists the loads are as even as
    the conflicts allow (largest load as small, smallest as large, as
    possible), which a single swap between two judges cannot guarantee.
    """
    while True:
        lightest = min(load, default=0)
        for source in sorted(range(len(load)), key=lambda j: (-load[j], tie_break[j])):
            if load[source] < lightest + 2:
                return
            if _shift_one(source, load, new_by_judge, on_entry, candidates, tie_break):
                break
        else:
            return


def _shift_one(
    source: int,
    load: list[int],
    new_by_judge: list[set[int]],
    on_entry: list[set[int]],
    candidates: list[list[int]],
    tie_break: list[int],
) -> bool:
    """Move one unit of load from ``source`` to a judge carrying two or more fewer."""
    came_from: dict[int, tuple[int, int]] = {}
    queue = deque([source])
    while queue:
        judge = queue.popleft()
        for e in sorted(new_by_judge[judge]):
            for other in candidates[e]:
                if other != source and other not in came_from and other not in on_entry[e]:
                    came_from[other] = (judge, e)
                    queue.append(other)

    lighter = [j for j in came_from if load[j] <= load[source] - 2]
    if not lighter:
        return False
    target = min(lighter, key=lambda j: (load[j], tie_break[j]))
    judge = target
    while judge != source:
        previous, e = came_from[judge]
        new_by_judge[previous].remove(e)
        on_entry[e].remove(previous)
        new_by_judge[judge].add(e)
        on_entry[e].add(judge)
        judge = previous
    load[source] -= 1
    load[target] += 1
    return True
