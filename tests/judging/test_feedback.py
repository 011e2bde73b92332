"""Feedback to councils: staff choose which comments to share and release a round's feedback; each
council then reads, per principle, its panel mean against the shortlist's, and only those comments."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardPage
from judging import services
from judging.models import Round, Score, Scorecard
from tests.factories import (
    AwardPageFactory,
    RoundFactory,
    announce_results,
    assignment,
    eligible_nomination,
    judge_user,
    officer_user,
)

pytestmark = pytest.mark.django_db


def _score(round, judge, nomination, value, comment, overall, staff):
    card = assignment(round=round, judge=judge, nomination=nomination, by=staff).scorecard
    criteria = round.award.ordered_criteria
    card = services.scorecard_save(
        scorecard=card,
        by=judge,
        version=card.version,
        scores={c.pk: (value, f"{comment} on principle {c.principle.number}") for c in criteria},
        overall_comment=overall,
    )
    return services.scorecard_submit(scorecard=card, by=judge)


@pytest.fixture
def judged_round(staff):
    award = AwardPageFactory()
    round = RoundFactory(award=award)
    ours, strong, stronger = (eligible_nomination(award=award, staff=staff) for _ in range(3))
    first, second = judge_user(last_name="Firstjudge"), judge_user(last_name="Secondjudge")
    _score(round, first, ours, 2, "Thin evidence", "Promising start", staff)
    _score(round, second, ours, 3, "Some progress", "Needs more partners", staff)
    for entry, value in ((strong, 4), (stronger, 5)):
        _score(round, first, entry, value, "Excellent", "Outstanding", staff)
    services.shortlist(
        round=round, nominations=[strong, stronger], by=staff, rationale="Highest scores"
    )
    announce_results(award)
    return round, ours, first


def feedback_url(nomination):
    return reverse("judging:feedback", args=[nomination.uuid])


def test_staff_share_chosen_comments_and_release_then_the_council_reads_its_feedback(
    judged_round, staff, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    round, ours, first_judge = judged_round
    officer = ours.created_by
    shared = Score.objects.get(
        scorecard__assignment__nomination=ours,
        scorecard__assignment__judge=first_judge,
        criterion__principle__number=1,
    )
    overall = Scorecard.objects.get(assignment__nomination=ours, assignment__judge=first_judge)
    staff_client = client_for(staff)
    admin_url = reverse("judging_admin:round_feedback", args=[round.pk])

    assert "not ready yet" in client_for(officer).get(feedback_url(ours)).content.decode()
    page = staff_client.get(admin_url).content.decode()
    assert "Thin evidence on principle 1" in page
    staff_client.post(admin_url, {"action": "share", "score": [shared.pk], "overall": [overall.pk]})
    colleague = officer_user(council=ours.council)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(admin_url, {"action": "release"})

    response = client_for(officer).get(feedback_url(ours))

    content = response.content.decode()
    assert response.status_code == 200
    feedback = response.context["feedback"][0]
    first = feedback.principles[0]
    assert (first.mean, first.shortlist_mean) == (Decimal("2.50"), Decimal("4.50"))
    assert feedback.shortlist_size == 2
    assert "Thin evidence on principle 1" in content
    assert "Promising start" in content
    assert "Some progress" not in content  # not chosen
    assert "Needs more partners" not in content
    assert "Firstjudge" not in content and first_judge.email not in content
    assert "Excellent" not in content  # another council's comments
    # One to each officer of each council judged in the round: ours has two, who get one each.
    assert len(mailoutbox) == 4
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mailoutbox)
    ours_notices = [m for m in mailoutbox if feedback_url(ours) in m.body]
    assert sorted(m.to[0] for m in ours_notices) == sorted([officer.email, colleague.email])
    receipt = client_for(officer).get(reverse("awards:nomination_receipt", args=[ours.uuid]))
    assert feedback_url(ours) in receipt.content.decode()


def test_feedback_is_only_for_the_councils_own_officers(judged_round, staff, client_for):
    round, ours, _judge = judged_round
    services.feedback_release(round=round, by=staff)

    assert client_for(officer_user()).get(feedback_url(ours)).status_code == 404
    assert client_for(judge_user()).get(feedback_url(ours)).status_code == 404
    assert client_for(ours.created_by).get(feedback_url(ours)).status_code == 200


def test_withdrawn_feedback_disappears(judged_round, staff, client_for):
    round, ours, _judge = judged_round
    services.feedback_release(round=round, by=staff)
    client_for(staff).post(
        reverse("judging_admin:round_feedback", args=[round.pk]), {"action": "withdraw"}
    )

    content = client_for(ours.created_by).get(feedback_url(ours)).content.decode()

    assert "not ready yet" in content
    round.refresh_from_db()
    assert round.feedback_released_at is None


def test_sharing_only_touches_submitted_comments_of_the_round(judged_round, staff):
    round, ours, first_judge = judged_round
    other_round = RoundFactory(award=round.award)
    stray = _score(other_round, judge_user(), ours, 1, "Elsewhere", "", staff)
    stray_score = stray.scores.first()

    shared, _overall = services.scorecards_share_comments(
        round=round, by=staff, score_ids=[stray_score.pk], overall_ids=[]
    )

    assert shared == 0
    stray_score.refresh_from_db()
    assert not stray_score.shared_with_council


def test_no_feedback_reaches_a_council_before_the_results_are_announced(
    judged_round, staff, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    round, ours, _judge = judged_round
    AwardPage.objects.filter(pk=round.award_id).update(results_announced_at=None)
    admin_url = reverse("judging_admin:round_feedback", args=[round.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(admin_url, {"action": "release"}, follow=True)

    assert "Feedback can be released once the" in response.content.decode()
    round.refresh_from_db()
    assert round.feedback_released_at is None
    assert mailoutbox == []
    # Released earlier (before this rule): still not readable, and no link on the receipt.
    Round.objects.filter(pk=round.pk).update(feedback_released_at=timezone.now())
    officer = client_for(ours.created_by)
    assert officer.get(feedback_url(ours)).status_code == 404
    receipt = officer.get(reverse("awards:nomination_receipt", args=[ours.uuid]))
    assert feedback_url(ours) not in receipt.content.decode()
