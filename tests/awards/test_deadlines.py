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


# --- extensions and reopening (staff, in the admin) ----------------------------------------------


def _local(value: dt.datetime) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_staff_extension_lets_one_nomination_submit_after_closing_to_the_second(
    complete_draft, officer, staff, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    from wagtail.models import ModelLogEntry

    closes_at = complete_draft.award.closes_at
    other = NominationFactory(award=complete_draft.award)
    until = (closes_at + dt.timedelta(days=2)).replace(second=0, microsecond=0)

    with (
        time_machine.travel(closes_at + dt.timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client_for(staff).post(
            reverse("awards_admin:nomination_extend", args=[complete_draft.pk]),
            {"until": _local(until), "reason": "Their server was down on the last day."},
        )
        assert response.status_code == 302
        assert other.accepts_changes() is False  # only this nomination gets the time

    complete_draft.refresh_from_db()
    assert complete_draft.deadline_extended_until == until
    entry = ModelLogEntry.objects.get(
        action="awards.nomination.extend", object_id=str(complete_draft.pk)
    )
    assert entry.user_id == staff.pk
    assert entry.data["reason"] == "Their server was down on the last day."
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert "More time" in mailoutbox[0].subject

    with time_machine.travel(until, tick=False):
        refused = client_for(officer).post(
            reverse("awards:nomination_check", args=[complete_draft.uuid]), follow=True
        )
    assert "deadline has passed" in refused.content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.status == Nomination.Status.DRAFT

    with time_machine.travel(until - dt.timedelta(seconds=1), tick=False):
        accepted = client_for(officer).post(
            reverse("awards:nomination_check", args=[complete_draft.uuid])
        )
    assert accepted.status_code == 302
    complete_draft.refresh_from_db()
    assert complete_draft.status == Nomination.Status.SUBMITTED


def test_an_extension_must_end_after_the_award_closes(complete_draft, staff, client_for):
    response = client_for(staff).post(
        reverse("awards_admin:nomination_extend", args=[complete_draft.pk]),
        {
            "until": _local(complete_draft.award.closes_at - dt.timedelta(days=1)),
            "reason": "Early",
        },
    )

    assert response.status_code == 200
    assert "The new deadline must be after the award closes" in response.content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.deadline_extended_until is None


def test_only_staff_extend_deadlines(complete_draft, officer, client_for):
    response = client_for(officer).post(
        reverse("awards_admin:nomination_extend", args=[complete_draft.pk]),
        {"until": _local(complete_draft.award.closes_at + dt.timedelta(days=1)), "reason": "x"},
    )

    assert response.status_code in {302, 403}
    complete_draft.refresh_from_db()
    assert complete_draft.deadline_extended_until is None


def test_reopen_for_edits_keeps_the_reference_and_is_logged(
    complete_draft, officer, staff, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    from wagtail.models import ModelLogEntry

    submitted = services.nomination_submit(nomination=complete_draft, by=officer)
    reference = submitted.reference

    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(
            reverse("awards_admin:nomination_reopen", args=[submitted.pk]),
            {"reason": "Please add your partners' contact details.", "until": ""},
        )

    submitted.refresh_from_db()
    assert submitted.status == Nomination.Status.DRAFT
    assert (
        ModelLogEntry.objects.get(
            action="awards.nomination.reopen", object_id=str(submitted.pk)
        ).data["reason"]
        == "Please add your partners' contact details."
    )
    assert any("open for changes" in m.subject for m in mailoutbox)
    client = client_for(officer)
    overview = client.get(reverse("awards:nomination_overview", args=[submitted.uuid]))
    assert "contact details." in overview.content.decode()

    client.post(reverse("awards:nomination_check", args=[submitted.uuid]))

    submitted.refresh_from_db()
    assert submitted.status == Nomination.Status.SUBMITTED
    assert submitted.reference == reference
    assert submitted.reopen_reason == ""


def test_reopen_after_closing_needs_a_new_deadline(complete_draft, officer, staff, client_for):
    submitted = services.nomination_submit(nomination=complete_draft, by=officer)
    closes_at = submitted.award.closes_at
    url = reverse("awards_admin:nomination_reopen", args=[submitted.pk])

    with time_machine.travel(closes_at + dt.timedelta(hours=2), tick=False):
        refused = client_for(staff).post(url, {"reason": "Fix principle 3", "until": ""})
        submitted.refresh_from_db()
        assert submitted.status == Nomination.Status.SUBMITTED
        assert "Give the council a new deadline" in refused.content.decode()

        client_for(staff).post(
            url,
            {"reason": "Fix principle 3", "until": _local(closes_at + dt.timedelta(days=3))},
        )
        submitted.refresh_from_db()
        assert submitted.status == Nomination.Status.DRAFT
        assert submitted.accepts_changes()


def test_evidence_upload_after_closing_is_refused_and_nothing_is_stored(
    complete_draft, officer, client_for, local_evidence_storage
):
    before = sorted(p.name for p in local_evidence_storage.iterdir())

    with time_machine.travel(complete_draft.award.closes_at, tick=False):
        response = client_for(officer).post(
            reverse("awards:nomination_evidence", args=[complete_draft.uuid]),
            {"file": pdf_file("late.pdf")},
            follow=True,
        )

    assert "deadline has passed" in response.content.decode()
    assert complete_draft.evidence.count() == 1
    assert sorted(p.name for p in local_evidence_storage.iterdir()) == before


def test_a_nomination_cannot_be_started_after_closing(officer, client_for):
    award = AwardPageFactory()

    with time_machine.travel(award.closes_at, tick=False):
        client_for(officer).post(
            reverse("awards:nomination_start"), {"council": council_of(officer).pk}
        )

    assert not Nomination.objects.filter(award=award).exists()


def test_an_upload_after_closing_shows_back_the_description_and_principles(
    complete_draft, officer, client_for
):
    principle = complete_draft.award.ordered_criteria[1]

    with time_machine.travel(complete_draft.award.closes_at, tick=False):
        response = client_for(officer).post(
            reverse("awards:nomination_evidence", args=[complete_draft.uuid]),
            {
                "file": pdf_file("late.pdf"),
                "description": "Survey of 400 residents, spring 2026",
                "criteria": [str(principle.pk)],
            },
        )

    content = response.content.decode()
    assert response.status_code == 200
    assert "The deadline has passed" in content and "Your file was not uploaded" in content
    assert 'data-testid="typed-answers"' in content
    assert "Survey of 400 residents, spring 2026</textarea>" in content
    assert str(principle.principle) in content.split('data-testid="typed-answers"', 1)[1]
    assert complete_draft.evidence.count() == 1
