"""Autosave of a draft scorecard (site.js posts the form every 30 seconds): the same form and the same
save as "Save draft", answered in JSON: 200 saved, 400 invalid, 401 signed out, 403 refused, 409
saved elsewhere, locked or closed."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from judging import services
from judging.models import Round, Scorecard
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
    award = AwardPageFactory()
    opened = assignment(
        round=RoundFactory(award=award), judge=judge, nomination=eligible_nomination(award=award)
    )
    return services.assignment_confirm_no_conflict(assignment=opened, by=judge)


def _url(assignment_):
    return reverse("judging:scorecard_autosave", args=[assignment_.uuid])


def _loaded(client, assignment_) -> dict:
    page = client.get(reverse("judging:scorecard", args=[assignment_.uuid]))
    assert f'data-autosave-url="{_url(assignment_)}"' in page.content.decode()
    return {"version": page.context["form"]["version"].value(), "overall_comment": ""}


def _first(assignment_):
    return assignment_.round.award.ordered_criteria[0]


def test_autosave_saves_a_draft_and_answers_with_the_new_version(judged, judge, client_for):
    client = client_for(judge)
    data = _loaded(client, judged) | {
        f"score_{_first(judged).pk}": "4",
        f"comment_{_first(judged).pk}": "Strong",
        "overall_comment": "Half way through",
    }

    response = client.post(_url(judged), data)

    card = Scorecard.objects.get(assignment=judged)
    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is True
    assert answer["version"] == card.version == data["version"] + 1
    assert re.fullmatch(
        r"Your scores were saved automatically as a draft at (\d{1,2}(:\d\d)?[ap]m|midday|midnight)\.",
        answer["message"],
    )
    assert card.status == Scorecard.Status.DRAFT
    assert card.overall_comment == "Half way through"
    assert list(card.scores.values_list("value", "comment")) == [(4, "Strong")]


def test_the_first_autosave_of_an_entry_viewed_without_a_scorecard_creates_it(
    judged, judge, client_for
):
    Scorecard.objects.filter(assignment=judged).delete()
    client = client_for(judge)
    data = _loaded(client, judged) | {f"score_{_first(judged).pk}": "3"}
    assert not Scorecard.objects.filter(assignment=judged).exists()

    response = client.post(_url(judged), data)

    assert response.status_code == 200
    card = Scorecard.objects.get(assignment=judged)
    assert response.json()["version"] == card.version == 2
    assert list(card.scores.values_list("value", flat=True)) == [3]


def test_autosave_of_an_impossible_score_saves_nothing(judged, judge, client_for):
    client = client_for(judge)
    data = _loaded(client, judged) | {f"score_{_first(judged).pk}": "9"}

    response = client.post(_url(judged), data)

    assert response.status_code == 400
    assert response.json()["saved"] is False
    assert not Scorecard.objects.get(assignment=judged).scores.exists()


def test_autosave_signed_out_is_a_401_in_json(judged, judge, client_for):
    data = _loaded(client_for(judge), judged) | {"overall_comment": "Typed"}

    response = Client().post(_url(judged), data)

    assert response.status_code == 401
    assert response.json()["signed_out"] is True
    assert Scorecard.objects.get(assignment=judged).overall_comment == ""


def test_autosave_by_a_judge_not_given_the_entry_is_refused_with_403(judged, judge, client_for):
    data = _loaded(client_for(judge), judged) | {"overall_comment": "Not mine"}

    response = client_for(judge_user()).post(_url(judged), data)

    assert response.status_code == 403
    assert response.json()["saved"] is False
    assert Scorecard.objects.get(assignment=judged).overall_comment == ""


def test_autosave_after_a_save_in_another_tab_is_a_409(judged, judge, client_for):
    client = client_for(judge)
    data = _loaded(client, judged)
    card = Scorecard.objects.get(assignment=judged)
    services.scorecard_save(
        scorecard=card, by=judge, version=card.version, scores={}, overall_comment="Other tab"
    )

    response = client.post(_url(judged), data | {"overall_comment": "This tab"})

    assert response.status_code == 409
    assert "saved elsewhere" in response.json()["message"]
    assert Scorecard.objects.get(assignment=judged).overall_comment == "Other tab"


def test_autosave_of_a_submitted_scorecard_or_a_closed_round_is_a_409(judged, judge, client_for):
    client = client_for(judge)
    data = _loaded(client, judged) | {"overall_comment": "Late"}
    Round.objects.filter(pk=judged.round_id).update(closes_at=timezone.now() - timedelta(minutes=1))

    response = client.post(_url(judged), data)

    assert response.status_code == 409
    assert response.json()["saved"] is False
    assert Scorecard.objects.get(assignment=judged).overall_comment == ""


def test_autosave_needs_a_post(judged, judge, client_for):
    assert client_for(judge).get(_url(judged)).status_code == 405
