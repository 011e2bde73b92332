"""A submitted scorecard is locked for its judge; "not applicable" is stored as no value, never 0."""

import pytest
from django.urls import reverse

from judging import services
from judging.models import Scorecard
from tests.factories import (
    AwardPageFactory,
    RoundFactory,
    assignment,
    eligible_nomination,
    judge_user,
)

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
    assert response.status_code == 200
    assert "What you typed (not saved)" in response.content.decode()
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


# --- the scorecard page for a judge with many entries ---------------------------------------


@pytest.fixture
def three_entries(judge, open_award):
    """One round, three entries for `judge`, all opened; the first principle's rubric is set."""
    from awards.models import Principle

    first = open_award.ordered_criteria[0].principle
    Principle.objects.filter(pk=first.pk).update(
        rubric=[f"Level {n} descriptor for principle one" for n in range(6)]
    )
    round = RoundFactory(award=open_award)
    entries = sorted(
        (eligible_nomination(award=open_award) for _ in range(3)), key=lambda n: n.reference
    )
    return [
        assignment(round=round, judge=judge, nomination=entry, opened=True) for entry in entries
    ]


def test_the_scorecard_shows_rubric_descriptors_beside_the_statement_and_progress(
    three_entries, judge, client_for
):
    response = client_for(judge).get(reverse("judging:scorecard", args=[three_entries[0].uuid]))

    content = response.content.decode()
    assert "Level 3 descriptor for principle one" in content
    assert "How we put principle 1 into practice" in content
    assert "0 of 3 scored" in content
    assert "Save and go to next entry" in content


def test_save_and_next_goes_to_the_next_unscored_entry_and_submit_moves_on(
    three_entries, judge, client_for
):
    first, second, third = three_entries
    client = client_for(judge)
    # The second entry is already submitted: "next" skips it.
    client.post(
        reverse("judging:scorecard", args=[second.uuid]), {**_form_data(second), "submit": "1"}
    )

    saved = client.post(
        reverse("judging:scorecard", args=[first.uuid]), {**_form_data(first), "next": "1"}
    )
    assert Scorecard.objects.get(assignment=first).status == Scorecard.Status.DRAFT
    submitted = client.post(
        reverse("judging:scorecard", args=[third.uuid]), {**_form_data(third), "submit": "1"}
    )
    last = client.post(
        reverse("judging:scorecard", args=[first.uuid]),
        {**_form_data(first, version=2), "submit": "1"},
    )

    assert saved["Location"] == reverse("judging:scorecard", args=[third.uuid])
    assert submitted["Location"] == reverse("judging:scorecard", args=[first.uuid])
    assert last["Location"] == reverse("judging:dashboard")
    dashboard = client.get(reverse("judging:dashboard")).content.decode()
    assert "3 of 3 scored" in dashboard


def test_viewing_an_entry_without_a_scorecard_writes_nothing_and_the_first_save_creates_it(
    judged, judge, client_for
):
    Scorecard.objects.filter(assignment=judged).delete()
    client = client_for(judge)
    url = reverse("judging:scorecard", args=[judged.uuid])
    before = Scorecard.objects.count()

    page = client.get(url)

    assert page.status_code == 200
    assert Scorecard.objects.count() == before
    assert page.context["form"]["version"].value() == 1

    response = client.post(url, {**_form_data(judged), "save": "1"})

    assert response.status_code == 302
    assert Scorecard.objects.count() == before + 1
    card = Scorecard.objects.get(assignment=judged)
    assert card.status == Scorecard.Status.DRAFT
    assert card.version == 2
    assert card.overall_comment == "A strong entry"
    assert card.scores.count() == len(judged.round.award.ordered_criteria)


def test_a_draft_keeps_what_was_typed_and_an_unscored_principle_is_not_not_applicable(
    judged, judge, client_for
):
    data = _form_data(judged)
    skipped = judged.round.award.ordered_criteria[1]
    del data[f"score_{skipped.pk}"]

    client_for(judge).post(reverse("judging:scorecard", args=[judged.uuid]), {**data, "save": "1"})

    card = Scorecard.objects.get(assignment=judged)
    assert card.status == Scorecard.Status.DRAFT
    assert not card.scores.filter(criterion=skipped).exists()
    assert card.overall_comment == "A strong entry"


def test_not_applicable_is_refused_when_the_round_does_not_allow_it(judge, open_award):
    round = RoundFactory(award=open_award, allow_not_applicable=False)
    judged = assignment(
        round=round, judge=judge, nomination=eligible_nomination(award=open_award), opened=True
    )
    card = judged.scorecard
    criterion = open_award.ordered_criteria[0]

    with pytest.raises(services.ServiceError):
        services.scorecard_save(
            scorecard=card, by=judge, version=card.version, scores={criterion.pk: (None, "")}
        )


@pytest.mark.parametrize("allowed", [True, False])
def test_others_scores_are_shown_only_after_submitting_and_only_if_the_round_allows(
    allowed, judge, open_award, client_for
):
    round = RoundFactory(award=open_award, others_scores_after_submit=allowed)
    entry = eligible_nomination(award=open_award)
    mine = assignment(round=round, judge=judge, nomination=entry, opened=True)
    other_judge = judge_user()
    theirs = assignment(round=round, judge=other_judge, nomination=entry, opened=True)
    client_for(other_judge).post(
        reverse("judging:scorecard", args=[theirs.uuid]),
        {**_form_data(theirs, "1"), "submit": "1"},
    )
    client = client_for(judge)
    url = reverse("judging:scorecard", args=[mine.uuid])

    before = client.get(url).content.decode()
    client.post(url, {**_form_data(mine, "4"), "submit": "1"})
    after = client.get(url).content.decode()

    assert "submitted scores:" not in before
    assert ("Other judges' submitted scores: 1" in after) is allowed


def test_staff_reopen_a_submitted_scorecard_with_a_reason_that_is_logged(
    judged, judge, staff, client_for
):
    from wagtail.models import ModelLogEntry

    client_for(judge).post(
        reverse("judging:scorecard", args=[judged.uuid]), {**_form_data(judged), "submit": "1"}
    )
    url = reverse("judging_admin:scorecard_reopen", args=[judged.round.pk, judged.pk])
    staff_client = client_for(staff)

    no_reason = staff_client.post(url, {"reason": ""}, follow=True)
    staff_client.post(url, {"reason": "Judge asked to correct principle 3"})

    assert any("Give a reason" in str(m) for m in no_reason.context["messages"])
    assert Scorecard.objects.get(assignment=judged).status == Scorecard.Status.DRAFT
    entry = ModelLogEntry.objects.get(action="judging.scorecard.reopen")
    assert entry.data["reason"] == "Judge asked to correct principle 3"


def test_staff_remove_an_assignment_with_a_reason_that_is_logged(judged, staff, client_for):
    from wagtail.models import ModelLogEntry

    from judging.models import Assignment

    url = reverse("judging_admin:assignment_remove", args=[judged.round.pk, judged.pk])

    client_for(staff).post(url, {"reason": "Judge unwell"})

    assert not Assignment.objects.filter(pk=judged.pk).exists()
    entry = ModelLogEntry.objects.get(action="judging.assignment.remove")
    assert entry.data["reason"] == "Judge unwell"
    assert entry.data["nomination"] == judged.nomination_id


def test_rubric_descriptors_are_left_out_on_a_scale_they_were_not_written_for(
    judge, open_award, client_for
):
    from awards.models import Principle

    Principle.objects.update(rubric=[f"Level {n} descriptor" for n in range(6)])
    round = RoundFactory(award=open_award, scale_max=10)
    judged = assignment(
        round=round, judge=judge, nomination=eligible_nomination(award=open_award), opened=True
    )

    content = client_for(judge).get(reverse("judging:scorecard", args=[judged.uuid])).content

    assert b"Level 3 descriptor" not in content
    assert b'value="10"' in content


# --- nothing typed is lost ---


def _typed(
    assignment_, value="3", comment="Typed but never saved", overall="My overall view", version=1
):
    data = _form_data(assignment_, value=value, version=version)
    for criterion in assignment_.round.award.ordered_criteria:
        data[f"comment_{criterion.pk}"] = f"{comment} ({criterion.principle.number})"
    data["overall_comment"] = overall
    return data


def test_a_save_after_the_round_closed_shows_what_was_typed_read_only_with_why(
    judged, judge, client_for
):
    from datetime import timedelta

    from django.utils import timezone

    from judging.models import Round

    client = client_for(judge)
    url = reverse("judging:scorecard", args=[judged.uuid])
    assert client.get(url).status_code == 200
    # The round closes while the judge is typing.
    Round.objects.filter(pk=judged.round_id).update(closes_at=timezone.now() - timedelta(seconds=2))

    response = client.post(url, {**_typed(judged), "save": "1"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "What you typed (not saved)" in content
    assert "closed at" in content
    assert 'id="kil-not-saved-text" rows="12" readonly' in content
    for criterion in judged.round.award.ordered_criteria:
        assert f"Typed but never saved ({criterion.principle.number})" in content
    assert "My overall view" in content
    assert "keepitlocal@locality.org.uk" in content
    assert 'class="kil-error-summary"' in content
    card = Scorecard.objects.get(assignment=judged)
    assert card.version == 1 and not card.overall_comment


def test_a_save_on_a_scorecard_submitted_in_another_tab_shows_what_was_typed(
    judged, judge, client_for
):
    client = client_for(judge)
    url = reverse("judging:scorecard", args=[judged.uuid])
    client.post(url, {**_form_data(judged), "submit": "1"})

    response = client.post(url, {**_typed(judged, version=2), "save": "1"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "submitted and is locked" in content
    assert "Typed but never saved (1)" in content
    assert Scorecard.objects.get(assignment=judged).overall_comment == "A strong entry"


def test_after_a_save_from_another_tab_the_form_comes_back_current_and_the_next_save_works(
    judged, judge, client_for
):
    import re

    client = client_for(judge)
    url = reverse("judging:scorecard", args=[judged.uuid])
    first_criterion = judged.round.award.ordered_criteria[0]
    other_tab = {**_form_data(judged, value="2"), "overall_comment": "Saved in tab one"}
    client.post(url, {**other_tab, "save": "1"})

    # This tab still has version 1.
    response = client.post(url, {**_typed(judged, value="5"), "save": "1"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "saved elsewhere" in content
    current = Scorecard.objects.get(assignment=judged).version
    assert re.search(rf'name="version" value="{current}"', content)
    # The person's own text stays in the fields; the other tab's is shown beside it.
    assert f"Typed but never saved ({first_criterion.principle.number})" in content
    assert re.search(rf'name="score_{first_criterion.pk}" value="5"[^>]*checked', content)
    assert "Saved in the other tab or device:" in content
    assert "Saved in tab one" in content

    version = re.search(r'name="version" value="(\d+)"', content).group(1)
    again = client.post(url, {**_typed(judged, value="5"), "version": version, "save": "1"})

    assert again.status_code == 302
    card = Scorecard.objects.get(assignment=judged)
    assert card.overall_comment == "My overall view"
    assert set(card.scores.values_list("value", flat=True)) == {5}
