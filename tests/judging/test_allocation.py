from collections import Counter, defaultdict, deque

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from judging.allocation import Allocation, allocate

# --- helpers ---------------------------------------------------------------------------


def loads(judges, pairs):
    counted = Counter(judge for judge, _ in pairs)
    return [counted[judge] for judge in judges]


def valid_pairs(problem, pairs):
    """Pairs that count as cover and load: known judge and entry, not conflicted."""
    return {
        (judge, entry)
        for judge, entry in pairs
        if judge in problem["judges"]
        and entry in problem["entries"]
        and (judge, entry) not in problem["conflicts"]
    }


def eligible_count(problem, entry):
    return sum((judge, entry) not in problem["conflicts"] for judge in problem["judges"])


def run(problem, **overrides):
    arguments = {**problem, **overrides}
    return allocate(
        arguments["entries"],
        arguments["judges"],
        arguments["judges_per_entry"],
        conflicts=arguments["conflicts"],
        existing=arguments["existing"],
        seed=arguments["seed"],
    )


def max_flow(capacity, source, sink):
    """Edmonds-Karp on a dict-of-dicts residual graph (mutated)."""
    total = 0
    while True:
        parent = {source: None}
        queue = deque([source])
        while queue and sink not in parent:
            node = queue.popleft()
            for neighbour, room in capacity[node].items():
                if room > 0 and neighbour not in parent:
                    parent[neighbour] = node
                    queue.append(neighbour)
        if sink not in parent:
            return total
        path = []
        node = sink
        while parent[node] is not None:
            path.append((parent[node], node))
            node = parent[node]
        pushed = min(capacity[u][v] for u, v in path)
        for u, v in path:
            capacity[u][v] -= pushed
            capacity[v][u] += pushed
        total += pushed


def balance_within_one_is_achievable(problem):
    """Independent oracle: can every entry get its full possible cover with all
    judges' final loads within one of each other?

    The final total load is fixed, so loads within one means every judge ends
    on m or m + 1 with m = total // judges. That is a flow with lower bounds
    (judge -> sink in [m, m + 1] minus existing load), solved as a circulation.
    """
    judges, entries = problem["judges"], problem["entries"]
    counted = valid_pairs(problem, problem["existing"])
    on_entry = {(judge, entry) for judge, entry in problem["existing"]}
    base = dict(zip(judges, loads(judges, counted), strict=True))
    candidates = {
        entry: [
            judge
            for judge in judges
            if (judge, entry) not in problem["conflicts"] and (judge, entry) not in on_entry
        ]
        for entry in entries
    }
    cover = Counter(entry for _, entry in counted)
    demand = {
        entry: min(max(0, problem["judges_per_entry"] - cover[entry]), len(candidates[entry]))
        for entry in entries
    }
    m = (sum(base.values()) + sum(demand.values())) // len(judges)
    if any(base[judge] > m + 1 for judge in judges):
        return False
    lower = {judge: max(0, m - base[judge]) for judge in judges}
    upper = {judge: m + 1 - base[judge] for judge in judges}

    capacity = defaultdict(lambda: defaultdict(int))
    source, sink, super_source, super_sink = "S", "T", "SS", "TT"
    capacity[sink][source] = 10**9
    for entry in entries:
        # source -> entry carries exactly demand[entry]: all of it is lower bound.
        capacity[super_source][("e", entry)] += demand[entry]
        capacity[source][super_sink] += demand[entry]
        for judge in candidates[entry]:
            capacity[("e", entry)][("j", judge)] = 1
    for judge in judges:
        capacity[("j", judge)][sink] = upper[judge] - lower[judge]
        capacity[super_source][sink] += lower[judge]
        capacity[("j", judge)][super_sink] += lower[judge]
    required = sum(demand.values()) + sum(lower.values())
    return max_flow(capacity, super_source, super_sink) == required


@st.composite
def problems(draw, max_conflict_share=0.1, with_existing=False, max_entries=60, max_judges=15):
    entries = [f"entry{i}" for i in range(draw(st.integers(0, max_entries)))]
    judges = list(range(draw(st.integers(1, max_judges))))
    judges_per_entry = draw(st.integers(1, min(5, len(judges))))
    pairs = [(judge, entry) for judge in judges for entry in entries]
    conflicts, existing = set(), set()
    if pairs:
        conflicts = draw(
            st.sets(st.sampled_from(pairs), max_size=int(len(pairs) * max_conflict_share))
        )
        if with_existing:
            existing = draw(st.sets(st.sampled_from(pairs), max_size=len(entries)))
    return {
        "entries": entries,
        "judges": judges,
        "judges_per_entry": judges_per_entry,
        "conflicts": conflicts,
        "existing": existing,
        "seed": draw(st.integers(0, 2**32)),
    }


PROPERTY = settings(max_examples=200, deadline=None)


# --- examples --------------------------------------------------------------------------


def test_allocate_small_panel_gives_everyone_the_same_load():
    result = allocate(["a", "b", "c"], ["ann", "bob", "cat"], judges_per_entry=2)

    assert Counter(entry for _, entry in result.new_pairs) == {"a": 2, "b": 2, "c": 2}
    assert loads(["ann", "bob", "cat"], result.new_pairs) == [2, 2, 2]
    assert result.short == {}


def test_allocate_never_gives_a_judge_a_conflicted_entry():
    conflicts = {("ann", "a"), ("bob", "b")}

    result = allocate(["a", "b"], ["ann", "bob", "cat"], judges_per_entry=2, conflicts=conflicts)

    assert sorted(result.new_pairs) == [("ann", "b"), ("bob", "a"), ("cat", "a"), ("cat", "b")]


def test_allocate_reports_entries_short_of_eligible_judges():
    conflicts = {("ann", "a")}

    result = allocate(["a", "b"], ["ann", "bob"], judges_per_entry=3, conflicts=conflicts)

    assert sorted(result.new_pairs) == [("ann", "b"), ("bob", "a"), ("bob", "b")]
    assert result.short == {"a": 2, "b": 1}


def test_allocate_does_not_count_a_conflicted_existing_pair_as_cover():
    existing = {("ann", "a")}
    conflicts = {("ann", "a")}

    result = allocate(
        ["a"], ["ann", "bob", "cat"], judges_per_entry=2, conflicts=conflicts, existing=existing
    )

    assert sorted(result.new_pairs) == [("bob", "a"), ("cat", "a")]
    assert result.short == {}


def test_allocate_ignores_existing_pairs_for_judges_no_longer_on_the_panel():
    result = allocate(["a"], ["bob"], judges_per_entry=1, existing={("ann", "a")})

    assert result.new_pairs == [("bob", "a")]


def test_allocate_spreads_new_work_to_judges_with_less_existing_load():
    existing = {("ann", "a"), ("ann", "b")}

    result = allocate(["a", "b", "c", "d"], ["ann", "bob"], judges_per_entry=1, existing=existing)

    assert sorted(result.new_pairs) == [("bob", "c"), ("bob", "d")]


@pytest.mark.parametrize("seed", range(10))
def test_allocate_balances_when_the_greedy_pass_alone_would_not(seed):
    # If e0 goes to 1 and 3, e1 (which 2 may not judge) must share one of them
    # and 2 sits idle: the greedy pass alone can end there.
    conflicts = {(0, "e0"), (2, "e1")}

    result = allocate(
        ["e0", "e1"], [0, 1, 2, 3], judges_per_entry=2, conflicts=conflicts, seed=seed
    )

    assert loads([0, 1, 2, 3], result.new_pairs) == [1, 1, 1, 1]


@pytest.mark.parametrize("seed", range(10))
def test_allocate_balances_when_work_must_pass_along_a_chain(seed):
    # Judge 2 may judge only e1. From 0: {e0, e2}, 1: {e1}, 2: {} no direct
    # swap helps; 0 must pass e0 to 1 while 1 passes e1 on to 2.
    conflicts = {(0, "e1"), (2, "e0"), (2, "e2")}

    result = allocate(
        ["e0", "e1", "e2"], [0, 1, 2], judges_per_entry=1, conflicts=conflicts, seed=seed
    )

    assert loads([0, 1, 2], result.new_pairs) == [1, 1, 1]


def test_allocate_with_no_entries_adds_nothing():
    assert allocate([], ["ann"], judges_per_entry=1) == Allocation(new_pairs=[], short={})


@pytest.mark.parametrize(
    ("entries", "judges", "judges_per_entry"),
    [(["a"], ["ann"], 0), (["a", "a"], ["ann"], 1), (["a"], ["ann", "ann"], 1)],
    ids=["no judges per entry", "duplicate entry", "duplicate judge"],
)
def test_allocate_rejects_malformed_input(entries, judges, judges_per_entry):
    with pytest.raises(ValueError):
        allocate(entries, judges, judges_per_entry)


def test_oracle_spots_an_unbalanceable_panel():
    # cat may judge nothing, so cannot be within one of the others.
    problem = {
        "entries": ["a", "b"],
        "judges": ["ann", "bob", "cat"],
        "judges_per_entry": 2,
        "conflicts": {("cat", "a"), ("cat", "b")},
        "existing": set(),
        "seed": 0,
    }

    assert not balance_within_one_is_achievable(problem)
    assert balance_within_one_is_achievable({**problem, "conflicts": {("cat", "a")}})


# --- properties ----------------------------------------------------------------------------


@PROPERTY
@given(problems(max_conflict_share=0.5, with_existing=True))
def test_every_entry_gets_as_many_judges_as_eligible_judges_allow(problem):
    result = run(problem)

    already = Counter(entry for _, entry in valid_pairs(problem, problem["existing"]))
    covered = Counter(
        entry for _, entry in valid_pairs(problem, set(problem["existing"]) | set(result.new_pairs))
    )
    for entry in problem["entries"]:
        wanted = problem["judges_per_entry"]
        possible = min(wanted, eligible_count(problem, entry))
        assert covered[entry] == max(already[entry], possible)
        assert result.short.get(entry, 0) == max(0, wanted - covered[entry])
    assert set(result.short) <= set(problem["entries"])
    assert 0 not in result.short.values()


@PROPERTY
@given(problems(max_conflict_share=0.5, with_existing=True))
def test_allocate_adds_only_fresh_unconflicted_pairs(problem):
    result = run(problem)

    assert len(result.new_pairs) == len(set(result.new_pairs))
    assert not set(result.new_pairs) & set(problem["conflicts"])
    assert not set(result.new_pairs) & set(problem["existing"])
    assert all(judge in problem["judges"] for judge, _ in result.new_pairs)
    assert all(entry in problem["entries"] for _, entry in result.new_pairs)


@PROPERTY
@given(problems(max_conflict_share=0))
def test_loads_differ_by_at_most_one_without_conflicts(problem):
    result = run(problem)

    judge_loads = loads(problem["judges"], result.new_pairs)
    assert max(judge_loads) - min(judge_loads) <= 1


@PROPERTY
@given(problems(max_conflict_share=0.1, with_existing=True))
def test_loads_differ_by_at_most_one_exactly_when_achievable(problem):
    result = run(problem)

    final = valid_pairs(problem, set(problem["existing"]) | set(result.new_pairs))
    judge_loads = loads(problem["judges"], final)
    achievable = balance_within_one_is_achievable(problem)
    event(f"balance within one achievable: {achievable}")
    assert (max(judge_loads) - min(judge_loads) <= 1) == achievable


@PROPERTY
@given(problems(max_conflict_share=0.5, with_existing=True, max_entries=10, max_judges=6))
def test_small_panels_with_many_conflicts_balance_exactly_when_achievable(problem):
    result = run(problem)

    final = valid_pairs(problem, set(problem["existing"]) | set(result.new_pairs))
    judge_loads = loads(problem["judges"], final)
    achievable = balance_within_one_is_achievable(problem)
    event(f"balance within one achievable: {achievable}")
    assert (max(judge_loads) - min(judge_loads) <= 1) == achievable


@PROPERTY
@given(problems(max_conflict_share=0.1, with_existing=True))
def test_same_inputs_and_seed_give_the_same_allocation(problem):
    first = run(problem)
    # Same collections handed over in a different iteration order.
    second = run(
        problem,
        conflicts=sorted(problem["conflicts"], reverse=True),
        existing=sorted(problem["existing"], reverse=True),
    )

    assert first == second


@PROPERTY
@given(problems(max_conflict_share=0.1, with_existing=True))
def test_rerun_with_previous_result_adds_nothing(problem):
    first = run(problem)

    second = run(problem, existing=set(problem["existing"]) | set(first.new_pairs))

    assert second.new_pairs == []
    assert second.short == first.short


@PROPERTY
@given(problems(max_conflict_share=0.1), st.data())
def test_rerun_after_removals_fills_only_the_gaps(problem, data):
    allocated = run(problem).new_pairs
    removed = data.draw(st.sets(st.sampled_from(allocated)) if allocated else st.just(set()))
    kept = [pair for pair in allocated if pair not in removed]

    refill = run(problem, existing=kept)

    assert len(refill.new_pairs) == len(removed)
    assert not set(refill.new_pairs) & set(kept)
    before = Counter(entry for _, entry in allocated)
    after = Counter(entry for _, entry in kept + refill.new_pairs)
    assert after == before
