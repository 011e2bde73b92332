"""Conflicts of interest: declared before allocation, confirmed on opening an entry, respected by
allocation and by manual assignment; a late declaration removes the assignment and is logged."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from home.errors import ServiceError
from judging import services
from judging.models import Assignment, ConflictDeclaration, ConflictReview, Scorecard
from tests.factories import (
    CouncilFactory,
    RoundFactory,
    assignment,
    eligible_nomination,
    judge_user,
)

pytestmark = pytest.mark.django_db


def conflicts_url(award):
    return reverse("judging:conflicts", args=[award.year])


def test_judge_declares_a_conflict_with_an_entrant_before_allocation(
    judge, staff, open_award, client_for, mailoutbox
):
    RoundFactory(award=open_award, is_blind=False)
    entry = eligible_nomination(award=open_award, staff=staff)
    client = client_for(judge)

    page = client.get(conflicts_url(open_award))
    assert entry.council.name in page.content.decode()  # not blind: entrants are listed

    response = client.post(
        conflicts_url(open_award),
        {"action": "declare", "council": entry.council.pk, "reason": "I sit on its scrutiny panel"},
    )

    assert response.status_code == 302
    declaration = ConflictDeclaration.objects.get(judge=judge)
    assert (declaration.council, declaration.award) == (entry.council, open_award)
    assert declaration.reason == "I sit on its scrutiny panel"
    assert declaration.source == ConflictDeclaration.Source.BEFORE_ALLOCATION
    assert ModelLogEntry.objects.filter(action="judging.conflict.declare").exists()
    assert mailoutbox == []  # nothing was allocated, so nobody needs telling


def test_a_declaration_needs_a_reason_and_keeps_what_was_typed(judge, open_award, client_for):
    RoundFactory(award=open_award, is_blind=False)
    entry = eligible_nomination(award=open_award)

    response = client_for(judge).post(
        conflicts_url(open_award), {"action": "declare", "council": entry.council.pk, "reason": ""}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Say what the conflict of interest is" in content
    assert "kil-error-summary" in content
    assert not ConflictDeclaration.objects.exists()


def test_in_a_blind_award_entrants_are_not_listed_and_judges_name_the_organisation(
    judge, open_award, client_for
):
    RoundFactory(award=open_award, is_blind=True)
    entry = eligible_nomination(award=open_award, council=CouncilFactory(name="Kirklees Council"))
    CouncilFactory(name="Calderdale Council", email_domains="calderdale.gov.uk")
    client = client_for(judge)

    page = client.get(conflicts_url(open_award)).content.decode()
    assert "Kirklees" not in page

    by_domain = client.post(
        conflicts_url(open_award),
        {"action": "declare", "organisation": "calderdale.gov.uk", "reason": "Former employer"},
    )
    by_name = client.post(
        conflicts_url(open_award),
        {
            "action": "declare",
            "organisation": "kirklees council",
            "reason": "My partner works there",
        },
    )
    unknown = client.post(
        conflicts_url(open_award),
        {"action": "declare", "organisation": "Nowhere Council", "reason": "Typed in a hurry"},
    )

    assert by_domain.status_code == by_name.status_code == 302
    assert set(ConflictDeclaration.objects.values_list("council__name", flat=True)) == {
        "Calderdale Council",
        entry.council.name,
    }
    assert unknown.status_code == 200
    assert "We cannot find an organisation called Nowhere Council" in unknown.content.decode()
    assert "Typed in a hurry" in unknown.content.decode()


def test_judge_confirms_declarations_are_complete(judge, open_award, client_for):
    RoundFactory(award=open_award)
    client = client_for(judge)

    refused = client.post(conflicts_url(open_award), {"action": "confirm"})
    done = client.post(conflicts_url(open_award), {"action": "confirm", "confirm": "on"})

    assert refused.status_code == 200
    assert "Confirm that you have declared your conflicts of interest" in (refused.content.decode())
    assert done.status_code == 302
    assert ConflictReview.objects.filter(judge=judge, award=open_award).exists()
    dashboard = client.get(reverse("judging:dashboard")).content.decode()
    assert "You confirmed your conflicts of interest" in dashboard


def test_allocation_never_gives_a_judge_a_declared_conflict(staff, open_award, client_for):
    round = RoundFactory(award=open_award, judges_per_entry=2)
    entries = [eligible_nomination(award=open_award, staff=staff) for _ in range(4)]
    judges = [judge_user() for _ in range(3)]
    services.conflict_declare(
        judge=judges[0],
        award=open_award,
        council=entries[0].council,
        reason="Trustee of a partner",
        by=judges[0],
    )

    client_for(staff).post(reverse("judging_admin:round_allocate", args=[round.pk]))

    pairs = set(Assignment.objects.filter(round=round).values_list("judge_id", "nomination_id"))
    assert (judges[0].pk, entries[0].pk) not in pairs
    assert all(sum(1 for _j, n in pairs if n == e.pk) == 2 for e in entries)
    loads = [sum(1 for j, _n in pairs if j == judge.pk) for judge in judges]
    assert max(loads) - min(loads) <= 1


def test_staff_cannot_assign_a_conflicted_judge_by_hand(staff, open_award, client_for):
    round = RoundFactory(award=open_award)
    entry = eligible_nomination(award=open_award, staff=staff)
    judge = judge_user()
    services.conflict_declare(
        judge=judge, award=open_award, council=entry.council, reason="Former employee", by=judge
    )

    response = client_for(staff).post(
        reverse("judging_admin:round_manage", args=[round.pk]),
        {"judge": judge.pk, "nomination": entry.pk},
        follow=True,
    )

    assert not Assignment.objects.exists()
    assert any("conflict of interest" in str(m) for m in response.context["messages"])
    with pytest.raises(ServiceError):
        services.assignment_create(round=round, judge=judge, nomination=entry, by=staff)


def test_opening_an_entry_asks_about_conflicts_before_showing_it(judge, open_award, client_for):
    round = RoundFactory(award=open_award, is_blind=False)
    entry = eligible_nomination(award=open_award)
    judged = assignment(round=round, judge=judge, nomination=entry)
    client = client_for(judge)
    url = reverse("judging:scorecard", args=[judged.uuid])

    check = client.get(url).content.decode()
    missing_answer = client.post(reverse("judging:entry_conflict", args=[judged.uuid]), {})
    confirmed = client.post(reverse("judging:entry_conflict", args=[judged.uuid]), {"answer": "no"})
    page = client.get(url).content.decode()

    assert "Do you have a conflict of interest with this entry?" in check
    assert entry.council.name in check  # not blind: the judge is told whose entry it is
    assert "How we put principle 1 into practice" not in check
    assert "Select whether you have a conflict of interest" in missing_answer.content.decode()
    assert confirmed.status_code == 302
    assert "How we put principle 1 into practice" in page
    judged.refresh_from_db()
    assert judged.conflict_checked_at is not None


def test_declaring_a_conflict_on_opening_removes_the_entry_and_tells_the_award_team(
    judge, staff, open_award, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    round = RoundFactory(award=open_award, is_blind=True)
    entry = eligible_nomination(award=open_award, staff=staff)
    judged = assignment(round=round, judge=judge, nomination=entry)
    client = client_for(judge)
    conflict_url = reverse("judging:entry_conflict", args=[judged.uuid])

    no_reason = client.post(conflict_url, {"answer": "yes", "reason": " "})
    with django_capture_on_commit_callbacks(execute=True):
        declared = client.post(conflict_url, {"answer": "yes", "reason": "I advised them"})

    assert "Say what the conflict of interest is" in no_reason.content.decode()
    assert declared.status_code == 302
    assert declared["Location"] == reverse("judging:dashboard")
    assert not Assignment.objects.filter(pk=judged.pk).exists()
    declaration = ConflictDeclaration.objects.get(judge=judge)
    assert declaration.council == entry.council
    assert declaration.nomination == entry
    assert declaration.assignments_removed == 1
    removed = ModelLogEntry.objects.get(action="judging.assignment.conflict")
    assert removed.data["nomination"] == entry.pk
    assert removed.user_id == judge.pk
    assert client.get(reverse("judging:scorecard", args=[judged.uuid])).status_code == 404
    (notice,) = mailoutbox
    assert entry.council.name in notice.body  # to the award team, never to the judge
    assert notice.to == ["award-team@keepitlocal.example"]
    # In a blind round the judge's own list shows the entry, not the council it belongs to.
    declarations = client.get(conflicts_url(open_award)).content.decode()
    assert entry.reference in declarations
    assert entry.council.name not in declarations


def test_a_conflict_recognised_while_scoring_removes_a_submitted_scorecard_too(
    judge, open_award, client_for
):
    round = RoundFactory(award=open_award)
    entry = eligible_nomination(award=open_award)
    judged = assignment(round=round, judge=judge, nomination=entry, opened=True)
    card = judged.scorecard
    criteria = open_award.ordered_criteria
    card = services.scorecard_save(
        scorecard=card, by=judge, version=card.version, scores={c.pk: (3, "") for c in criteria}
    )
    services.scorecard_submit(scorecard=card, by=judge)
    client = client_for(judge)

    response = client.post(
        reverse("judging:entry_conflict", args=[judged.uuid]),
        {"late": "1", "reason": "Recognised the partnership: I chair it"},
    )

    assert response.status_code == 302
    assert not Scorecard.objects.filter(pk=card.pk).exists()
    log = ModelLogEntry.objects.get(action="judging.assignment.conflict")
    assert log.data["scorecard"] == "submitted"


def test_a_declaration_for_a_council_takes_every_round_of_the_award_off_the_judges_list(
    judge, staff, open_award
):
    first, second = RoundFactory(award=open_award), RoundFactory(award=open_award)
    entry = eligible_nomination(award=open_award, staff=staff)
    other = eligible_nomination(award=open_award, staff=staff)
    assignment(round=first, judge=judge, nomination=entry)
    assignment(round=second, judge=judge, nomination=entry)
    kept = assignment(round=first, judge=judge, nomination=other)

    declaration = services.conflict_declare(
        judge=judge, award=open_award, council=entry.council, reason="Employee", by=judge
    )

    assert declaration.assignments_removed == 2
    assert list(Assignment.objects.filter(judge=judge)) == [kept]


def test_staff_see_every_declaration(staff, judge, open_award, client_for):
    round = RoundFactory(award=open_award)
    entry = eligible_nomination(award=open_award, staff=staff)
    services.conflict_declare(
        judge=judge, award=open_award, council=entry.council, reason="Board member", by=judge
    )
    client = client_for(staff)

    listing = client.get(reverse("judging_conflictdeclaration_modeladmin_index"))
    manage = client.get(reverse("judging_admin:round_manage", args=[round.pk]))

    assert listing.status_code == 200
    assert entry.council.name in listing.content.decode()
    assert "Board member" in manage.content.decode()
    assert client_for(judge).get(
        reverse("judging_conflictdeclaration_modeladmin_index")
    ).status_code in {302, 403}


def test_declaring_by_name_in_a_blind_award_does_not_reveal_whether_the_council_entered(
    judge, open_award, client_for
):
    round = RoundFactory(award=open_award, is_blind=True)
    entered = eligible_nomination(award=open_award, council=CouncilFactory(name="Kirklees Council"))
    assignment(round=round, judge=judge, nomination=entered)
    CouncilFactory(name="Calderdale Council", email_domains="calderdale.gov.uk")
    client = client_for(judge)

    def message_after_declaring(name):
        response = client.post(
            conflicts_url(open_award),
            {"action": "declare", "organisation": name, "reason": "Former employer"},
            follow=True,
        )
        (message,) = [str(m) for m in response.context["messages"]]
        return message.replace(name, "NAME")

    assert message_after_declaring("Kirklees Council") == message_after_declaring(
        "Calderdale Council"
    )
    # Kept on the list, so that its going does not point at it, but set aside: its scores do not
    # count (tests/judging/test_blind.py shows the judge's pages do not change).
    (kept,) = judge.judging_assignments.all()
    assert kept.nomination == entered and kept.conflicted_at is not None


def test_declaring_on_opening_a_set_aside_entry_takes_it_off_the_list_like_any_other(
    judge, open_award, client_for
):
    round = RoundFactory(award=open_award, is_blind=True)
    entry = eligible_nomination(award=open_award)
    judged = assignment(round=round, judge=judge, nomination=entry)
    services.conflict_declare(
        judge=judge, award=open_award, council=entry.council, reason="Former employer", by=judge
    )

    response = client_for(judge).post(
        reverse("judging:entry_conflict", args=[judged.uuid]),
        {"answer": "yes", "reason": "I advised them"},
    )

    assert response.status_code == 302
    assert not Assignment.objects.filter(pk=judged.pk).exists()


def test_a_late_declaration_without_a_reason_keeps_the_scores_typed_so_far(
    judge, open_award, client_for
):
    import re

    round = RoundFactory(award=open_award)
    judged = assignment(
        round=round, judge=judge, nomination=eligible_nomination(award=open_award), opened=True
    )
    criteria = open_award.ordered_criteria
    client = client_for(judge)
    page = client.get(reverse("judging:scorecard", args=[judged.uuid])).content.decode()
    # The declaration is part of the scorecard's form, sent to its own address.
    assert f'formaction="{reverse("judging:entry_conflict", args=[judged.uuid])}"' in page
    typed = {"version": "1", "overall_comment": "Overall, typed not saved"}
    for criterion in criteria:
        typed[f"score_{criterion.pk}"] = "2"
        typed[f"comment_{criterion.pk}"] = f"Typed comment {criterion.principle.number}"

    response = client.post(
        reverse("judging:entry_conflict", args=[judged.uuid]),
        {**typed, "late": "1", "reason": ""},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="kil-error-summary"' in content
    assert 'href="#id_reason"' in content
    assert 'id="id_reason_error"' in content
    assert content.count("Say what the conflict of interest is") >= 2
    for criterion in criteria:
        assert f"Typed comment {criterion.principle.number}" in content
        assert re.search(rf'name="score_{criterion.pk}" value="2"[^>]*checked', content)
    assert "Overall, typed not saved" in content
    assert Assignment.objects.filter(pk=judged.pk).exists()
    assert not judged.scorecard.scores.exists()
