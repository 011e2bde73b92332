"""Closing time is enforced on the server, to the second, in Europe/London."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from awards import services
from awards.models import Nomination
from tests.factories import AwardPageFactory, NominationFactory, council_of, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def complete_draft(officer):
    award = AwardPageFactory()
    nomination = NominationFactory(award=award, council=council_of(officer))
    services.evidence_add(nomination=nomination, by=officer, uploaded_file=pdf_file())
    return nomination


def test_submit_one_second_before_closing_is_accepted(complete_draft, officer, client_for):
    closes_at = complete_draft.award.closes_at

    with time_machine.travel(closes_at - dt.timedelta(seconds=1), tick=False):
        response = client_for(officer).post(
            reverse("awards:nomination_check", args=[complete_draft.uuid])
        )

    complete_draft.refresh_from_db()
    assert response.status_code == 302
    assert complete_draft.status == Nomination.Status.SUBMITTED


def test_submit_at_closing_time_is_refused_with_a_message(
    complete_draft, officer, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    closes_at = complete_draft.award.closes_at

    with (
        time_machine.travel(closes_at, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_for(officer).post(
            reverse("awards:nomination_check", args=[complete_draft.uuid]), follow=True
        )

    complete_draft.refresh_from_db()
    assert complete_draft.status == Nomination.Status.DRAFT
    assert complete_draft.reference is None
    assert "deadline has passed" in response.content.decode()
    assert mailoutbox == []


def test_service_refuses_submission_after_closing_even_without_the_view(complete_draft, officer):
    with (
        time_machine.travel(complete_draft.award.closes_at + dt.timedelta(seconds=1), tick=False),
        pytest.raises(services.DeadlinePassed),
    ):
        services.nomination_submit(nomination=complete_draft, by=officer)


def test_editing_a_section_after_closing_is_refused_and_nothing_changes(
    complete_draft, officer, client_for
):
    url = reverse("awards:nomination_section", args=[complete_draft.uuid, "about"])

    with time_machine.travel(complete_draft.award.closes_at + dt.timedelta(minutes=5), tick=False):
        response = client_for(officer).post(
            url, {"version": complete_draft.version, "title": "Changed late", "summary": "Late"}
        )

    complete_draft.refresh_from_db()
    assert complete_draft.title != "Changed late"
    # Refused with a clear message, and what the officer typed is still on the page.
    assert response.status_code == 200
    content = response.content.decode()
    assert "The deadline has passed" in content
    assert 'value="Changed late"' in content


def test_a_second_submit_creates_no_second_reference_or_receipt(
    complete_draft, officer, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(officer)
    url = reverse("awards:nomination_check", args=[complete_draft.uuid])

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
        second = client.post(url)

    complete_draft.refresh_from_db()
    assert first.status_code == second.status_code == 302
    assert second.url == reverse("awards:nomination_receipt", args=[complete_draft.uuid])
    assert complete_draft.reference == f"KIL-{complete_draft.award.year}-0001"
    receipts = [m for m in mailoutbox if m.subject.startswith("Nomination received")]
    assert [m.to for m in receipts] == [[officer.email]]
    assert complete_draft.reference in receipts[0].subject
    staff_notices = [m for m in mailoutbox if m.subject.startswith("New nomination")]
    assert len(staff_notices) == 1
