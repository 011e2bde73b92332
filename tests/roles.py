"""The people and records the permission tables ask about (tests/*/test_permissions.py): councils A
and B with an officer each, A's draft in an open award, A's entry in another (submitted, eligible,
with evidence, in an open round where judges see the others' scores after submitting), and one
person of each kind.

Made lazily, through the fixtures in tests/conftest.py and the factories: a case makes only the
people and records it asks about. Each person is a fresh user object, as each request has: roles
are cached on it."""

from functools import cached_property

import pytest
from django.contrib.auth import get_user_model

from awards.memberships import membership_remove, membership_request
from home.permissions import anonymous
from judging import services as judging_services
from tests.factories import (
    AwardPageFactory,
    NominationFactory,
    RoundFactory,
    UserFactory,
    assignment,
    council_of,
    eligible_nomination,
    judge_user,
    officer_user,
)

ROLES = (
    "anonymous",
    "officer_a",
    "officer_b",
    "judge_assigned",
    "judge_unassigned",
    "judge_conflicted",
    "staff",
    "editor",
    "superuser",
)


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


class World:
    def __init__(self, request):
        self._fixture = request.getfixturevalue

    def person(self, role: str):
        match role:
            case "anonymous":
                return anonymous()
            case "officer_a":
                return self._fixture("officer")
            case "officer_b":
                return self._fixture("other_officer")
            case "judge_assigned":
                return _fresh(self.assignment_a.judge)
            case "judge_unassigned":
                return judge_user()
            case "judge_conflicted":
                return _fresh(self.conflict_a.judge)
            case "staff" | "editor":
                return self._fixture(role)
            case "superuser":
                return UserFactory(is_superuser=True)
        raise AssertionError(f"no such role: {role}")

    @cached_property
    def award(self):
        return self._fixture("open_award")

    @cached_property
    def judged_award(self):
        """Open too, but a second award: a council has one nomination per award."""
        return AwardPageFactory()

    @cached_property
    def closed_award(self):
        return self._fixture("closed_award")

    @cached_property
    def council_a(self):
        return council_of(self._fixture("officer"))

    @cached_property
    def council_b(self):
        return council_of(self._fixture("other_officer"))

    @cached_property
    def draft_a(self):
        return NominationFactory(award=self.award, council=self.council_a)

    @cached_property
    def entry_a(self):
        return eligible_nomination(award=self.judged_award, council=self.council_a)

    @cached_property
    def evidence_a(self):
        return self.entry_a.evidence.get()

    @cached_property
    def round_a(self):
        return RoundFactory(award=self.judged_award, others_scores_after_submit=True)

    @cached_property
    def assignment_a(self):
        """The assigned judge's, opened (no conflict confirmed), with a draft scorecard."""
        return assignment(
            round=self.round_a, judge=judge_user(), nomination=self.entry_a, opened=True
        )

    @cached_property
    def scorecard_a(self):
        return self.assignment_a.scorecard

    @cached_property
    def submitted_scorecard_a(self):
        card = self.scorecard_a
        card = judging_services.scorecard_save(
            scorecard=card,
            by=self.assignment_a.judge,
            version=card.version,
            scores={c.pk: (1, "") for c in self.judged_award.ordered_criteria},
        )
        return judging_services.scorecard_submit(scorecard=card, by=self.assignment_a.judge)

    @cached_property
    def conflict_a(self):
        judge = judge_user()
        return judging_services.conflict_declare(
            judge=judge,
            award=self.judged_award,
            council=self.council_a,
            reason="I chair a charity council A funds.",
            by=judge,
        )

    @cached_property
    def pending_a(self):
        """Someone outside asking to join council A."""
        return membership_request(
            user=UserFactory(email="newcomer@elsewhere.example.org"), council=self.council_a
        )

    @cached_property
    def removed_a(self):
        """A former officer of council A the award team took out, asking to join again."""
        former = officer_user(council=self.council_a)
        membership = former.council_memberships.get()
        membership_remove(membership=membership, by=self._fixture("staff"))
        return membership_request(user=former, council=self.council_a)


def table_cases(expected: dict, questions: dict) -> list:
    """One pytest case per (question, role) cell of a table; a cell of None is a question nobody
    asks that person, and is left out."""
    return [
        pytest.param(questions[question][1], role, answer, id=f"{question}-{role}")
        for question, row in expected.items()
        for role, answer in zip(ROLES, row, strict=True)
        if answer is not None
    ]


def untested_predicates(module, expected: dict, questions: dict) -> dict:
    """The bool predicates of `module` the table leaves out, or asks with only one answer: what
    every table must leave empty."""
    answers: dict = {}
    for question, (predicate, _ask) in questions.items():
        answers.setdefault(predicate, set()).update(a for a in expected[question] if a is not None)
    predicates = {
        value
        for value in vars(module).values()
        if callable(value)
        and getattr(value, "__module__", None) == module.__name__
        and getattr(value, "__annotations__", {}).get("return") is bool
    }
    gaps = {p.__name__: "not in the table" for p in predicates - set(answers)}
    gaps.update({p.__name__: sorted(seen) for p, seen in answers.items() if seen != {True, False}})
    gaps.update({p.__name__: "not in the module" for p in set(answers) - predicates})
    return gaps
