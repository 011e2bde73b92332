"""Personal data: erased when the retention period runs out (leaving an anonymous record whose scores
still add up), a person's own copy, deleting an account, and the privacy notice."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from awards.memberships import membership_remove, membership_restore
from awards.models import AwardPage, CouncilMembership, Evidence, Nomination, PartnerOrganisation
from awards.services import nomination_save, nomination_set_outcome
from judging import services as judging_services
from judging.models import Score, Scorecard
from tests.factories import (
    PASSWORD,
    AwardPageFactory,
    NominationFactory,
    RoundFactory,
    assignment,
    council_of,
    eligible_nomination,
    judge_user,
    officer_user,
    staff_user,
)
from tests.factories.showcase import story_page

pytestmark = pytest.mark.django_db


def _scored(nomination, round, judge, staff):
    scorecard = assignment(round=round, judge=judge, nomination=nomination, by=staff).scorecard
    criteria = [c.pk for c in round.award.ordered_criteria]
    scorecard = judging_services.scorecard_save(
        scorecard=scorecard,
        by=judge,
        version=scorecard.version,
        scores=dict.fromkeys(criteria, (3, "Good")),
    )
    return judging_services.scorecard_submit(scorecard=scorecard, by=judge)


def _age(award, *, days):
    closes = timezone.now() - timedelta(days=days)
    AwardPage.objects.filter(pk=award.pk).update(
        opens_at=closes - timedelta(days=60), closes_at=closes
    )


@pytest.fixture
def old_round(settings):
    """Two scored entries of an award that closed four years ago, one of them a winner whose story
    was published with consent; and an entry of this year's award."""
    settings.PERSONAL_DATA_RETENTION_DAYS = 3 * 365
    staff, judge = staff_user(), judge_user()
    award = AwardPageFactory()
    plain = eligible_nomination(award=award, staff=staff, publication_consent=True)
    winner = eligible_nomination(award=award, staff=staff, publication_consent=True)
    round = RoundFactory(award=award)
    for nomination in (plain, winner):
        _scored(nomination, round, judge, staff)
    nomination_set_outcome(nomination=winner, by=staff, outcome="winner")
    _age(award, days=4 * 365)
    AwardPage.objects.filter(pk=award.pk).update(
        results_announced_at=timezone.now() - timedelta(days=4 * 365 - 30)
    )
    story_page(source_nomination=winner, council=winner.council)
    recent = eligible_nomination(award=AwardPageFactory(), staff=staff)
    return plain, winner, recent


def test_dry_run_lists_what_would_be_erased_and_changes_nothing(old_round):
    plain, winner, recent = old_round
    out = StringIO()

    call_command("erase_expired_personal_data", "--dry-run", stdout=out)

    assert "Would erase personal data of 2 nomination(s)" in out.getvalue()
    assert plain.reference in out.getvalue() and recent.reference not in out.getvalue()
    assert Nomination.objects.filter(contact_name="Sam Patel").count() == 3
    assert Evidence.objects.count() == 3


def test_personal_data_past_retention_is_erased_and_the_anonymous_record_still_adds_up(
    old_round, local_evidence_storage
):
    plain, winner, recent = old_round
    stored = {e.pk: local_evidence_storage / e.file.name for e in Evidence.objects.all()}
    assert all(path.exists() for path in stored.values())
    scores_before = sorted(Score.objects.values_list("scorecard_id", "criterion_id", "value"))

    call_command("erase_expired_personal_data", stdout=StringIO())

    plain.refresh_from_db()
    assert (plain.contact_name, plain.contact_job_title, plain.contact_phone) == ("", "", "")
    assert (plain.summary, plain.partners) == ("", "")
    assert plain.created_by is None and plain.submitted_by is None
    assert set(plain.statements.values_list("text", flat=True)) == {""}
    assert not PartnerOrganisation.objects.filter(nomination=plain).exclude(
        contact_name="", contact_email="", contact_phone=""
    )
    # The anonymous record: council, year, status, reference, title, scores.
    assert plain.status == Nomination.Status.ELIGIBLE and plain.reference and plain.title
    assert plain.personal_data_erased_at is not None
    assert PartnerOrganisation.objects.filter(nomination=plain).count() == 2  # names of bodies
    assert sorted(Score.objects.values_list("scorecard_id", "criterion_id", "value")) == (
        scores_before
    )
    assert Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED).count() == 2
    # Evidence gone from the database and from storage, except this year's.
    assert list(Evidence.objects.values_list("nomination_id", flat=True)) == [recent.pk]
    assert [pk for pk, path in stored.items() if path.exists()] == [Evidence.objects.get().pk]
    # Published with consent: the text it came from stays; contacts go all the same.
    winner.refresh_from_db()
    assert winner.summary and all(winner.statements.values_list("text", flat=True))
    assert winner.contact_name == "" and winner.created_by is None
    # This year's entry is untouched.
    recent.refresh_from_db()
    assert recent.contact_name == "Sam Patel" and recent.personal_data_erased_at is None
    assert ModelLogEntry.objects.filter(action="awards.nomination.erase").count() == 2
    # The award's tamper-evident record survives erasure (it holds none of what was erased).
    call_command("verify_audit_log")


def test_erasure_runs_once(old_round):
    call_command("erase_expired_personal_data", stdout=StringIO())
    out = StringIO()

    call_command("erase_expired_personal_data", stdout=out)

    assert "of 0 nomination(s)" in out.getvalue()


def test_a_person_downloads_their_own_data(officer, open_award, client_for):
    nomination = NominationFactory(
        award=open_award, council=council_of(officer), created_by=officer
    )
    someone_elses = NominationFactory(award=AwardPageFactory())
    client = client_for(officer)

    page = client.get(reverse("privacy:your_data"))
    response = client.post(reverse("privacy:download"))

    assert page.status_code == 200
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == officer.email
    assert [m["organisation"] for m in data["memberships"]] == [nomination.council.name]
    assert [n["title"] for n in data["nominations"]] == [nomination.title]
    assert data["nominations"][0]["lead_contact"]["name"] == "Sam Patel"
    assert someone_elses.title not in response.content.decode()
    assert client.get(reverse("privacy:download")).status_code == 405


def test_deleting_an_account_needs_confirmation_and_leaves_the_nomination_with_the_council(
    officer, open_award, client_for
):
    colleague = officer_user(council=council_of(officer))
    nomination = NominationFactory(
        award=open_award, council=council_of(officer), created_by=officer
    )
    client = client_for(officer)
    url = reverse("privacy:delete_account")

    unconfirmed = client.post(url, {"password": PASSWORD})
    wrong = client.post(url, {"password": "not it", "confirm": "on"})
    assert unconfirmed.status_code == wrong.status_code == 200
    assert "Confirm that you want to delete your account" in unconfirmed.content.decode()
    assert "The password is not right" in wrong.content.decode()
    assert type(officer).objects.filter(pk=officer.pk).exists()

    done = client.post(url, {"password": PASSWORD, "confirm": "on"})

    assert done.status_code == 302
    assert not type(officer).objects.filter(pk=officer.pk).exists()
    nomination.refresh_from_db()
    assert nomination.created_by is None and nomination.council_id
    colleague_view = client_for(colleague).get(
        reverse("awards:nomination_overview", args=[nomination.uuid])
    )
    assert colleague_view.status_code == 200
    assert client.get(reverse("awards:nomination_list")).status_code == 302  # signed out


def test_judges_and_staff_cannot_delete_their_own_accounts(judge, client_for):
    response = client_for(judge).post(
        reverse("privacy:delete_account"), {"password": PASSWORD, "confirm": "on"}
    )

    assert response.status_code == 302
    assert type(judge).objects.filter(pk=judge.pk).exists()


def test_privacy_notice_is_at_privacy_and_says_what_is_kept_and_for_how_long(client):
    response = client.get("/privacy/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Privacy notice" in content
    assert "Three years after the award you entered closes" in content
    assert "telephone numbers" in content
    assert 'href="/privacy/"' in client.get("/").content.decode()


def test_a_removed_members_copy_holds_their_part_not_what_colleagues_wrote_since(
    open_award, client_for
):
    leaver = officer_user()
    council = council_of(leaver)
    colleague = officer_user(council=council)
    nomination = NominationFactory(award=open_award, council=council, created_by=leaver)
    nomination = nomination_save(
        nomination=nomination,
        by=leaver,
        version=nomination.version,
        fields={"summary": "What the leaver wrote."},
    )
    membership_remove(
        membership=CouncilMembership.objects.get(user=leaver, council=council), by=staff_user()
    )
    nomination.refresh_from_db()
    nomination_save(
        nomination=nomination,
        by=colleague,
        version=nomination.version,
        fields={"summary": "Rewritten by a colleague afterwards.", "contact_phone": "07700 900123"},
        partners=[
            {
                "name": "Northshire Food Bank",
                "contact_name": "Alex Partner",
                "contact_email": "alex@foodbank.example",
                "contact_phone": "07700 900456",
            }
        ],
    )

    response = client_for(leaver).post(reverse("privacy:download"))

    assert response.status_code == 200
    text = response.content.decode()
    for written_after in (
        "Rewritten by a colleague",
        "07700 900123",
        "07700 900456",
        "Alex Partner",
    ):
        assert written_after not in text
    [entry] = json.loads(response.content)["nominations"]
    assert entry["you_started_it"] is True
    assert entry["organisation"] == council.name
    assert entry["your_access"] == "ended"
    assert [save["answers"] for save in entry["your_saves"]] == [["summary"]]
    assert "summary" not in entry and "partner_organisations" not in entry

    # Restored, they see the nomination again, and so get it in full.
    membership_restore(
        membership=CouncilMembership.objects.get(user=leaver, council=council), by=staff_user()
    )
    again = json.loads(client_for(leaver).post(reverse("privacy:download")).content)
    assert again["nominations"][0]["summary"] == "Rewritten by a colleague afterwards."
