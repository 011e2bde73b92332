"""Journey 2: a judge, on a tablet, opens the entry assigned to them, scores every principle and submits.

When MFA and conflict declarations land, `enter_mfa_code` follows `sign_in` and `declare_conflicts`
comes before `open_assigned_entry`; save-and-next replaces `submit_scores` for all but the last entry.
"""

from playwright.sync_api import expect

from judging.models import Scorecard
from tests.factories import RoundFactory, assignment, eligible_nomination, judge_user

from .harness import BROWSER_TEST
from .steps import check_page, heading, open_assigned_entry, score_principle, sign_in, submit_scores

pytestmark = BROWSER_TEST

TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}


def test_a_judge_scores_every_principle_and_submits(new_page):
    nomination = eligible_nomination()
    round_ = RoundFactory(award=nomination.award, judges_per_entry=1)
    judge = judge_user()
    assigned = assignment(round=round_, judge=judge, nomination=nomination)
    page = new_page("judge", **TABLET)

    sign_in(page, judge.email)
    expect(page.get_by_text("0 of 1 scored")).to_be_visible()
    open_assigned_entry(page, nomination.reference)
    for number, score in zip(range(1, 7), ["4", "3", "5", "2", "4", "Not applicable"], strict=True):
        score_principle(page, number=number, score=score, comment=f"Comment on {number}")
    submit_scores(page)

    expect(page.get_by_text("1 of 1 scored")).to_be_visible()
    expect(page.get_by_role("table", name="Entries assigned to you")).to_contain_text("Submitted")
    card = Scorecard.objects.get(assignment=assigned)
    assert card.status == Scorecard.Status.SUBMITTED
    values = dict(card.scores.values_list("criterion__principle__number", "value"))
    assert values == {1: 4, 2: 3, 3: 5, 4: 2, 5: 4, 6: None}
    # The submitted scorecard is locked: the judge sees their scores and no form.
    page.get_by_role("link", name=nomination.reference).click()
    expect(page.get_by_text("You have submitted this scorecard. It is locked.")).to_be_visible()
    expect(page.get_by_role("button", name="Submit scores")).to_have_count(0)
    check_page(page)
    expect(heading(page, nomination.council.name)).to_be_visible()
