"""Nominations in the Wagtail admin: listing, inspect, eligibility actions, showcase stories."""

import pytest
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry

from awards.models import Nomination, ShowcaseStoryPage
from awards.services import nomination_set_outcome
from tests.factories import NominationFactory, submitted_nomination

INDEX_URL = "awards_nomination_modeladmin_index"
INSPECT_URL = "awards_nomination_modeladmin_inspect"
LIST_QUERY_BOUND = 26  # measured 24 at 1 and at 20 nominations (filters and status counts included)


def inspect_url(nomination):
    return reverse(INSPECT_URL, args=[nomination.pk])


def eligible_url(nomination):
    return reverse("awards_admin:nomination_eligible", args=[nomination.pk])


def ineligible_url(nomination):
    return reverse("awards_admin:nomination_ineligible", args=[nomination.pk])


def story_url(nomination):
    return reverse("awards_admin:nomination_story", args=[nomination.pk])


def message_texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def winner(staff, **kwargs):
    from awards.services import nomination_mark_eligibility

    nomination = submitted_nomination(**kwargs)
    nomination_mark_eligibility(nomination=nomination, by=staff, eligible=True)
    return nomination_set_outcome(nomination=nomination, by=staff, outcome=Nomination.Status.WINNER)


# --- listing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 20])
def test_nominations_list_renders_for_staff_in_bounded_queries(
    count, staff, open_award, client_for, django_assert_max_num_queries
):
    nominations = [NominationFactory(award=open_award) for _ in range(count - 1)]
    nominations.append(submitted_nomination(award=open_award))
    client = client_for(staff)
    client.get(reverse("wagtailadmin_home"))  # warm per-session caches out of the count

    with django_assert_max_num_queries(LIST_QUERY_BOUND):
        response = client.get(reverse(INDEX_URL))

    assert response.status_code == 200
    content = response.content.decode()
    assert nominations[-1].reference in content
    assert nominations[0].council.name in content
    assert str(open_award.year) in content


def test_nominations_list_filters_and_searches(staff, open_award, client_for):
    submitted = submitted_nomination(award=open_award)
    draft = NominationFactory(award=open_award)
    client = client_for(staff)

    response = client.get(reverse(INDEX_URL), {"status": "submitted"})
    assert inspect_url(submitted) in response.content.decode()
    assert inspect_url(draft) not in response.content.decode()

    response = client.get(reverse(INDEX_URL), {"q": draft.council.name})
    assert inspect_url(draft) in response.content.decode()
    assert inspect_url(submitted) not in response.content.decode()


def test_nominations_cannot_be_created_edited_or_deleted_in_the_admin(
    staff, open_award, client_for
):
    nomination = submitted_nomination(award=open_award)
    for name, args in [
        ("awards_nomination_modeladmin_create", []),
        ("awards_nomination_modeladmin_edit", [nomination.pk]),
        ("awards_nomination_modeladmin_delete", [nomination.pk]),
    ]:
        with pytest.raises(NoReverseMatch):
            reverse(name, args=args)
    client = client_for(staff)
    assert client.get("/admin/awards/nomination/create/").status_code == 404
    assert client.get(f"/admin/awards/nomination/edit/{nomination.pk}/").status_code == 404
    assert client.post(f"/admin/awards/nomination/delete/{nomination.pk}/").status_code == 404
    assert Nomination.objects.filter(pk=nomination.pk).exists()


# --- inspect ---------------------------------------------------------------------------------


def test_inspect_shows_every_answer_and_the_evidence(staff, open_award, client_for):
    nomination = submitted_nomination(award=open_award)
    statement = nomination.statements.select_related("criterion__principle").first()
    evidence = nomination.evidence.get()

    response = client_for(staff).get(inspect_url(nomination))

    assert response.status_code == 200
    content = response.content.decode()
    for text in [
        nomination.reference,
        nomination.council.name,
        nomination.title,
        nomination.summary,
        statement.criterion.principle.title,
        statement.text,
        evidence.original_name,
        "Mark eligible",
        "Mark not eligible",
    ]:
        assert text in content
    assert nomination.statements.count() == 6
    assert content.count("How we put principle") == 6
    assert "Create showcase story" not in content


# --- eligibility -----------------------------------------------------------------------------


def test_staff_mark_eligible_through_the_service_with_an_audit_entry(staff, open_award, client_for):
    nomination = submitted_nomination(award=open_award)

    response = client_for(staff).post(eligible_url(nomination), follow=True)

    assert response.redirect_chain[-1][0] == inspect_url(nomination)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.ELIGIBLE
    entry = ModelLogEntry.objects.get(
        action="awards.nomination.eligible", object_id=str(nomination.pk)
    )
    assert entry.user_id == staff.pk
    assert entry.message == "Marked eligible"
    assert any("marked eligible" in text for text in message_texts(response))
    history = client_for(staff).get(
        reverse("awards_nomination_modeladmin_history", args=[nomination.pk])
    )
    assert history.status_code == 200
    assert "Marked eligible" in history.content.decode()


def test_mark_not_eligible_needs_a_reason_and_keeps_nothing_lost(staff, open_award, client_for):
    nomination = submitted_nomination(award=open_award)
    client = client_for(staff)

    response = client.post(ineligible_url(nomination), {"reason": "   "})

    assert response.status_code == 200
    assert "Enter the reason the nomination is not eligible" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED

    response = client.post(ineligible_url(nomination), {"reason": "Not a public body."})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(nomination)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.INELIGIBLE
    assert nomination.eligibility_reason == "Not a public body."
    entry = ModelLogEntry.objects.get(
        action="awards.nomination.ineligible", object_id=str(nomination.pk)
    )
    assert entry.data["reason"] == "Not a public body."
    assert "Not a public body." in entry.message


def test_refused_transition_is_a_message_not_an_error_page(staff, open_award, client_for):
    draft = NominationFactory(award=open_award)

    response = client_for(staff).post(eligible_url(draft), follow=True)

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Nomination.Status.DRAFT
    assert any("cannot be changed" in text for text in message_texts(response))
    assert not ModelLogEntry.objects.filter(action="awards.nomination.eligible").exists()
    page = client_for(staff).get(inspect_url(draft))
    assert page.status_code == 200
    assert "Draft (no reference yet)" in page.content.decode()


def test_inspect_offers_only_allowed_eligibility_actions(staff, open_award, client_for):
    nomination = winner(staff, award=open_award)

    content = client_for(staff).get(inspect_url(nomination)).content.decode()

    assert 'action="' + eligible_url(nomination) not in content
    assert 'action="' + ineligible_url(nomination) not in content
    assert "Create showcase story" in content


@pytest.mark.parametrize("role", ["anonymous", "officer", "judge", "editor"])
def test_people_who_are_not_staff_cannot_see_or_act(role, request, open_award, client, client_for):
    nomination = submitted_nomination(award=open_award)
    if role != "anonymous":
        client = client_for(request.getfixturevalue(role))

    history_url = reverse("awards_nomination_modeladmin_history", args=[nomination.pk])
    for url in [
        reverse(INDEX_URL),
        inspect_url(nomination),
        ineligible_url(nomination),
        history_url,
    ]:
        response = client.get(url)
        if role == "editor" and url == reverse(INDEX_URL):
            # Editors list winners only, for the showcase; a submitted nomination is not among them.
            assert response.status_code == 200
            assert nomination.council.name not in response.content.decode()
            continue
        assert response.status_code in {302, 403, 404}
        if response.status_code == 302:
            assert response["Location"] != url

    for url, data in [
        (eligible_url(nomination), {}),
        (ineligible_url(nomination), {"reason": "x"}),
    ]:
        response = client.post(url, data)
        assert response.status_code in {302, 403, 404}
        if response.status_code == 302:
            assert response["Location"] != inspect_url(nomination)

    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED
    assert (
        not ModelLogEntry.objects.filter(
            action__startswith="awards.nomination.", object_id=str(nomination.pk)
        )
        .exclude(action="awards.nomination.submit")
        .exists()
    )


# --- showcase story --------------------------------------------------------------------------


def test_create_story_makes_one_prefilled_draft_and_reopens_it(staff, open_award, client_for):
    nomination = winner(staff, award=open_award)
    client = client_for(staff)

    response = client.post(story_url(nomination))

    story = ShowcaseStoryPage.objects.get(source_nomination=nomination)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[story.pk])
    assert not story.live
    assert story.summary == nomination.summary
    assert story.council_id == nomination.council_id
    assert story.award_year == open_award.year
    assert story.outcome == ShowcaseStoryPage.Outcome.WINNER
    assert len(story.body) == 6
    assert ModelLogEntry.objects.filter(
        action="awards.nomination.story", object_id=str(nomination.pk)
    ).exists()

    again = client.post(story_url(nomination))

    assert again["Location"] == reverse("wagtailadmin_pages:edit", args=[story.pk])
    assert ShowcaseStoryPage.objects.filter(source_nomination=nomination).count() == 1
    assert "Open showcase story" in client.get(inspect_url(nomination)).content.decode()


def test_editors_create_stories_for_winners(staff, editor, open_award, client_for):
    nomination = winner(staff, award=open_award)
    client = client_for(editor)

    listing = client.get(reverse(INDEX_URL))
    assert nomination.reference in listing.content.decode()
    page = client.get(inspect_url(nomination))
    assert page.status_code == 200
    assert "Create showcase story" in page.content.decode()
    assert "Mark not eligible" not in page.content.decode()

    response = client.post(story_url(nomination))

    story = ShowcaseStoryPage.objects.get(source_nomination=nomination)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[story.pk])


def test_story_is_refused_for_a_nomination_that_did_not_win(staff, open_award, client_for):
    nomination = submitted_nomination(award=open_award)

    response = client_for(staff).post(story_url(nomination), follow=True)

    assert response.status_code == 200
    assert not ShowcaseStoryPage.objects.exists()
    assert any("showcase story" in text for text in message_texts(response))


@pytest.mark.parametrize("role", ["officer", "judge"])
def test_story_action_is_not_for_officers_or_judges(role, request, staff, open_award, client_for):
    nomination = winner(staff, award=open_award)

    response = client_for(request.getfixturevalue(role)).post(story_url(nomination))

    assert response.status_code in {302, 403, 404}
    assert not ShowcaseStoryPage.objects.exists()


# --- reference data and the audit log labels -------------------------------------------------


def test_staff_manage_councils_and_read_principles(staff, client_for):
    client = client_for(staff)
    response = client.post(
        reverse("awards_council_modeladmin_create"),
        {
            "name": "Market Drayton Town Council",
            "kind": "other",
            "region": "",
            "gss_code": "",
            "email_domains": "",
        },
    )
    assert response.status_code == 302
    from awards.models import Council

    assert Council.objects.filter(name="Market Drayton Town Council").exists()
    principles = client.get(reverse("awards_principle_modeladmin_index"))
    assert principles.status_code == 200
    assert "Co-ordinate services at a neighbourhood level" in principles.content.decode()


def test_every_service_action_has_a_label():
    from wagtail.log_actions import registry

    for action in [
        "awards.nomination.submit",
        "awards.nomination.withdraw",
        "awards.nomination.eligible",
        "awards.nomination.ineligible",
        "awards.nomination.outcome",
        "awards.nomination.story",
        "awards.story.publish_refused",
        "awards.evidence.add",
        "awards.evidence.remove",
        "awards.evidence.download",
        "judging.scorecard.submit",
        "judging.scorecard.reopen",
        "judging.decision.record",
    ]:
        assert registry.action_exists(action), action


# --- filters, counts per status and export -----------------------------------------------------


def test_filters_by_council_and_region_and_counts_each_status(staff, open_award, client_for):
    from tests.factories import CouncilFactory

    north = CouncilFactory(region="North West")
    south = CouncilFactory(region="South East")
    north_submitted = submitted_nomination(award=open_award, council=north)
    south_draft = NominationFactory(award=open_award, council=south)
    other_north = NominationFactory(award=open_award, council=CouncilFactory(region="North West"))
    client = client_for(staff)

    by_council = client.get(reverse(INDEX_URL), {"council__id__exact": north.pk}).content.decode()
    assert inspect_url(north_submitted) in by_council
    assert inspect_url(south_draft) not in by_council
    assert inspect_url(other_north) not in by_council

    response = client.get(reverse(INDEX_URL), {"region": "North West"})
    by_region = response.content.decode()
    assert inspect_url(north_submitted) in by_region
    assert inspect_url(other_north) in by_region
    assert inspect_url(south_draft) not in by_region
    counts = {row["value"]: row["count"] for row in response.context["status_counts"]["rows"]}
    assert counts["submitted"] == 1
    assert counts["draft"] == 1
    assert response.context["status_counts"]["total"] == 2
    assert 'data-status-count="submitted">1<' in by_region

    # Counts ignore the status filter itself, so every status stays one click away.
    narrowed = client.get(reverse(INDEX_URL), {"region": "North West", "status__exact": "draft"})
    assert narrowed.context["status_counts"]["total"] == 2
    assert inspect_url(north_submitted) not in narrowed.content.decode()


EXPORT_QUERY_BOUND = 12  # measured 10 at 1 and at 20 nominations


@pytest.mark.parametrize("count", [1, 20])
def test_export_filtered_list_as_csv_in_bounded_queries(
    count, staff, open_award, client_for, django_assert_max_num_queries
):
    import csv
    import io

    nominations = [submitted_nomination(award=open_award) for _ in range(count)]
    NominationFactory(award=open_award, title='=HYPERLINK("http://evil.example")')  # a draft
    client = client_for(staff)
    client.get(reverse("wagtailadmin_home"))

    with django_assert_max_num_queries(EXPORT_QUERY_BOUND):
        response = client.get(reverse(INDEX_URL), {"status__exact": "submitted", "export": "csv"})
        body = b"".join(response.streaming_content).decode()

    assert response["Content-Disposition"] == 'attachment; filename="nominations.csv"'
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == count
    assert {row["Reference"] for row in rows} == {n.reference for n in nominations}
    assert rows[0]["Status"] == "Submitted"
    assert "Region" in rows[0] and "Deadline" in rows[0]


def test_csv_export_neutralises_formulas_typed_by_officers(staff, open_award, client_for):
    NominationFactory(award=open_award, title='=HYPERLINK("http://evil.example")')

    response = client_for(staff).get(reverse(INDEX_URL), {"export": "csv"})
    body = b"".join(response.streaming_content).decode()

    assert "'=HYPERLINK" in body


def test_export_filtered_list_as_xlsx(staff, open_award, client_for):
    import io

    from openpyxl import load_workbook

    submitted = submitted_nomination(award=open_award)
    NominationFactory(award=open_award)

    response = client_for(staff).get(
        reverse(INDEX_URL), {"status__exact": "submitted", "export": "xlsx"}
    )

    assert response["Content-Disposition"].startswith('attachment; filename="nominations.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Reference"
    assert [row[0] for row in rows[1:]] == [submitted.reference]
    assert submitted.council.name in rows[1]


def test_export_shows_nobody_more_than_their_list(officer, editor, open_award, client_for):
    submitted_nomination(award=open_award)

    refused = client_for(officer).get(reverse(INDEX_URL), {"export": "csv"})
    assert refused.status_code in {302, 403}
    # Editors list winners only (for the showcase); their export is no wider.
    editors = client_for(editor).get(reverse(INDEX_URL), {"export": "csv"})
    assert "KIL-" not in b"".join(editors.streaming_content).decode()


def test_inspect_offers_extension_and_reopen_to_staff(staff, open_award, client_for):
    nomination = submitted_nomination(award=open_award)

    content = client_for(staff).get(inspect_url(nomination)).content.decode()

    assert reverse("awards_admin:nomination_extend", args=[nomination.pk]) in content
    assert reverse("awards_admin:nomination_reopen", args=[nomination.pk]) in content
    assert "Testshire Community Voluntary Service" in content
    assert "Sam Patel" in content
    form = client_for(staff).get(reverse("awards_admin:nomination_reopen", args=[nomination.pk]))
    assert form.status_code == 200
    assert "What should the council change?" in form.content.decode()


def test_reopen_needs_a_reason(staff, open_award, client_for):
    nomination = submitted_nomination(award=open_award)

    response = client_for(staff).post(
        reverse("awards_admin:nomination_reopen", args=[nomination.pk]), {"reason": ""}
    )

    assert response.status_code == 200
    assert "Enter what the council should change" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED


@pytest.mark.parametrize("count", [1, 20])
def test_membership_list_in_bounded_queries(
    count, staff, client_for, django_assert_max_num_queries
):
    from awards.models import CouncilMembership
    from tests.factories import CouncilFactory, UserFactory

    council = CouncilFactory()
    for _ in range(count):
        CouncilMembership.objects.create(
            user=UserFactory(), council=council, status=CouncilMembership.Status.REQUESTED
        )
    client = client_for(staff)
    client.get(reverse("wagtailadmin_home"))

    with django_assert_max_num_queries(18):  # measured 16 at 1 and at 20 memberships
        response = client.get(reverse("awards_councilmembership_modeladmin_index"))

    assert response.status_code == 200
    assert response.context["paginator"].count == count


def test_new_log_actions_have_labels():
    from wagtail.log_actions import registry

    for action in [
        "awards.nomination.extend",
        "awards.nomination.reopen",
        "awards.membership.domain",
        "awards.membership.request",
        "awards.membership.approve",
        "awards.membership.decline",
        "awards.membership.remove",
    ]:
        assert registry.action_exists(action), action


def test_actions_that_do_not_apply_send_staff_back_with_a_message(staff, open_award, client_for):
    from awards.services import nomination_mark_eligibility

    nomination = submitted_nomination(award=open_award)
    nomination_mark_eligibility(nomination=nomination, by=staff, eligible=True)

    response = client_for(staff).get(
        reverse("awards_admin:nomination_reopen", args=[nomination.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == inspect_url(nomination)
    assert any("not available" in text for text in message_texts(response))


def test_the_council_is_emailed_the_eligibility_decision_with_the_reason(
    staff, open_award, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = submitted_nomination(award=open_award)
    officer_email = nomination.created_by.email
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(ineligible_url(nomination), {"reason": "Not a public body."})

    assert [m.to for m in mailoutbox] == [[officer_email]]
    assert "is not eligible" in mailoutbox[0].subject
    assert "Not a public body." in mailoutbox[0].body
    receipt = client_for(nomination.created_by).get(
        reverse("awards:nomination_receipt", args=[nomination.uuid])
    )
    assert "Not a public body." in receipt.content.decode()


def test_second_staff_marking_not_eligible_sees_the_first_decision_and_keeps_their_reason(
    staff, open_award, client_for
):
    from tests.factories import staff_user

    nomination = submitted_nomination(award=open_award)
    colleague = staff_user(first_name="Priya", last_name="Shah")
    # Both open the form; the colleague submits first.
    client_for(colleague).post(ineligible_url(nomination), {"reason": "Not a public body."})

    response = client_for(staff).post(
        ineligible_url(nomination), {"reason": "Partnership started after the cut-off date."}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Priya Shah has already marked this nomination not eligible" in content
    assert "Not a public body." in content
    assert "Partnership started after the cut-off date.</textarea>" in content
    assert "There is a problem" in content
    nomination.refresh_from_db()
    assert nomination.eligibility_reason == "Not a public body."


def test_deleting_an_officer_with_nominations_in_the_admin_is_refused(open_award, client_for):
    from django.contrib.auth import get_user_model

    from tests.factories.users import UserFactory

    nomination = submitted_nomination(award=open_award)
    officer = nomination.created_by
    client = client_for(UserFactory(is_superuser=True))

    one = client.post(reverse("wagtailusers_users:delete", args=[officer.pk]), follow=True)
    bulk = client.post(
        reverse("wagtail_bulk_action", args=["auth", "user", "delete"]) + f"?id={officer.pk}",
        follow=True,
    )

    assert get_user_model().objects.filter(pk=officer.pk).exists()
    nomination.refresh_from_db()
    assert nomination.created_by == officer
    for response in (one, bulk):
        messages = [str(m) for m in response.context["messages"]]
        assert any(
            "1 nomination they started or submitted" in m and "Deactivate" in m for m in messages
        )
