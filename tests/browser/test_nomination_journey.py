"""Journey 1: a council officer creates an account with their work email address, confirms it (and so
joins their council, whose email domain is registered), fills in every task of a nomination and
submits it: with a mouse, with the keyboard alone, and with JavaScript switched off."""

import pytest
from playwright.sync_api import expect

from awards.models import Nomination
from tests.factories import AwardPageFactory, CouncilFactory, pdf_bytes

from .harness import BROWSER_TEST
from .steps import (
    POINTER,
    Keyboard,
    check_answers_and_submit,
    fill_every_task,
    sign_in,
    sign_up,
    start_nomination,
    verify_email,
)

pytestmark = BROWSER_TEST


@pytest.fixture
def evidence_path(tmp_path):
    path = tmp_path / "Hubs evaluation 2026.pdf"
    path.write_bytes(pdf_bytes("Evaluation of the neighbourhood hubs"))
    return path


def _officer_nominates(page, mailbox, *, how, evidence_path):
    award = AwardPageFactory()
    council = CouncilFactory(name="Northshire Council", email_domains="northshire.gov.uk")
    email = "asha.khan@northshire.gov.uk"
    sign_up(
        page,
        first_name="Asha",
        last_name="Khan",
        email=email,
        password="community-hubs-2026",
        how=how,
    )
    verify_email(page, mailbox, email, how=how)
    sign_in(page, email, "community-hubs-2026", how=how)
    start_nomination(page, how)
    fill_every_task(page, award, evidence_path=evidence_path, how=how)
    reference = check_answers_and_submit(
        page,
        expected=[
            "Community hubs in every neighbourhood",
            "Eastfield Food Bank",
            "What we did for principle 6",
            evidence_path.name,
        ],
        how=how,
        key="Space" if isinstance(how, Keyboard) else "Enter",
    )
    nomination = Nomination.objects.get(award=award, council=council)
    assert nomination.status == Nomination.Status.SUBMITTED
    assert reference == nomination.reference == f"KIL-{award.year}-0001"
    assert nomination.evidence.get().original_name == evidence_path.name
    assert nomination.statements.exclude(text="").count() == 6
    assert list(nomination.partner_organisations.values_list("name", flat=True)) == [
        "Northside Community Association",
        "Eastfield Food Bank",
    ]
    assert nomination.submitted_by.email == email
    return nomination


def test_an_officer_signs_up_fills_every_task_and_submits(new_page, mailoutbox, evidence_path):
    page = new_page("officer")
    _officer_nominates(page, mailoutbox, how=POINTER, evidence_path=evidence_path)


def test_an_officer_nominates_with_the_keyboard_alone(new_page, mailoutbox, evidence_path):
    page = new_page("officer")
    keyboard = Keyboard()
    _officer_nominates(page, mailoutbox, how=keyboard, evidence_path=evidence_path)
    # Forwards and backwards through the fields, Enter on links and buttons, Space on check boxes
    # and on the submit button. The file itself is set on the focused file input (see Keyboard).
    assert {"Tab", "Shift+Tab", "Enter", "Space"} <= set(keyboard.presses), keyboard.presses


def test_an_officer_nominates_with_javascript_off(new_page, mailoutbox, evidence_path):
    page = new_page("officer", javascript=False)
    nomination = _officer_nominates(page, mailoutbox, how=POINTER, evidence_path=evidence_path)
    # Nothing on the way depended on site.js: it never ran.
    assert page.evaluate("document.documentElement.classList.contains('kil-js-enabled')") is False
    assert nomination.declaration_confirmed
    expect(page.get_by_role("heading", name="Nomination submitted")).to_be_visible()
