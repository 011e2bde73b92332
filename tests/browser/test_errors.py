"""Errors, GOV.UK style: a summary at the top that takes focus and links to each field, the message
next to the field, and a page title starting "Error: " so a screen reader hears it first."""

import re

import pytest
from playwright.sync_api import expect

from tests.auth import enable_totp
from tests.factories import (
    AwardPageFactory,
    NominationFactory,
    RoundFactory,
    assignment,
    council_of,
    eligible_nomination,
    judge_user,
    officer_user,
)

from .harness import BROWSER_TEST
from .steps import (
    check_page,
    enter_mfa_code,
    expect_error_summary,
    follow_error_link,
    heading,
    open_assigned_entry,
    save_and_continue,
    sign_in,
)

pytestmark = BROWSER_TEST


def _draft_for(officer, **kwargs):
    return NominationFactory(
        award=AwardPageFactory(), council=council_of(officer), declaration_confirmed=False, **kwargs
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_section_with_an_error_shows_the_summary_and_links_to_the_field(new_page, javascript):
    officer = officer_user()
    nomination = _draft_for(officer)
    page = new_page("officer", javascript=javascript)
    sign_in(page, officer.email)
    page.goto(f"/nominations/{nomination.uuid}/declaration/")
    expect(heading(page, "Declarations and consent")).to_be_visible()

    save_and_continue(page)

    error = "Confirm that the information is accurate"
    summary = expect_error_summary(page, error)
    checkbox = page.get_by_role("checkbox", name=re.compile("^I confirm that the information"))
    expect(checkbox).to_have_attribute("aria-invalid", "true")
    if javascript:
        expect(summary).to_be_focused()
    follow_error_link(page, summary, error, checkbox)


def test_an_over_long_summary_is_saved_with_a_warning_and_stops_submit(page):
    officer = officer_user()
    nomination = _draft_for(officer)
    limit = nomination.award.summary_word_limit
    too_long = " ".join(["word"] * (limit + 5))
    sign_in(page, officer.email)
    page.goto(f"/nominations/{nomination.uuid}/about/")
    check_page(page)
    page.get_by_label("Summary").fill(too_long)

    save_and_continue(page)

    # A draft is never refused for its length: saved, with a warning until it is shortened.
    warning = f"Your summary is {limit + 5} words. It has been saved, but it must be {limit} words"
    expect(heading(page, "The partnership")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(warning)
    check_page(page)
    nomination.refresh_from_db()
    assert nomination.summary == too_long
    page.goto(f"/nominations/{nomination.uuid}/about/")
    expect(page.get_by_text(warning)).to_be_visible()
    expect(page.get_by_label("Summary")).to_have_value(too_long)
    check_page(page)
    page.goto(f"/nominations/{nomination.uuid}/check/")
    expect(page.get_by_text("Shorten your summary")).to_be_visible()
    check_page(page)


def test_an_upload_without_a_file_is_an_error_on_the_file_input(page):
    officer = officer_user()
    nomination = _draft_for(officer)
    sign_in(page, officer.email)
    page.goto(f"/nominations/{nomination.uuid}/evidence/")
    page.get_by_role("button", name="Upload file").click()

    summary = expect_error_summary(page, "Select a file")
    expect(summary).to_be_focused()
    follow_error_link(page, summary, "Select a file", page.get_by_label("Upload a file"))


def test_submitting_an_unfinished_scorecard_shows_the_summary(new_page):
    nomination = eligible_nomination()
    judge = judge_user()
    assignment(round=RoundFactory(award=nomination.award), judge=judge, nomination=nomination)
    secret = enable_totp(judge)
    page = new_page("judge")
    sign_in(page, judge.email)
    enter_mfa_code(page, secret)
    open_assigned_entry(page, nomination.reference)

    page.get_by_role("button", name="Submit scores").click()

    errors = [f"Select a score for principle {number}" for number in range(1, 7)]
    summary = expect_error_summary(page, *errors)
    expect(summary).to_be_focused()
    expect(page).to_have_title(f"Error: Score {nomination.reference} – Keep it Local Award")
    first_radio = page.get_by_role("group", name="Score for principle 1").get_by_role("radio").first
    follow_error_link(page, summary, errors[0], first_radio)
    follow_error_link(
        page,
        summary,
        errors[5],
        page.get_by_role("group", name="Score for principle 6").get_by_role("radio").first,
    )
