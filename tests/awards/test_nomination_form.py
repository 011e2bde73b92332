"""The nomination task list: sections that save on their own, co-editing without lost text, the
structured partnership, word limits, check answers, submit, receipts and withdraw."""

from html import escape

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from awards import services
from awards.models import Nomination, PartnerOrganisation
from tests.factories import (
    AwardPageFactory,
    NominationFactory,
    council_of,
    officer_user,
    pdf_file,
)

pytestmark = pytest.mark.django_db


def section_url(nomination, slug):
    return reverse("awards:nomination_section", args=[nomination.uuid, slug])


def loaded_form(client: Client, nomination, slug) -> dict:
    """The hidden fields of a section as the officer's browser received them."""
    form = client.get(section_url(nomination, slug)).context["form"]
    return {"version": form.initial["version"], "digest": form.initial["digest"]}


@pytest.fixture
def draft(officer, open_award):
    return NominationFactory(award=open_award, council=council_of(officer), statements=False)


@pytest.fixture
def colleague(officer):
    # An apostrophe in the name, so every run checks the name is shown escaped, not only unlucky ones.
    return officer_user(council=council_of(officer), first_name="Damien", last_name="O'Donnell")


# --- co-editing -----------------------------------------------------------------------------


def test_second_save_of_the_same_section_is_refused_and_keeps_both_texts(
    draft, officer, colleague, client_for
):
    mine, theirs = client_for(officer), client_for(colleague)
    url = section_url(draft, "principle-1")
    my_form = loaded_form(mine, draft, "principle-1")
    their_form = loaded_form(theirs, draft, "principle-1")

    first = theirs.post(url, {**their_form, "text": "Colleague's account of principle 1."})
    second = mine.post(url, {**my_form, "text": "My own careful account of principle 1."})

    assert first.status_code == 302
    assert second.status_code == 200
    content = second.content.decode()
    assert "A colleague saved this section while you were editing it" in content
    assert "There is a problem" in content
    assert "My own careful account of principle 1." in content  # my text, still in the form
    assert "Colleague&#x27;s account of principle 1." in content  # theirs, beside it
    assert f"Saved by {escape(colleague.get_full_name())}" in content
    statement = draft.statements.get(criterion__principle__number=1)
    assert statement.text == "Colleague's account of principle 1."

    # Having compared the two, the officer saves again and their reconciled text wins.
    form = second.context["form"]
    again = mine.post(
        url,
        {
            "version": form.data["version"],
            "digest": form.data["digest"],
            "text": "Both accounts, reconciled.",
        },
    )
    assert again.status_code == 302
    statement.refresh_from_db()
    assert statement.text == "Both accounts, reconciled."


# Deadline day's most frequent request (tests/bench): session, user, groups, nomination, membership,
# the row lock, the update, the statement's own update and the audit entry (Wagtail checks its two
# foreign keys first) with its link in the award's hash chain (the chain's lock and head, the link);
# the test's transaction adds a savepoint and its release.
@pytest.mark.parametrize(("slug", "queries"), [("about", 14), ("principle-1", 17)])
def test_a_section_save_takes_a_fixed_number_of_queries(
    slug, queries, officer, open_award, client_for, django_assert_num_queries
):
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    client = client_for(officer)
    url = section_url(nomination, slug)
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None} | {"save": "1"}
    ContentType.objects.get_for_model(Nomination)  # cached by a running server after its first save

    with django_assert_num_queries(queries):
        response = client.post(url, data | ({"text": "Changed."} if "text" in data else {}))

    assert response.status_code == 302


# Besides the request's own reads: completeness (statements, criteria), the award's lock, the next
# reference number, the row lock, the update and the audit entry with its link in the award's hash
# chain (the chain's lock and head, the link). The receipt and the staff notice are
# queued after commit, which the test's transaction never reaches.
def test_a_submit_takes_a_fixed_number_of_queries(
    officer, open_award, client_for, django_assert_num_queries
):
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    services.evidence_add(nomination=nomination, by=officer, uploaded_file=pdf_file())
    client = client_for(officer)
    ContentType.objects.get_for_model(Nomination)  # cached by a running server after its first save

    with django_assert_num_queries(18):
        response = client.post(reverse("awards:nomination_check", args=[nomination.uuid]))

    assert response["Location"] == reverse("awards:nomination_receipt", args=[nomination.uuid])


def test_colleagues_editing_different_sections_both_save(draft, officer, colleague, client_for):
    mine, theirs = client_for(officer), client_for(colleague)
    my_form = loaded_form(mine, draft, "principle-1")
    their_form = loaded_form(theirs, draft, "principle-2")

    theirs.post(section_url(draft, "principle-2"), {**their_form, "text": "Theirs, principle 2."})
    response = mine.post(
        section_url(draft, "principle-1"), {**my_form, "text": "Mine, principle 1."}
    )

    assert response.status_code == 302
    texts = dict(draft.statements.values_list("criterion__principle__number", "text"))
    assert texts == {1: "Mine, principle 1.", 2: "Theirs, principle 2."}


def test_the_service_refuses_a_stale_save_of_the_same_fields(draft, officer, colleague):
    from awards.selectors import section_digest

    loaded = draft.version
    digest = section_digest(draft, fields=["title"])
    services.nomination_save(
        nomination=draft, by=colleague, version=loaded, fields={"title": "Theirs"}
    )

    with pytest.raises(services.ConcurrentEdit):
        services.nomination_save(
            nomination=draft,
            by=officer,
            version=loaded,
            fields={"title": "Mine"},
            loaded_digest=digest,
        )
    draft.refresh_from_db()
    assert draft.title == "Theirs"


# --- the partnership --------------------------------------------------------------------------


def partner_data(rows, **extra):
    data = {
        "partner-TOTAL_FORMS": str(len(rows)),
        "partner-INITIAL_FORMS": "0",
        "partners": extra.pop("partners", ""),
        **extra,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"partner-{index}-{key}"] = value
    return data


FOOD_BANK = {
    "name": "Eastfield Food Bank",
    "kind": "charity",
    "contact_name": "Priya Shah",
    "contact_email": "priya@eastfield.org.uk",
}


def test_partnership_saves_structured_organisations(officer, open_award, client_for):
    draft = NominationFactory(
        award=open_award, council=council_of(officer), partner_organisations=False
    )
    client = client_for(officer)
    hub = {**FOOD_BANK, "name": "Northside Hub", "kind": "community_anchor"}

    response = client.post(
        section_url(draft, "partnership"),
        {
            **loaded_form(client, draft, "partnership"),
            **partner_data([FOOD_BANK, hub], partners="A shared board."),
            "continue": "1",
        },
    )

    assert response.status_code == 302
    assert list(draft.partner_organisations.values_list("name", "kind")) == [
        ("Eastfield Food Bank", "charity"),
        ("Northside Hub", "community_anchor"),
    ]
    overview = client.get(reverse("awards:nomination_overview", args=[draft.uuid]))
    partnership = next(t for t in overview.context["tasks"] if t.slug == "partnership")
    assert partnership.status == "completed"


def test_add_another_and_remove_keep_what_was_typed_without_saving(officer, open_award, client_for):
    draft = NominationFactory(
        award=open_award, council=council_of(officer), partner_organisations=False
    )
    client = client_for(officer)
    loaded = loaded_form(client, draft, "partnership")
    half_typed = {"name": "Half-typed Trust", "kind": "", "contact_name": "", "contact_email": ""}

    added = client.post(
        section_url(draft, "partnership"),
        {**loaded, **partner_data([FOOD_BANK, half_typed], partners="Board"), "add": "1"},
    )

    assert added.status_code == 200
    assert added.context["formset"].total_form_count() == 3
    content = added.content.decode()
    assert 'value="Eastfield Food Bank"' in content
    assert 'value="Half-typed Trust"' in content
    assert "There is a problem" not in content
    assert not PartnerOrganisation.objects.filter(nomination=draft).exists()

    removed = client.post(
        section_url(draft, "partnership"),
        {**loaded, **partner_data([FOOD_BANK, half_typed], partners="Board"), "remove": "0"},
    )

    assert removed.context["formset"].total_form_count() == 1
    assert 'value="Eastfield Food Bank"' not in removed.content.decode()
    assert 'value="Half-typed Trust"' in removed.content.decode()


def test_partner_errors_are_shown_and_nothing_typed_is_lost(officer, open_award, client_for):
    draft = NominationFactory(
        award=open_award, council=council_of(officer), partner_organisations=False
    )
    client = client_for(officer)
    broken = {**FOOD_BANK, "contact_email": "not-an-address", "kind": ""}

    response = client.post(
        section_url(draft, "partnership"),
        {**loaded_form(client, draft, "partnership"), **partner_data([broken], partners="Ours")},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in content
    assert "Select the type of organisation" in content
    assert 'href="#id_partner-0-contact_email"' in content  # the summary links to the field
    assert 'value="not-an-address"' in content
    assert "\nOurs</textarea>" in content
    assert not PartnerOrganisation.objects.filter(nomination=draft).exists()

    empty = client.post(
        section_url(draft, "partnership"),
        {
            **loaded_form(client, draft, "partnership"),
            **partner_data([{"name": "", "kind": "", "contact_name": "", "contact_email": ""}]),
        },
    )
    # A row left empty is no organisation: the draft saves, and the task is not complete yet.
    assert empty.status_code == 302
    assert not PartnerOrganisation.objects.filter(nomination=draft).exists()
    overview = client.get(reverse("awards:nomination_overview", args=[draft.uuid]))
    partnership = next(t for t in overview.context["tasks"] if t.slug == "partnership")
    assert partnership.status != "completed"


# --- word limits and task statuses --------------------------------------------------------------


def test_a_statement_over_its_word_limit_is_saved_with_a_warning_and_refused_at_submit(
    officer, client_for
):
    award = AwardPageFactory(statement_word_limit=50)
    criterion = award.ordered_criteria[0]
    criterion.word_limit = 5
    criterion.save()
    draft = NominationFactory(award=award, council=council_of(officer), statements=False)
    client = client_for(officer)
    url = section_url(draft, "principle-1")
    page = client.get(url).content.decode()
    assert 'data-word-limit="5"' in page  # the live count, when JavaScript runs

    response = client.post(
        url, {**loaded_form(client, draft, "principle-1"), "text": "one two three four five six"}
    )

    # A draft is saved as it is: the limit is a warning until submit, never a lost save.
    assert response.status_code == 302
    assert draft.statements.get(criterion=criterion).text == "one two three four five six"
    warning = "Your statement is 6 words. It has been saved, but it must be 5 words or fewer"
    assert warning in client.get(response.url).content.decode()
    again = client.get(url).content.decode()
    assert warning in again and 'data-testid="word-limit-warning"' in again
    assert "There is a problem" not in again.split("<main", 1)[1].split("</h1>", 1)[1]
    check = client.get(reverse("awards:nomination_check", args=[draft.uuid])).content.decode()
    assert f"Shorten your statement for principle {criterion.principle.number}" in check
    assert "your statement is 6 words. Shorten it to 5 words or fewer" in check
    with pytest.raises(services.NominationIncomplete):
        services.nomination_submit(nomination=draft, by=officer)
    ok = client.post(
        section_url(draft, "principle-2"),
        {**loaded_form(client, draft, "principle-2"), "text": "word " * 50},
    )
    assert ok.status_code == 302  # principle 2 uses the award's limit of 50


def test_only_an_absurdly_long_text_is_refused_and_it_is_kept_on_the_page(officer, client_for):
    from awards.forms import MAX_TEXT_CHARS

    draft = NominationFactory(
        award=AwardPageFactory(), council=council_of(officer), statements=False
    )
    client = client_for(officer)
    huge = "x" * (MAX_TEXT_CHARS + 1)

    response = client.post(
        section_url(draft, "principle-1"),
        {**loaded_form(client, draft, "principle-1"), "text": huge},
    )

    assert response.status_code == 200
    assert "Your statement must be 50,000 characters or fewer" in response.content.decode()
    assert huge in response.content.decode()
    assert not draft.statements.exclude(text="").exists()


def test_task_list_shows_each_status(officer, open_award, client_for):
    draft = NominationFactory(
        award=open_award,
        council=council_of(officer),
        statements={1: "word " * 600, 2: "Done."},
        contact_name="",
        partner_organisations=False,
        declaration_confirmed=False,
        contacts_consent=False,
        publication_consent=None,
    )

    response = client_for(officer).get(reverse("awards:nomination_overview", args=[draft.uuid]))

    statuses = {task.slug: task.status for task in response.context["tasks"]}
    assert statuses["about"] == "in_progress"
    assert (
        statuses["partnership"] == "in_progress"
    )  # "how you work together" written, no organisations
    assert statuses["principle-1"] == "problem"
    assert statuses["principle-2"] == "completed"
    assert statuses["principle-3"] == "not_started"
    assert statuses["evidence"] == "not_started"
    assert statuses["declaration"] == "not_started"
    content = response.content.decode()
    for label in ["Not yet started", "In progress", "Completed", "There is a problem"]:
        assert label in content


# --- check answers and submit ------------------------------------------------------------------


def test_submit_is_refused_while_a_task_is_incomplete_and_says_what_is_missing(
    officer, open_award, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    draft = NominationFactory(
        award=open_award, council=council_of(officer), statements={1: "Only one."}
    )
    client = client_for(officer)
    url = reverse("awards:nomination_check", args=[draft.uuid])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Write your statement for principle 2" in content
    assert "Upload at least one evidence file" in content
    assert "Write your statement for principle 1" not in content
    draft.refresh_from_db()
    assert draft.status == Nomination.Status.DRAFT
    assert draft.reference is None
    assert mailoutbox == []


def test_check_answers_has_change_links_for_every_section(officer, open_award, client_for):
    draft = NominationFactory(award=open_award, council=council_of(officer))

    content = client_for(officer).get(reverse("awards:nomination_check", args=[draft.uuid]))

    html = content.content.decode()
    for slug in ["about", "partnership", "principle-1", "principle-6", "declaration"]:
        assert f'href="{section_url(draft, slug)}"' in html
    assert reverse("awards:nomination_evidence", args=[draft.uuid]) in html
    assert "Testshire Community Voluntary Service" in html
    assert "alex@testshire-cvs.org.uk" in html


def test_submit_when_complete_sends_receipts_to_every_co_editor_and_tells_staff_once(
    officer,
    colleague,
    open_award,
    client_for,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
):
    draft = NominationFactory(award=open_award, council=council_of(officer))
    services.evidence_add(nomination=draft, by=officer, uploaded_file=pdf_file())
    client = client_for(officer)
    url = reverse("awards:nomination_check", args=[draft.uuid])

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
        second = client.post(url)  # a double click

    draft.refresh_from_db()
    assert draft.status == Nomination.Status.SUBMITTED
    assert (
        first["Location"]
        == second["Location"]
        == reverse("awards:nomination_receipt", args=[draft.uuid])
    )
    receipts = sorted(m.to[0] for m in mailoutbox if m.subject.startswith("Nomination received"))
    assert receipts == sorted([officer.email, colleague.email])
    staff = [m for m in mailoutbox if m.subject.startswith("New nomination")]
    assert [m.to for m in staff] == [settings.AWARD_STAFF_EMAILS]
    assert (
        ModelLogEntry.objects.filter(
            action="awards.nomination.submit", object_id=str(draft.pk)
        ).count()
        == 1
    )
    receipt_page = client.get(first["Location"]).content.decode()
    assert draft.reference in receipt_page
    assert reverse("awards:nomination_print", args=[draft.uuid]) in receipt_page


def test_printable_summary_for_the_council_and_staff_only(
    officer, other_officer, staff, open_award, client_for
):
    draft = NominationFactory(award=open_award, council=council_of(officer))
    url = reverse("awards:nomination_print", args=[draft.uuid])

    mine = client_for(officer).get(url)

    assert mine.status_code == 200
    assert draft.title in mine.content.decode()
    assert 'data-module="print-page"' in mine.content.decode()
    assert client_for(staff).get(url).status_code == 200
    assert client_for(other_officer).get(url).status_code == 404


def test_submitting_queues_the_receipt_and_the_staff_notice_and_nothing_else(
    officer, open_award, client_for, django_capture_on_commit_callbacks, settings
):
    # As production queues them: in the database, for the worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    draft = NominationFactory(award=open_award, council=council_of(officer))
    services.evidence_add(nomination=draft, by=officer, uploaded_file=pdf_file())
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        client_for(officer).post(reverse("awards:nomination_check", args=[draft.uuid]))

    # In particular no reference-index update: a nomination is a record, not content.
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "awards.tasks.notify_staff_of_submission",
        "awards.tasks.send_nomination_receipt",
    ]


# --- withdraw -----------------------------------------------------------------------------------


@pytest.mark.parametrize("submitted", [False, True])
def test_withdraw_asks_for_confirmation_first(submitted, officer, open_award, client_for):
    draft = NominationFactory(award=open_award, council=council_of(officer))
    if submitted:
        services.evidence_add(nomination=draft, by=officer, uploaded_file=pdf_file())
        services.nomination_submit(nomination=draft, by=officer)
    client = client_for(officer)
    url = reverse("awards:nomination_withdraw", args=[draft.uuid])

    confirm = client.get(url)

    assert "Are you sure you want to withdraw this nomination?" in confirm.content.decode()
    draft.refresh_from_db()
    assert draft.status != Nomination.Status.WITHDRAWN
    client.post(url)
    draft.refresh_from_db()
    assert draft.status == Nomination.Status.WITHDRAWN


def test_another_councils_officer_cannot_open_or_save_a_section(draft, other_officer, client_for):
    client = client_for(other_officer)

    assert client.get(section_url(draft, "about")).status_code == 404
    response = client.post(section_url(draft, "about"), {"version": draft.version, "title": "X"})

    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.title != "X"


@pytest.mark.parametrize("count", [1, 20])
def test_your_nominations_list_in_bounded_queries(
    count, officer, client_for, django_assert_max_num_queries
):
    council = council_of(officer)
    for _ in range(count):
        NominationFactory(award=AwardPageFactory(), council=council)
    client = client_for(officer)

    with django_assert_max_num_queries(12):  # measured 10 at 1 and at 20 nominations
        response = client.get(reverse("awards:nomination_list"))

    assert len(response.context["nominations"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_team_page_in_bounded_queries(count, officer, client_for, django_assert_max_num_queries):
    council = council_of(officer)
    for _ in range(count):
        officer_user(council=council)
    client = client_for(officer)

    with django_assert_max_num_queries(9):  # measured 7 at 1 and at 20 colleagues
        response = client.get(reverse("awards:council_team"))

    assert len(response.context["members"]) == count + 1


def test_check_answers_task_opens_only_when_every_section_is_complete(
    officer, open_award, client_for
):
    draft = NominationFactory(award=open_award, council=council_of(officer))
    client = client_for(officer)
    check_url = reverse("awards:nomination_check", args=[draft.uuid])
    overview_url = reverse("awards:nomination_overview", args=[draft.uuid])

    before = client.get(overview_url)

    check = before.context["tasks"][-1]
    assert (check.slug, check.status, check.url) == ("check", "cannot_start", "")
    assert "Cannot start yet" in before.content.decode()
    services.evidence_add(nomination=draft, by=officer, uploaded_file=pdf_file())

    after = client.get(overview_url)

    check = after.context["tasks"][-1]
    assert (check.status, check.url) == ("not_started", check_url)
    assert "You have completed 10 of 10 sections." in after.content.decode()
