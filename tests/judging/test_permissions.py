"""Every predicate in judging/permissions.py, asked about every kind of person, against a table of
the answers (the people and records are tests/roles.py's: A's entry, in an open round, assigned to
one judge who has opened it; another judge declared a conflict with council A)."""

import pytest

import judging.permissions
from judging.permissions import (
    can_manage_judging,
    can_read_entry,
    can_read_feedback,
    can_score,
    can_see_other_scores,
    can_view_assignment,
    judge_has_conflict,
    judge_is_assigned_to,
)
from tests.factories import announce_results
from tests.roles import World, table_cases, untested_predicates

pytestmark = pytest.mark.django_db


def _feedback_after_announcement(user, w):
    announce_results(w.entry_a.award)
    return can_read_feedback(user, w.entry_a)


# What is asked, by name: (predicate, how it is asked of a person in the world).
QUESTIONS = {
    "conflict with A's entry": (
        judge_has_conflict,
        lambda user, w: judge_has_conflict(user, w.entry_a),
    ),
    "assigned to A's entry": (
        judge_is_assigned_to,
        lambda user, w: judge_is_assigned_to(user, w.entry_a),
    ),
    "view the assignment": (
        can_view_assignment,
        lambda user, w: can_view_assignment(user, w.assignment_a),
    ),
    "read the entry": (can_read_entry, lambda user, w: can_read_entry(user, w.assignment_a)),
    "score, draft": (can_score, lambda user, w: can_score(user, w.scorecard_a)),
    "score, submitted": (can_score, lambda user, w: can_score(user, w.submitted_scorecard_a)),
    "others' scores, draft": (
        can_see_other_scores,
        lambda user, w: can_see_other_scores(user, w.scorecard_a),
    ),
    "others' scores, submitted": (
        can_see_other_scores,
        lambda user, w: can_see_other_scores(user, w.submitted_scorecard_a),
    ),
    "manage judging": (can_manage_judging, lambda user, w: can_manage_judging(user)),
    "feedback, before results": (
        can_read_feedback,
        lambda user, w: can_read_feedback(user, w.entry_a),
    ),
    "feedback, after results": (can_read_feedback, _feedback_after_announcement),
}

T, F, N = True, False, None
# The scorecard is the assigned judge's own; "others' scores" is whether they may see the rest of
# the panel's (the round allows it once their own are in). N: not asked, because no caller asks it
# (judge_has_conflict is asked only about signed-in judges).
EXPECTED = {
    #                            anon  off_a off_b j_asg j_un  j_con staff edit  super
    "conflict with A's entry":   (N,   F,    F,    F,    F,    T,    F,    F,    F),
    "assigned to A's entry":     (F,   F,    F,    T,    F,    F,    F,    F,    F),
    "view the assignment":       (F,   F,    F,    T,    F,    F,    F,    F,    F),
    "read the entry":            (F,   F,    F,    T,    F,    F,    F,    F,    F),
    "score, draft":              (F,   F,    F,    T,    F,    F,    F,    F,    F),
    "score, submitted":          (F,   F,    F,    F,    F,    F,    F,    F,    F),
    "others' scores, draft":     (F,   F,    F,    F,    F,    F,    F,    F,    F),
    "others' scores, submitted": (F,   F,    F,    T,    F,    F,    F,    F,    F),
    "manage judging":            (F,   F,    F,    F,    F,    F,    T,    F,    T),
    "feedback, before results":  (F,   F,    F,    F,    F,    F,    T,    F,    T),
    "feedback, after results":   (F,   T,    F,    F,    F,    F,    T,    F,    T),
}  # fmt: skip


@pytest.fixture
def world(request):
    return World(request)


@pytest.mark.parametrize(("ask", "role", "expected"), table_cases(EXPECTED, QUESTIONS))
def test_permission(ask, role, expected, world):
    assert ask(world.person(role), world) is expected


def test_every_predicate_in_the_module_has_a_yes_and_a_no_in_the_table():
    assert untested_predicates(judging.permissions, EXPECTED, QUESTIONS) == {}
