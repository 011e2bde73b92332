"""Every status change, score submission and reopening, decision, extension and staff download of
evidence is in Wagtail's audit log with who did it and when, done here through the real pages."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from awards.models import Nomination
from judging import services as judging_services
from judging.models import Scorecard
from tests.factories import (
    NominationFactory,
    RoundFactory,
    assignment,
    council_of,
    judge_user,
    pdf_file,
)

pytestmark = pytest.mark.django_db


def _ok(response):
    assert response.status_code in {200, 302}, response.status_code
    return response


def _scorecard_data(assignment_, version):
    data = {"version": version, "overall_comment": "A strong entry", "submit": "1"}
    for criterion in assignment_.round.award.ordered_criteria:
        data[f"score_{criterion.pk}"] = "4"
        data[f"comment_{criterion.pk}"] = "Clear evidence"
    return data


def test_every_action_that_matters_is_logged_with_who_and_when(
    officer, staff, open_award, client_for
):
    started = timezone.now()
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    to_withdraw = NominationFactory(council=council_of(officer))  # another year's award
    officer_client, staff_client = client_for(officer), client_for(staff)
    check = reverse("awards:nomination_check", args=[nomination.uuid])
    _ok(
        officer_client.post(
            reverse("awards:nomination_evidence", args=[nomination.uuid]),
            {"file": pdf_file("plan.pdf"), "description": "Plan"},
        )
    )
    evidence = nomination.evidence.get()

    _ok(officer_client.post(check))
    until = timezone.localtime(open_award.closes_at + dt.timedelta(days=3))
    _ok(
        staff_client.post(
            reverse("awards_admin:nomination_extend", args=[nomination.pk]),
            {"until": until.strftime("%Y-%m-%dT%H:%M"), "reason": "Flooding at the town hall"},
        )
    )
    _ok(
        staff_client.post(
            reverse("awards_admin:nomination_reopen", args=[nomination.pk]),
            {"reason": "Add your partners' contacts", "until": ""},
        )
    )
    _ok(officer_client.post(check))
    _ok(staff_client.post(reverse("awards_admin:nomination_eligible", args=[nomination.pk])))
    _ok(staff_client.get(reverse("awards:evidence_download", args=[evidence.uuid])))

    nomination.refresh_from_db()
    judge = judge_user()
    round = RoundFactory(award=open_award)
    judged = judging_services.assignment_confirm_no_conflict(
        assignment=assignment(round=round, judge=judge, nomination=nomination), by=judge
    )
    judge_client = client_for(judge)
    scorecard_url = reverse("judging:scorecard", args=[judged.uuid])
    _ok(judge_client.post(scorecard_url, _scorecard_data(judged, version=1)))
    _ok(
        staff_client.post(
            reverse("judging_admin:scorecard_reopen", args=[round.pk, judged.pk]),
            {"reason": "Principle 3 needs a second look"},
        )
    )
    version = Scorecard.objects.get(assignment=judged).version
    _ok(judge_client.post(scorecard_url, _scorecard_data(judged, version=version)))
    _ok(
        staff_client.post(
            reverse("judging_admin:round_results", args=[round.pk]),
            {
                "nomination": nomination.pk,
                "outcome": "winner",
                "rationale": "Strongest entry.",
                # Nominations and the round are still open here: an early decision, confirmed.
                "early_reason": "The panel met before the deadline.",
            },
        )
    )
    _ok(officer_client.post(reverse("awards:nomination_withdraw", args=[to_withdraw.uuid])))
    finished = timezone.now()

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WINNER
    scorecard = Scorecard.objects.get(assignment=judged)
    expected = [
        (nomination, "awards.nomination.submit", officer),
        (nomination, "awards.nomination.extend", staff),
        (nomination, "awards.nomination.reopen", staff),
        (nomination, "awards.nomination.eligible", staff),
        (nomination, "awards.evidence.download", staff),
        (scorecard, "judging.scorecard.submit", judge),
        (scorecard, "judging.scorecard.reopen", staff),
        (nomination, "awards.nomination.outcome", staff),
        (to_withdraw, "awards.nomination.withdraw", officer),
    ]
    for instance, action, user in expected:
        entries = ModelLogEntry.objects.for_instance(instance).filter(action=action)
        assert entries.exists(), action
        for entry in entries:
            assert entry.user_id == user.pk, action
            assert started <= entry.timestamp <= finished, action
    submits = ModelLogEntry.objects.for_instance(nomination).filter(
        action="awards.nomination.submit"
    )
    assert submits.count() == 2  # first submission, and again after reopening
    assert (
        ModelLogEntry.objects.for_instance(scorecard)
        .filter(action="judging.scorecard.submit")
        .count()
        == 2
    )
    decision_entries = ModelLogEntry.objects.filter(action="judging.decision.record")
    assert [(e.user_id, started <= e.timestamp <= finished) for e in decision_entries] == [
        (staff.pk, True)
    ]
    outcome = ModelLogEntry.objects.for_instance(nomination).get(action="awards.nomination.outcome")
    assert (outcome.data["from"], outcome.data["to"]) == ("eligible", "winner")
    # All of it is in the award's tamper-evident record, which verifies.
    call_command("verify_audit_log")
