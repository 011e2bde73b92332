"""Nothing typed is lost when a session ends: a judge's scorecard submitted after the session was
removed comes back after signing in again; an officer's autosave says at once that they were signed
out, and saves once they have signed in again in another tab; the idle warning and "Stay signed in"."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from home.security import IDLE_MARK
from judging.models import Scorecard
from tests.auth import enable_totp
from tests.factories import (
    PASSWORD,
    AwardPageFactory,
    NominationFactory,
    RoundFactory,
    assignment,
    council_of,
    eligible_nomination,
    judge_user,
    officer_user,
)

from .conftest import LEDGER
from .harness import BROWSER_TEST, PageAudit
from .steps import (
    AUDITS,
    check_page,
    confirm_no_conflict,
    enter_mfa_code,
    heading,
    open_assigned_entry,
    score_principle,
    sign_in,
    submit_scores,
)

pytestmark = BROWSER_TEST

SCORES = ["4", "3", "5", "2", "4", "1"]
OVERALL = ("Clear, well evidenced work with its community partners. " * 45).strip()


def _end_every_session():
    """The session removed on the server (signed out elsewhere, or cleared by the award team)."""
    Session.objects.all().delete()


def test_a_judges_scorecard_submitted_after_the_session_ended_is_there_after_signing_in(new_page):
    award = AwardPageFactory()
    nomination = eligible_nomination(award=award)
    judge = judge_user()
    secret = enable_totp(judge)
    assigned = assignment(round=RoundFactory(award=award), judge=judge, nomination=nomination)
    page = new_page("judge")
    sign_in(page, judge.email)
    enter_mfa_code(page, secret)
    first_code_period = int(time.time()) // mfa_settings.TOTP_PERIOD
    open_assigned_entry(page, nomination.reference)
    for number, score in enumerate(SCORES, start=1):
        score_principle(page, number=number, score=score, comment=f"What I saw for {number}.")
    page.get_by_label("Overall comment").fill(OVERALL)

    _end_every_session()
    page.get_by_role("button", name="Submit scores").click()

    expect(heading(page, "Sign in")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(
        "You were signed out, so nothing was saved. What you typed has been kept: sign in to "
        "carry on."
    )
    check_page(page)
    page.get_by_label("Email address").fill(judge.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/"))
    check_page(page)
    # A code is accepted once: the judge waits for the app's next one, as they would.
    wait = (first_code_period + 1) * mfa_settings.TOTP_PERIOD - time.time()
    if wait > 0:
        page.wait_for_timeout((wait + 0.2) * 1000)
    enter_mfa_code(page, secret)

    confirm_no_conflict(page, nomination.reference)
    expect(page.get_by_role("status").filter(has_text="It has not been saved yet")).to_be_visible()
    for number, score in enumerate(SCORES, start=1):
        group = page.get_by_role("group", name=f"Score for principle {number}")
        expect(group.get_by_role("radio", name=re.compile(rf"^{score}\b"))).to_be_checked()
        expect(page.get_by_label(f"Comment on principle {number}")).to_have_value(
            f"What I saw for {number}."
        )
    expect(page.get_by_label("Overall comment")).to_have_value(OVERALL)
    assert not Scorecard.objects.get(assignment=assigned).scores.exists()

    submit_scores(page)
    check_page(page)
    card = Scorecard.objects.get(assignment=assigned)
    assert card.status == Scorecard.Status.SUBMITTED
    assert card.overall_comment == OVERALL
    assert [s.value for s in card.scores.order_by("criterion__principle__number")] == [
        int(s) for s in SCORES
    ]


def _tracked(request, audit_page, page, label):
    """A page the person opened themselves (a link to a new tab), checked with axe like the others."""
    AUDITS[page] = PageAudit(
        page,
        ledger=request.config.stash[LEDGER],
        audit_page_factory=audit_page,
        variant="JavaScript",
    )
    request.node.kil_pages.append((label, page))
    return page


def test_an_officers_autosave_says_they_were_signed_out_and_saves_after_signing_in_again(
    request, audit_page, page
):
    officer = officer_user()
    draft = NominationFactory(
        award=AwardPageFactory(), council=council_of(officer), title="", summary=""
    )
    page.clock.install()
    sign_in(page, officer.email)
    page.goto(f"/nominations/{draft.uuid}/about/")
    expect(heading(page, "About your organisation")).to_be_visible()
    check_page(page)
    page.get_by_label("Title of your nomination").fill("Community hubs")

    _end_every_session()
    page.clock.run_for("00:31")  # one autosave interval

    status = page.get_by_role("status").filter(has_text="You have been signed out")
    expect(status).to_contain_text("What you typed is still on this page.")
    link = status.get_by_role("link", name="Sign in again (opens in a new tab),")
    expect(link).to_have_attribute("target", "_blank")
    check_page(page)
    draft.refresh_from_db()
    assert draft.title == ""

    with page.context.expect_page() as opened:
        link.click()
    other_tab = _tracked(request, audit_page, opened.value, "officer, second tab")
    expect(heading(other_tab, "Sign in")).to_be_visible()
    check_page(other_tab)
    other_tab.get_by_label("Email address").fill(officer.email)
    other_tab.get_by_label("Password", exact=True).fill(PASSWORD)
    other_tab.get_by_role("button", name="Sign in", exact=True).click()
    expect(other_tab).not_to_have_url(re.compile(r"/accounts/login/"))
    check_page(other_tab)

    page.bring_to_front()
    page.clock.run_for("00:31")
    expect(
        page.get_by_role("status").filter(has_text="were saved automatically at")
    ).to_be_visible()
    draft.refresh_from_db()
    assert draft.title == "Community hubs"
    # Their own save from this tab, after signing in again in the other, is accepted too.
    page.get_by_label("Summary").fill("Six neighbourhood hubs")
    page.get_by_role("button", name="Save and come back later").click()
    expect(
        page.get_by_role("status").filter(has_text="Your answers have been saved.")
    ).to_be_visible()
    check_page(page)
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Community hubs", "Six neighbourhood hubs")


def _idle_for(page, seconds):
    """As if the judge's last request was `seconds` ago, on the server."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[IDLE_MARK] = time.time() - seconds
    session.save()


@pytest.fixture
def short_idle_limit(settings):
    settings.SESSION_IDLE_TIMEOUT_PRIVILEGED = 70  # the warning comes 35 seconds before


def test_the_idle_warning_offers_to_stay_signed_in_then_says_when_signed_out(
    short_idle_limit, page
):
    judge = judge_user()
    secret = enable_totp(judge)
    page.clock.install()
    sign_in(page, judge.email)
    enter_mfa_code(page, secret)
    expect(heading(page, "Your judging")).to_be_visible()
    warning = page.get_by_role("alertdialog", name="You are about to be signed out")
    expect(warning).to_be_hidden()

    _idle_for(page, 40)
    page.clock.run_for("00:36")

    expect(warning).to_be_visible()
    expect(warning).to_contain_text(re.compile(r"You will be signed out in (30|35) seconds"))
    stay = warning.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    check_page(page)
    with page.expect_response(lambda answer: "/session/stay-signed-in/" in answer.url) as stayed:
        stay.click()
    assert stayed.value.status == 200
    expect(warning).to_be_hidden()
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    assert time.time() - SessionStore(session_key=key)[IDLE_MARK] < 10

    _idle_for(page, 75)
    page.clock.run_for("00:36")

    ended = page.get_by_role("alertdialog", name="You have been signed out")
    expect(ended).to_be_visible()
    expect(ended).to_contain_text("What you typed on this page is still here.")
    check_page(page)
    ended.get_by_role("button", name="Close").click()
    expect(ended).to_be_hidden()
