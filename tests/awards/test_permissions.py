"""Every predicate in awards/permissions.py, asked about every kind of person, against a table of the
answers (the people and records are tests/roles.py's); and deleting one's own account, which must be
for exactly those who are not privileged (home.permissions.is_privileged), the same people the second
factor leaves alone."""

import pytest
from django.urls import reverse

import awards.permissions
from awards.permissions import (
    can_decide_membership,
    can_download_evidence,
    can_edit_nomination,
    can_mark_eligibility,
    can_start_nomination,
    can_submit_nomination,
    can_view_nomination,
    can_withdraw_nomination,
    is_officer,
    is_officer_of,
)
from awards.privacy import can_delete_own_account
from home.mfa import needs_mfa
from home.permissions import is_privileged
from tests.roles import World, table_cases, untested_predicates

pytestmark = pytest.mark.django_db

# What is asked, by name: (predicate, how it is asked of a person in the world).
QUESTIONS = {
    "officer": (is_officer, lambda user, w: is_officer(user)),
    "officer of A": (is_officer_of, lambda user, w: is_officer_of(user, w.council_a.pk)),
    "start A, open": (
        can_start_nomination,
        lambda user, w: can_start_nomination(user, w.council_a, w.award),
    ),
    "start A, closed": (
        can_start_nomination,
        lambda user, w: can_start_nomination(user, w.council_a, w.closed_award),
    ),
    "view A's draft": (can_view_nomination, lambda user, w: can_view_nomination(user, w.draft_a)),
    "edit A's draft": (can_edit_nomination, lambda user, w: can_edit_nomination(user, w.draft_a)),
    "edit A's entry": (can_edit_nomination, lambda user, w: can_edit_nomination(user, w.entry_a)),
    "submit A's draft": (
        can_submit_nomination,
        lambda user, w: can_submit_nomination(user, w.draft_a),
    ),
    "withdraw A's draft": (
        can_withdraw_nomination,
        lambda user, w: can_withdraw_nomination(user, w.draft_a),
    ),
    "withdraw A's entry": (
        can_withdraw_nomination,
        lambda user, w: can_withdraw_nomination(user, w.entry_a),
    ),
    "download A's evidence": (
        can_download_evidence,
        lambda user, w: can_download_evidence(user, w.evidence_a),
    ),
    "mark eligibility": (can_mark_eligibility, lambda user, w: can_mark_eligibility(user)),
    "decide a request to A": (
        can_decide_membership,
        lambda user, w: can_decide_membership(user, w.pending_a),
    ),
    "decide a removed member's": (
        can_decide_membership,
        lambda user, w: can_decide_membership(user, w.removed_a),
    ),
}

T, F = True, False
# A's entry is submitted and eligible, so it no longer changes; A's evidence is the entry's, which the
# judge assigned to it reads (judging registers that reader). Officers of B see nothing of A's.
EXPECTED = {
    #                            anon  off_a off_b j_asg j_un  j_con staff edit  super
    "officer":                   (F,   T,    T,    F,    F,    F,    F,    F,    F),
    "officer of A":              (F,   T,    F,    F,    F,    F,    F,    F,    F),
    "start A, open":             (F,   T,    F,    F,    F,    F,    F,    F,    F),
    "start A, closed":           (F,   F,    F,    F,    F,    F,    F,    F,    F),
    "view A's draft":            (F,   T,    F,    F,    F,    F,    T,    F,    T),
    "edit A's draft":            (F,   T,    F,    F,    F,    F,    F,    F,    F),
    "edit A's entry":            (F,   F,    F,    F,    F,    F,    F,    F,    F),
    "submit A's draft":          (F,   T,    F,    F,    F,    F,    F,    F,    F),
    "withdraw A's draft":        (F,   T,    F,    F,    F,    F,    F,    F,    F),
    "withdraw A's entry":        (F,   F,    F,    F,    F,    F,    F,    F,    F),
    "download A's evidence":     (F,   T,    F,    T,    F,    F,    T,    F,    T),
    "mark eligibility":          (F,   F,    F,    F,    F,    F,    T,    F,    T),
    "decide a request to A":     (F,   T,    F,    F,    F,    F,    T,    F,    T),
    "decide a removed member's": (F,   F,    F,    F,    F,    F,    T,    F,    T),
}  # fmt: skip


@pytest.fixture
def world(request):
    return World(request)


@pytest.mark.parametrize(("ask", "role", "expected"), table_cases(EXPECTED, QUESTIONS))
def test_permission(ask, role, expected, world):
    assert ask(world.person(role), world) is expected


def test_every_predicate_in_the_module_has_a_yes_and_a_no_in_the_table():
    assert untested_predicates(awards.permissions, EXPECTED, QUESTIONS) == {}


# --- one answer to "who is privileged" --------------------------------------------------------

# Officers delete their own accounts; everyone else who has a role keeps theirs for the award team to
# close. The anonymous have no account: the page asks them to sign in first.
MAY_DELETE_OWN_ACCOUNT = {
    "anonymous": T,
    "officer_a": T,
    "officer_b": T,
    "judge_assigned": F,
    "judge_unassigned": F,
    "judge_conflicted": F,
    "staff": F,
    "editor": F,
    "superuser": F,
}


@pytest.mark.parametrize(("role", "may_delete"), MAY_DELETE_OWN_ACCOUNT.items())
def test_deleting_ones_own_account_is_for_whoever_is_not_privileged(role, may_delete, world):
    user = world.person(role)

    assert can_delete_own_account(user) is may_delete
    assert is_privileged(user) is not may_delete
    assert needs_mfa(user, reverse("wagtailadmin_home")) is not may_delete
    assert needs_mfa(user, reverse("awards:nomination_list")) is not may_delete
