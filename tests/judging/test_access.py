"""A judge reaches only their own assigned, non-conflicted entries in an opened round: anything
else is a 404 (existence must not leak), and a submitted scorecard cannot be changed."""

import pytest
from django.urls import reverse

from judging import services
from judging.models import ConflictDeclaration, Scorecard
from tests.factories import (
    RoundFactory,
    assignment,
    eligible_nomination,
    judge_user,
)

pytestmark = pytest.mark.django_db


def _urls(judged):
    return {
        "scorecard": reverse("judging:scorecard", args=[judged.uuid]),
        "conflict": reverse("judging:entry_conflict", args=[judged.uuid]),
        "evidence": reverse(
            "awards:evidence_download", args=[judged.nomination.evidence.get().uuid]
        ),
    }


def _score_data(judged, version=1):
    data = {"version": version, "submit": "1"}
    for criterion in judged.round.award.ordered_criteria:
        data[f"score_{criterion.pk}"] = "5"
    return data


def _all_refused(client, judged):
    urls = _urls(judged)
    responses = [
        client.get(urls["scorecard"]),
        client.post(urls["scorecard"], _score_data(judged)),
        client.post(urls["conflict"], {"answer": "no"}),
        client.get(urls["evidence"]),
    ]
    return [r.status_code for r in responses]


@pytest.fixture
def judged(open_award, judge):
    entry = eligible_nomination(award=open_award)
    return assignment(round=RoundFactory(award=open_award), judge=judge, nomination=entry)


def test_another_judges_entry_is_a_404_everywhere(judged, client_for):
    intruder = judge_user()

    assert _all_refused(client_for(intruder), judged) == [404, 404, 404, 404]
    judged.refresh_from_db()
    assert judged.conflict_checked_at is None
    assert not judged.scorecard.scores.exists()


@pytest.mark.parametrize("role", ["officer", "staff", "editor"])
def test_people_who_are_not_judges_cannot_use_the_judge_pages(role, request, judged, client_for):
    client = client_for(request.getfixturevalue(role))

    assert client.get(reverse("judging:dashboard")).status_code == 404
    assert client.get(_urls(judged)["scorecard"]).status_code == 404
    assert client.post(_urls(judged)["scorecard"], _score_data(judged)).status_code == 404


def test_a_conflicted_entry_is_a_404_even_if_an_assignment_was_left_behind(
    judged, judge, client_for
):
    services.assignment_confirm_no_conflict(assignment=judged, by=judge)
    # Written directly, as if an assignment had survived a declaration: the permission still holds.
    ConflictDeclaration.objects.create(
        judge=judge,
        award=judged.round.award,
        council=judged.nomination.council,
        reason="Employee",
    )

    assert _all_refused(client_for(judge), judged) == [404, 404, 404, 404]
    assert not judged.scorecard.scores.exists()


def test_after_declaring_a_conflict_the_entry_is_gone(judged, judge, client_for):
    client = client_for(judge)
    client.post(_urls(judged)["conflict"], {"answer": "yes", "reason": "Trustee"})

    assert _all_refused(client, judged) == [404, 404, 404, 404]


def test_evidence_is_not_served_before_the_judge_confirms_no_conflict(judged, judge, client_for):
    client = client_for(judge)

    before = client.get(_urls(judged)["evidence"])
    client.post(_urls(judged)["conflict"], {"answer": "no"})
    after = client.get(_urls(judged)["evidence"])

    assert before.status_code == 404
    assert after.status_code == 200


def test_scores_posted_before_the_conflict_check_are_not_saved(judged, judge, client_for):
    response = client_for(judge).post(_urls(judged)["scorecard"], _score_data(judged))

    assert response.status_code == 200
    assert "Do you have a conflict of interest" in response.content.decode()
    assert not judged.scorecard.scores.exists()


def test_entries_of_a_round_that_has_not_opened_are_not_shown(open_award, judge, client_for):
    entry = eligible_nomination(award=open_award)
    later = assignment(
        round=RoundFactory(award=open_award, upcoming=True), judge=judge, nomination=entry
    )
    client = client_for(judge)

    dashboard = client.get(reverse("judging:dashboard")).content.decode()

    assert entry.reference in dashboard
    assert _urls(later)["scorecard"] not in dashboard
    assert "Scoring opens at" in dashboard
    assert client.get(_urls(later)["scorecard"]).status_code == 404
    assert client.get(_urls(later)["evidence"]).status_code == 404


def test_a_submitted_scorecard_cannot_be_changed_and_a_closed_round_cannot_be_scored(
    open_award, judge, client_for
):
    entry = eligible_nomination(award=open_award)
    judged = assignment(
        round=RoundFactory(award=open_award), judge=judge, nomination=entry, opened=True
    )
    client = client_for(judge)
    client.post(_urls(judged)["scorecard"], _score_data(judged))
    card = Scorecard.objects.get(assignment=judged)
    assert card.status == Scorecard.Status.SUBMITTED

    data = _score_data(judged, version=card.version)
    data.pop("submit")
    data["save"] = "1"
    for key in data:
        if key.startswith("score_"):
            data[key] = "0"
    client.post(_urls(judged)["scorecard"], data)

    card.refresh_from_db()
    assert set(card.scores.values_list("value", flat=True)) == {5}

    closed_entry = eligible_nomination(award=open_award)
    closed = assignment(
        round=RoundFactory(award=open_award, closed=True),
        judge=judge,
        nomination=closed_entry,
        opened=True,
    )
    response = client.post(_urls(closed)["scorecard"], _score_data(closed))
    # Refused, and what was sent is shown back rather than lost (see test_scorecards).
    assert response.status_code == 200
    assert "What you typed (not saved)" in response.content.decode()
    assert not closed.scorecard.scores.exists()
