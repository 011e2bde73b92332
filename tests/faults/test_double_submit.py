"""A form sent twice (a double click, the back button, two tabs) has one result. Sent one after the
other here on every database; sent at the same instant from several threads on PostgreSQL, where the
row locks (select_for_update) do the work."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from awards.models import CouncilMembership, Nomination
from judging import services as judging_services
from judging.models import Decision, Scorecard
from tests.factories import (
    CouncilFactory,
    NominationFactory,
    RoundFactory,
    assignment,
    council_of,
    eligible_nomination,
    judge_user,
    officer_user,
    pdf_bytes,
    pdf_file,
    staff_user,
)


def _scorecard_data(assignment_, version=1):
    data = {"version": version, "overall_comment": "A strong entry", "submit": "1"}
    for criterion in assignment_.round.award.ordered_criteria:
        data[f"score_{criterion.pk}"] = "4"
        data[f"comment_{criterion.pk}"] = "Clear evidence"
    return data


def _judged(award, judge, staff):
    nomination = eligible_nomination(award=award, staff=staff)
    judged = assignment(round=RoundFactory(award=award), judge=judge, nomination=nomination)
    return judging_services.assignment_confirm_no_conflict(assignment=judged, by=judge)


# --- one after the other (every database) ------------------------------------------------------


@pytest.mark.django_db
def test_start_nomination_twice_makes_one_draft(officer, open_award, client_for):
    client = client_for(officer)
    data = {"council": council_of(officer).pk}

    first = client.post(reverse("awards:nomination_start"), data)
    second = client.post(reverse("awards:nomination_start"), data)

    assert Nomination.objects.filter(council=council_of(officer)).count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.django_db
def test_the_same_file_uploaded_twice_in_a_row_is_kept_once(
    officer, open_award, client_for, local_evidence_storage
):
    # A double click or a resubmitted form sends the same bytes twice within seconds: one file.
    # A different file, or the same one sent again minutes later on purpose, is a new upload.
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    client = client_for(officer)
    url = reverse("awards:nomination_evidence", args=[nomination.uuid])

    responses = [client.post(url, {"file": pdf_file("plan.pdf", size=20_000)}) for _ in range(2)]
    other = client.post(url, {"file": pdf_file("budget.pdf", text="Budget", size=20_000)})

    assert [r.status_code for r in [*responses, other]] == [302, 302, 302]
    assert sorted(nomination.evidence.values_list("original_name", flat=True)) == [
        "budget.pdf",
        "plan.pdf",
    ]
    stored = [p for p in local_evidence_storage.rglob("*") if p.is_file()]
    assert len(stored) == 2  # the second copy of plan.pdf was never kept


@pytest.mark.django_db
def test_scorecard_submitted_from_two_tabs_is_submitted_once(judge, open_award, client_for):
    judged = _judged(open_award, judge, staff_user())
    url = reverse("judging:scorecard", args=[judged.uuid])
    tab_one, tab_two = client_for(judge), client_for(judge)

    first = tab_one.post(url, _scorecard_data(judged))
    second = tab_two.post(url, _scorecard_data(judged), follow=True)

    assert first.status_code == 302 and second.status_code == 200
    assert Scorecard.objects.get(assignment=judged).status == Scorecard.Status.SUBMITTED
    scorecard = Scorecard.objects.get(assignment=judged)
    submits = ModelLogEntry.objects.for_instance(scorecard).filter(
        action="judging.scorecard.submit"
    )
    assert submits.count() == 1


@pytest.mark.django_db
def test_the_same_decision_recorded_from_two_tabs_is_one_decision(
    staff, judge, open_award, client_for
):
    judged = _judged(open_award, judge, staff)
    url = reverse("judging_admin:round_results", args=[judged.round.pk])
    data = {
        "nomination": judged.nomination.pk,
        "outcome": "winner",
        "rationale": "Strongest.",
        # Judging is not over in this test: the early decision is confirmed with its reason.
        "early_reason": "The panel met before the round closed.",
    }

    responses = [client_for(staff).post(url, data) for _ in range(2)]

    assert [r.status_code for r in responses] == [302, 302]
    assert Decision.objects.filter(nomination=judged.nomination).count() == 1
    assert ModelLogEntry.objects.filter(action="judging.decision.record").count() == 1
    # A different decision afterwards is a change of mind, and is recorded.
    client_for(staff).post(url, {**data, "outcome": "highly_commended"})
    assert Decision.objects.filter(nomination=judged.nomination).count() == 2


@pytest.mark.django_db
def test_asking_to_join_twice_is_one_request(client_for):
    council = CouncilFactory()
    person = officer_user(council=CouncilFactory())
    client = client_for(person)
    data = {"council": council.pk, "message": "I lead our community work."}

    for _ in range(2):
        assert client.post(reverse("awards:membership_request"), data).status_code == 302

    assert CouncilMembership.objects.filter(user=person, council=council).count() == 1


# --- at the same instant (PostgreSQL) ----------------------------------------------------------


def _at_once(clients, send, count=4):
    """`send(client)` from `count` threads released together; the responses' status codes."""
    barrier = threading.Barrier(count)
    statuses, errors = [], []

    def run(client):
        try:
            barrier.wait()
            statuses.append(send(client).status_code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(client,)) for client in clients[:count]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return statuses


def _clients(user, client_for, count=4) -> list[Client]:
    return [client_for(user) for _ in range(count)]


concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.postgres
@concurrent
def test_submit_sent_four_times_at_once_submits_once(officer, open_award, client_for):
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    client_for(officer).post(
        reverse("awards:nomination_evidence", args=[nomination.uuid]),
        {"file": pdf_file("plan.pdf")},
    )
    url = reverse("awards:nomination_check", args=[nomination.uuid])

    statuses = _at_once(_clients(officer, client_for), lambda c: c.post(url))

    assert statuses == [302] * 4
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED and nomination.number == 1
    assert ModelLogEntry.objects.filter(action="awards.nomination.submit").count() == 1


@pytest.mark.postgres
@concurrent
def test_decision_sent_four_times_at_once_is_one_decision(staff, open_award, client_for):
    judged = _judged(open_award, judge_user(), staff)
    url = reverse("judging_admin:round_results", args=[judged.round.pk])
    data = {
        "nomination": judged.nomination.pk,
        "outcome": "winner",
        "rationale": "Strongest.",
        # Judging is not over in this test: the early decision is confirmed with its reason.
        "early_reason": "The panel met before the round closed.",
    }

    statuses = _at_once(_clients(staff, client_for), lambda c: c.post(url, data))

    assert statuses == [302] * 4
    assert Decision.objects.filter(nomination=judged.nomination).count() == 1


@pytest.mark.postgres
@concurrent
def test_scorecard_sent_four_times_at_once_is_submitted_once(judge, open_award, client_for):
    judged = _judged(open_award, judge, staff_user())
    url = reverse("judging:scorecard", args=[judged.uuid])

    statuses = _at_once(_clients(judge, client_for), lambda c: c.post(url, _scorecard_data(judged)))

    # The first is submitted; the others either land on it (302) or are shown the form again saying
    # it changed meanwhile (200): never an error, never a second submission.
    assert 302 in statuses and set(statuses) <= {200, 302}
    scorecard = Scorecard.objects.get(assignment=judged)
    assert scorecard.status == Scorecard.Status.SUBMITTED
    assert (
        ModelLogEntry.objects.for_instance(scorecard)
        .filter(action="judging.scorecard.submit")
        .count()
        == 1
    )


@pytest.mark.postgres
@concurrent
def test_upload_sent_four_times_at_once_is_kept_once(officer, open_award, client_for):
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    url = reverse("awards:nomination_evidence", args=[nomination.uuid])
    content = pdf_bytes("Plan", size=20_000)

    def send(client):
        upload = SimpleUploadedFile("plan.pdf", content, content_type="application/pdf")
        return client.post(url, {"file": upload})

    statuses = _at_once(_clients(officer, client_for), send)

    assert statuses == [302] * 4
    assert nomination.evidence.count() == 1


@pytest.mark.postgres
@concurrent
def test_start_sent_four_times_at_once_makes_one_draft(officer, open_award, client_for):
    data = {"council": council_of(officer).pk}

    statuses = _at_once(
        _clients(officer, client_for), lambda c: c.post(reverse("awards:nomination_start"), data)
    )

    assert statuses == [302] * 4
    assert Nomination.objects.filter(council=council_of(officer)).count() == 1
