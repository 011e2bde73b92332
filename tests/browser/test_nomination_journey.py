"""Journey 1: a council officer fills in every task of a nomination and submits it, with a mouse,
with the keyboard alone, and with JavaScript switched off.

The officer is already a verified member of their council. When sign-up and email verification land,
they become the first steps of these journeys (sign_up, verify_email in steps.py) in place of the
ready-made officer.
"""

import pytest
from playwright.sync_api import expect

from awards.models import Nomination
from tests.factories import AwardPageFactory, council_of, officer_user, pdf_bytes

from .harness import BROWSER_TEST
from .steps import (
    POINTER,
    Keyboard,
    check_answers_and_submit,
    fill_every_task,
    sign_in,
    start_nomination,
)

pytestmark = BROWSER_TEST


@pytest.fixture
def evidence_path(tmp_path):
    path = tmp_path / "Hubs evaluation 2026.pdf"
    path.write_bytes(pdf_bytes("Evaluation of the neighbourhood hubs"))
    return path


def _officer_nominates(page, *, how, evidence_path):
    award = AwardPageFactory()
    officer = officer_user()
    sign_in(page, officer.email, how=how)
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
    nomination = Nomination.objects.get(award=award, council=council_of(officer))
    assert nomination.status == Nomination.Status.SUBMITTED
    assert reference == nomination.reference == f"KIL-{award.year}-0001"
    assert nomination.evidence.get().original_name == evidence_path.name
    assert nomination.statements.exclude(text="").count() == 6
    return nomination


def test_an_officer_fills_every_task_and_submits(new_page, evidence_path):
    page = new_page("officer")
    _officer_nominates(page, how=POINTER, evidence_path=evidence_path)


def test_an_officer_nominates_with_the_keyboard_alone(new_page, evidence_path):
    page = new_page("officer")
    keyboard = Keyboard()
    _officer_nominates(page, how=keyboard, evidence_path=evidence_path)
    # Forwards and backwards through the fields, Enter on links and buttons, Space on check boxes
    # and on the submit button. The file itself is set on the focused file input (see Keyboard).
    assert {"Tab", "Shift+Tab", "Enter", "Space"} <= set(keyboard.presses), keyboard.presses


def test_an_officer_nominates_with_javascript_off(new_page, evidence_path):
    page = new_page("officer", javascript=False)
    nomination = _officer_nominates(page, how=POINTER, evidence_path=evidence_path)
    # Nothing on the way depended on site.js: it never ran.
    assert page.evaluate("document.documentElement.classList.contains('kil-js-enabled')") is False
    assert nomination.declaration_confirmed
    expect(page.get_by_role("heading", name="Nomination submitted")).to_be_visible()
