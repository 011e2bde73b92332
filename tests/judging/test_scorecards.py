"""A submitted scorecard is locked for its judge; "not applicable" is stored as no value, never 0."""

import pytest
from django.urls import reverse

from judging import services
from judging.models import Scorecard
from tests.factories import AwardPageFactory, RoundFactory, assignment, eligible_nomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def judged(judge):
    """An assignment the judge has opened and confirmed free of conflicts."""
    award = AwardPageFactory()
    nomination = eligible_nomination(award=award)
    judged = assignment(round=RoundFactory(award=award), judge=judge, nomination=nomination)
    return services.assignment_confirm_no_conflict(assignment=judged, by=judge)


def _form_data(assignment_, value="4", version=1):
    data = {"version": version, "overall_comment": "A strong entry"}
    for criterion in assignment_.round.award.ordered_criteria:
        data[f"score_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = "Clear evidence"
    return data


def test_judge_submits_scores_with_not_applicable_stored_as_no_value(judged, judge, client_for):
    data = _form_data(judged)
    first_criterion = judged.round.award.ordered_criteria[0]
    data[f"score_{first_criterion.pk}"] = "na"

    response = client_for(judge).post(
        reverse("judging:scorecard", args=[judged.uuid]), {**data, "submit": "1"}
    )

    card = Scorecard.objects.get(assignment=judged)
    assert response.status_code == 302
    assert card.status == Scorecard.Status.SUBMITTED
    values = dict(card.scores.values_list("criterion_id", "value"))
    assert values[first_criterion.pk] is None
    assert sorted(v for v in values.values() if v is not None) == [4, 4, 4, 4, 4]


def test_submit_with_a_principle_unscored_is_refused_with_the_field_named(
    judged, judge, client_for
):
    data = _form_data(judged)
    missing = judged.round.award.ordered_criteria[2]
    del data[f"score_{missing.pk}"]

    response = client_for(judge).post(
        reverse("judging:scorecard", args=[judged.uuid]), {**data, "submit": "1"}
    )

    assert response.status_code == 200
    assert Scorecard.objects.get(assignment=judged).status == Scorecard.Status.DRAFT
    body = response.content.decode()
    assert f"Select a score for principle {missing.principle.number}" in body
    assert f'href="#id_score_{missing.pk}_0"' in body
    assert "<title>Error:" in body


def test_submitted_scorecard_cannot_be_changed_by_its_judge(judged, judge, client_for):
    client = client_for(judge)
    url = reverse("judging:scorecard", args=[judged.uuid])
    client.post(url, {**_form_data(judged, "4"), "submit": "1"})
    card = Scorecard.objects.get(assignment=judged)

    response = client.post(url, {**_form_data(judged, "1", version=card.version), "save": "1"})

    card.refresh_from_db()
    assert response.status_code == 302
    assert set(card.scores.values_list("value", flat=True)) == {4}
    with pytest.raises(services.ScorecardLocked):
        services.scorecard_save(scorecard=card, by=judge, version=card.version, scores={})


def test_a_judge_cannot_open_another_judges_scorecard(judged, client_for):
    from tests.factories import judge_user

    response = client_for(judge_user()).get(reverse("judging:scorecard", args=[judged.uuid]))

    assert response.status_code == 404


def test_score_outside_the_scale_is_refused_by_the_database(judged):
    from django.db import IntegrityError, transaction

    from judging.models import Score

    card = Scorecard.objects.get(assignment=judged)
    criterion = judged.round.award.ordered_criteria[0]

    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(scorecard=card, criterion=criterion, value=11)
