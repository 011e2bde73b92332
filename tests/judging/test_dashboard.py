"""The judge's dashboard: entries by round with progress, the next entry to score, declarations."""

import pytest
from django.urls import reverse

from judging import services
from tests.factories import AwardPageFactory, RoundFactory, assignment, eligible_nomination

pytestmark = pytest.mark.django_db

# Measured 12 at 1 and at 50 entries: two of them prefetch the rounds and awards once, instead of
# building them for every row (tests/bench: the 200-entry dashboard in half the time).
DASHBOARD_QUERY_BOUND = 12


@pytest.mark.parametrize("count", [1, 50])
def test_dashboard_queries_do_not_grow_with_entries(
    count, judge, staff, client_for, django_assert_max_num_queries
):
    award = AwardPageFactory()
    round = RoundFactory(award=award)
    for index in range(count):
        nomination = eligible_nomination(award=award, staff=staff)
        judged = assignment(round=round, judge=judge, nomination=nomination, opened=True)
        if index % 2:
            card = judged.scorecard
            card = services.scorecard_save(
                scorecard=card,
                by=judge,
                version=card.version,
                scores={c.pk: (3, "") for c in award.ordered_criteria},
            )
            services.scorecard_submit(scorecard=card, by=judge)
    client = client_for(judge)
    client.get(reverse("judging:dashboard"))

    with django_assert_max_num_queries(DASHBOARD_QUERY_BOUND):
        response = client.get(reverse("judging:dashboard"))

    assert response.status_code == 200
    content = response.content.decode()
    assert f"{count // 2} of {count} scored" in content
    assert content.count(reverse("judging:scorecard", args=[judged.uuid])) >= 1


def test_dashboard_groups_rounds_and_points_to_the_next_entry(judge, staff, client_for):
    award = AwardPageFactory()
    shortlisting, final = (
        RoundFactory(award=award, name="Shortlisting"),
        RoundFactory(award=award, name="Final"),
    )
    entries = [eligible_nomination(award=award, staff=staff) for _ in range(2)]
    first = assignment(round=shortlisting, judge=judge, nomination=entries[0])
    assignment(round=final, judge=judge, nomination=entries[1])

    content = client_for(judge).get(reverse("judging:dashboard")).content.decode()

    assert "Shortlisting" in content and "Final" in content
    assert content.count("0 of 1 scored") == 2
    assert "Score the next entry" in content
    assert reverse("judging:scorecard", args=[first.uuid]) in content
    assert "Declare conflicts of interest for" in content
