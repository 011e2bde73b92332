"""Journey 2: a judge, on a tablet, signs in with their authenticator app, declares a conflict of
interest, opens each entry assigned to them (saying they have no conflict with it), scores every
principle, moves on with "Save and go to next entry", and submits both scorecards."""

import re

from playwright.sync_api import expect

from judging.models import ConflictDeclaration, Scorecard
from tests.auth import enable_totp
from tests.factories import (
    AwardPageFactory,
    RoundFactory,
    assignment,
    eligible_nomination,
    judge_user,
)

from .harness import BROWSER_TEST
from .steps import (
    check_page,
    confirm_no_conflict,
    declare_conflicts,
    enter_mfa_code,
    heading,
    open_assigned_entry,
    save_and_next,
    score_principle,
    sign_in,
    submit_scores,
)

pytestmark = BROWSER_TEST

TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}


def _score_every_principle(page, scores):
    for number, score in enumerate(scores, start=1):
        score_principle(page, number=number, score=score, comment=f"Comment on {number}")


def test_a_judge_declares_a_conflict_and_scores_with_save_and_next(new_page):
    award = AwardPageFactory()
    first, second, conflicted = (eligible_nomination(award=award) for _ in range(3))
    round_ = RoundFactory(award=award, judges_per_entry=1)
    judge = judge_user()
    secret = enable_totp(judge)
    cards = [assignment(round=round_, judge=judge, nomination=n) for n in (first, second)]
    page = new_page("judge", **TABLET)

    sign_in(page, judge.email)
    enter_mfa_code(page, secret)
    declare_conflicts(
        page, award.year, [(conflicted.council.name, "I chair one of its partner charities.")]
    )
    expect(page.get_by_text("0 of 2 scored")).to_be_visible()
    open_assigned_entry(page, first.reference)
    _score_every_principle(page, ["4", "3", "5", "2", "4", "Not applicable"])
    save_and_next(page)
    confirm_no_conflict(page, second.reference)
    _score_every_principle(page, ["3", "3", "4", "4", "2", "3"])
    submit_scores(page)
    # Submitting opens the entry still to score: the first one, saved as a draft.
    confirm_no_conflict(page, first.reference)
    expect(page.get_by_role("radio", name=re.compile(r"^4\b")).first).to_be_checked()
    submit_scores(page)

    expect(page.get_by_text("You have no more entries to score in this round.")).to_be_visible()
    expect(heading(page, "Your judging")).to_be_visible()
    check_page(page)
    expect(page.get_by_text("2 of 2 scored")).to_be_visible()
    statuses = {card.nomination: card.scorecard.status for card in cards}
    for card in cards:
        card.scorecard.refresh_from_db()
    assert {c.nomination: c.scorecard.status for c in cards} == dict.fromkeys(
        statuses, Scorecard.Status.SUBMITTED
    )
    values = dict(cards[0].scorecard.scores.values_list("criterion__principle__number", "value"))
    assert values == {1: 4, 2: 3, 3: 5, 4: 2, 5: 4, 6: None}
    assert ConflictDeclaration.objects.get(judge=judge).council == conflicted.council


def test_a_late_conflict_without_a_reason_keeps_the_scores_typed_so_far(new_page):
    award = AwardPageFactory()
    entry = eligible_nomination(award=award)
    judge = judge_user()
    secret = enable_totp(judge)
    assignment(round=RoundFactory(award=award), judge=judge, nomination=entry)
    page = new_page("judge")

    sign_in(page, judge.email)
    enter_mfa_code(page, secret)
    open_assigned_entry(page, entry.reference)
    score_principle(page, number=1, score="3", comment="Typed before noticing the conflict")
    page.get_by_text("I have a conflict of interest with this entry").click()
    page.get_by_role("button", name="Declare conflict and remove this entry").click()

    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_visible()
    expect(page.get_by_label("Comment on principle 1")).to_have_value(
        "Typed before noticing the conflict"
    )
    group = page.get_by_role("group", name="Score for principle 1")
    expect(group.get_by_role("radio", name=re.compile(r"^3\b"))).to_be_checked()
    check_page(page)
