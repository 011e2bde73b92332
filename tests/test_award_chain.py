"""The whole award chain over HTTP: a council nominates, staff triage, a judge scores, staff decide, an
editor writes the winner's story and submits it, a moderator approves it, and the public reads it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardPage, Nomination, ShowcaseStoryPage
from judging.models import Round, Scorecard
from tests.auth import enable_totp, mfa_session, sign_in_with_totp
from tests.awards.story_editor import post_editor
from tests.factories import (
    AwardPageFactory,
    council_of,
    editor_user,
    judge_user,
    moderator_user,
    officer_user,
    pdf_file,
    staff_user,
)

pytestmark = pytest.mark.django_db


def _post_ok(client: Client, url: str, data=None, **kwargs):
    response = client.post(url, data or {}, **kwargs)
    assert response.status_code == 302, (
        f"{url}: {response.status_code}\n{response.content.decode()[:2000]}"
    )
    return response


def _officer_nominates(client: Client, award) -> Nomination:
    response = client.get(reverse("awards:nomination_list"))
    assert "Start your nomination" in response.content.decode()
    council_id = response.context["councils"][0].pk
    _post_ok(client, reverse("awards:nomination_start"), {"council": council_id})
    nomination = Nomination.objects.get(award=award)

    def save(section, data):
        nomination.refresh_from_db()
        _post_ok(
            client,
            reverse("awards:nomination_section", args=[nomination.uuid, section]),
            {"version": nomination.version, "continue": "1", **data},
        )

    save(
        "about",
        {
            "contact_name": "Sam Patel",
            "contact_job_title": "Head of Communities",
            "title": "Community hubs in every neighbourhood",
            "summary": "Hubs run with local groups.",
        },
    )
    save(
        "partnership",
        {
            "partners": "A partnership board with a shared budget.",
            "partner-TOTAL_FORMS": "2",
            "partner-INITIAL_FORMS": "0",
            "partner-0-name": "Northside Community Association",
            "partner-0-kind": "community_group",
            "partner-0-contact_name": "Alex Jones",
            "partner-0-contact_email": "alex@northside.org.uk",
            "partner-1-name": "Eastfield Food Bank",
            "partner-1-kind": "charity",
            "partner-1-contact_name": "Priya Shah",
            "partner-1-contact_email": "priya@eastfield.org.uk",
        },
    )
    for criterion in award.ordered_criteria:
        number = criterion.principle.number
        save(
            f"principle-{number}",
            {"text": f"What we did for principle {number}, with whom, what changed."},
        )
    _post_ok(
        client,
        reverse("awards:nomination_evidence", args=[nomination.uuid]),
        {"file": pdf_file("Hubs evaluation 2026.pdf"), "description": "Independent evaluation"},
    )
    save(
        "declaration",
        {"declaration_confirmed": "on", "contacts_consent": "on", "publication_consent": "yes"},
    )
    check = client.get(reverse("awards:nomination_check", args=[nomination.uuid]))
    assert "You cannot submit yet" not in check.content.decode()
    _post_ok(client, reverse("awards:nomination_check", args=[nomination.uuid]))
    nomination.refresh_from_db()
    return nomination


def _staff_sets_up_judging(client: Client, award, nomination, judge) -> Round:
    _post_ok(client, reverse("awards_admin:nomination_eligible", args=[nomination.pk]))
    opens = timezone.localtime() - timedelta(hours=1)
    _post_ok(
        client,
        reverse("judging_round_modeladmin_create"),
        {
            "award": award.pk,
            "name": "Final",
            "opens_at": opens.strftime("%Y-%m-%d %H:%M"),
            "closes_at": (opens + timedelta(days=14)).strftime("%Y-%m-%d %H:%M"),
            "entries_from": Round.Entry.ELIGIBLE,
            "judges_per_entry": 1,
            "allow_not_applicable": "on",
            "scale_max": 5,
            "ranking_method": Round.RankingMethod.WEIGHTED_MEAN,
            "reminder_days": "7, 2",
        },
    )
    round_ = Round.objects.get(award=award, name="Final")
    _post_ok(
        client,
        reverse("judging_admin:round_manage", args=[round_.pk]),
        {"judge": judge.pk, "nomination": nomination.pk},
    )
    return round_


def _judge_scores(client: Client, award) -> None:
    dashboard = client.get(reverse("judging:dashboard"))
    assignment = dashboard.context["assignments"][0]
    url = reverse("judging:scorecard", args=[assignment.uuid])
    check = client.get(url)
    assert "Do you have a conflict of interest with this entry?" in check.content.decode()
    _post_ok(client, reverse("judging:entry_conflict", args=[assignment.uuid]), {"answer": "no"})
    page = client.get(url)
    assert "What we did for principle 1" in page.content.decode()
    data = {
        "version": page.context["scorecard"].version,
        "overall_comment": "Exemplary partnership",
        "submit": "1",
    }
    for criterion in award.ordered_criteria:
        data[f"score_{criterion.pk}"] = "4"
        data[f"comment_{criterion.pk}"] = "Strong, well evidenced"
    _post_ok(client, url, data)
    assert Scorecard.objects.get(assignment=assignment).status == Scorecard.Status.SUBMITTED


def _story_goes_through_review(editor: Client, moderator: Client, nomination) -> ShowcaseStoryPage:
    """The editor turns the winner into a draft story and submits it; a moderator approves it."""
    response = _post_ok(editor, reverse("awards_admin:nomination_story", args=[nomination.pk]))
    story = ShowcaseStoryPage.objects.get(source_nomination=nomination)
    assert response.url == reverse("wagtailadmin_pages:edit", args=[story.pk])
    assert not story.live
    sections = [
        (
            block.block_type,
            {
                "principle": block.value["principle"],
                "heading": block.value["heading"],
                "text": block.value["text"].source,
            },
        )
        for block in story.body
    ]
    submitted = post_editor(editor, story, action="submit", body=sections)
    assert submitted.status_code == 302
    story.refresh_from_db()
    assert story.workflow_in_progress and not story.live
    approved = post_editor(moderator, story, action="approve", body=sections)
    assert approved.status_code == 302
    story.refresh_from_db()
    return story


def test_the_whole_award_chain_over_http(mailoutbox, django_capture_on_commit_callbacks):
    award = AwardPageFactory(title="Keep it Local Award 2027")
    officer = officer_user()
    staff = staff_user()
    judge = judge_user()
    editor = editor_user()
    moderator = moderator_user()
    officer_client, staff_client, judge_client, editor_client, moderator_client = (
        Client() for _ in range(5)
    )
    officer_client.force_login(officer)
    # Staff and judges sign in with a password and the code from their authenticator app.
    sign_in_with_totp(staff_client, staff, enable_totp(staff))
    sign_in_with_totp(judge_client, judge, enable_totp(judge))
    for client, user in ((editor_client, editor), (moderator_client, moderator)):
        client.force_login(user)
        mfa_session(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        nomination = _officer_nominates(officer_client, award)
    assert nomination.status == Nomination.Status.SUBMITTED
    assert nomination.reference == f"KIL-{award.year}-0001"
    receipt = officer_client.get(reverse("awards:nomination_receipt", args=[nomination.uuid]))
    assert nomination.reference in receipt.content.decode()
    assert [m.to for m in mailoutbox] == [[officer.email], settings.AWARD_STAFF_EMAILS]
    assert nomination.reference in mailoutbox[0].subject
    assert nomination.reference in mailoutbox[1].subject

    # Nominations close; only then can a round be set up to end after them.
    AwardPage.objects.filter(pk=award.pk).update(closes_at=timezone.now() - timedelta(minutes=5))
    award.refresh_from_db()
    round_ = _staff_sets_up_judging(staff_client, award, nomination, judge)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ELIGIBLE

    _judge_scores(judge_client, award)

    # The round closes with every scorecard in.
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    results = staff_client.get(reverse("judging_admin:round_results", args=[round_.pk]))
    assert results.status_code == 200
    assert "80.00" in results.content.decode()  # six principles at 4 of 5, equal weights
    _post_ok(
        staff_client,
        reverse("judging_admin:round_results", args=[round_.pk]),
        {"nomination": nomination.pk, "outcome": "winner", "rationale": "Highest score; exemplary"},
    )
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.WINNER
    # Provisional until announced: the council still reads "Being judged".
    receipt = officer_client.get(reverse("awards:nomination_receipt", args=[nomination.uuid]))
    assert "Being judged" in receipt.content.decode()
    assert "Winner" not in receipt.content.decode()
    _post_ok(
        staff_client,
        reverse("judging_admin:award_announce", args=[award.pk]),
        {"action": "announce", "when": "now"},
    )
    award.refresh_from_db()
    assert award.phase == "results"

    story = _story_goes_through_review(editor_client, moderator_client, nomination)
    assert story.live
    assert story.council == council_of(officer)
    assert story.award_year == award.year

    showcase = Client().get("/showcase/")
    assert showcase.status_code == 200
    assert story.title in showcase.content.decode()
    public_story = Client().get(story.url)
    assert public_story.status_code == 200
    assert "What we did for principle 1" in public_story.content.decode()
