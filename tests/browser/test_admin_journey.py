"""Journey 3: an award administrator triages a nomination, sets up a round, allocates it and records
the winner, all in the Wagtail admin.

Award staff sign in with their authenticator app, like judges.
"""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from awards.models import AwardPage, Nomination
from judging import services as judging_services
from judging.models import Assignment, Round
from tests.auth import enable_totp
from tests.factories import AwardPageFactory, judge_user, staff_user, submitted_nomination

from .harness import BROWSER_TEST
from .steps import (
    admin_allocate,
    admin_announce_results,
    admin_create_round,
    admin_mark_eligible,
    admin_record_outcome,
    enter_mfa_code,
    sign_in,
)

pytestmark = BROWSER_TEST


def _judge_scores(assignment, value: int):
    """The judge's part, done through the services (journey 2 does it in the browser)."""
    card = assignment.scorecard
    scores = {c.pk: (value, "") for c in assignment.round.award.ordered_criteria}
    card = judging_services.scorecard_save(
        scorecard=card, by=assignment.judge, version=card.version, scores=scores
    )
    judging_services.scorecard_submit(scorecard=card, by=assignment.judge)


def test_an_administrator_triages_allocates_and_records_a_winner(new_page):
    award = AwardPageFactory()
    nomination = submitted_nomination(award=award)
    judge = judge_user()
    staff = staff_user()
    page = new_page("administrator", viewport={"width": 1366, "height": 900})
    opens = timezone.localtime() - timedelta(hours=1)

    secret = enable_totp(staff)
    sign_in(page, staff.email)
    enter_mfa_code(page, secret)
    admin_mark_eligible(page, nomination.reference)
    # Nominations close; the round then runs for two weeks after them.
    AwardPage.objects.filter(pk=award.pk).update(closes_at=timezone.now() - timedelta(hours=2))
    admin_create_round(
        page,
        award_title=award.title,
        name="Final",
        opens=opens.strftime("%Y-%m-%d %H:%M"),
        closes=(opens + timedelta(days=14)).strftime("%Y-%m-%d %H:%M"),
        judges_per_entry=1,
    )
    admin_allocate(page, "Final")

    round_ = Round.objects.get(award=award, name="Final")
    allocated = Assignment.objects.get(round=round_)
    assert allocated.judge == judge and allocated.nomination == nomination
    _judge_scores(allocated, 4)
    # The round is still open: the decision is early, and confirmed with a reason.
    admin_record_outcome(
        page,
        "Final",
        nomination.reference,
        outcome="Winner",
        rationale="Highest score; exemplary",
        early_reason="The only entry, and every scorecard is in.",
    )

    expect(page.get_by_role("row").filter(has_text=nomination.reference)).to_contain_text("Winner")
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WINNER
    award.refresh_from_db()
    assert not award.results_announced()

    admin_announce_results(page, award.year)
    award.refresh_from_db()
    assert award.results_announced()
