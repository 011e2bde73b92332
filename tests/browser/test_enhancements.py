"""Progressive enhancement (site/static/js/site.js): live word counts, an upload progress bar and
autosave every 30 seconds. Each is optional: the same pages work without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from awards import services
from awards.models import Nomination
from tests.factories import AwardPageFactory, NominationFactory, council_of, officer_user, pdf_bytes

from .harness import BROWSER_TEST
from .steps import (
    check_page,
    fill_partner,
    heading,
    save_and_continue,
    sign_in,
    upload_evidence,
)

pytestmark = BROWSER_TEST


@pytest.fixture
def officer():
    return officer_user()


@pytest.fixture
def draft(officer):
    return NominationFactory(
        award=AwardPageFactory(), council=council_of(officer), title="", summary=""
    )


def _open_section(page, nomination, section, title):
    page.goto(f"/nominations/{nomination.uuid}/{section}/")
    expect(heading(page, title)).to_be_visible()
    check_page(page)


# --- word count ----------------------------------------------------------------------------------


def test_the_word_count_updates_as_the_officer_types(page, officer, draft):
    limit = draft.award.summary_word_limit
    sign_in(page, officer.email)
    _open_section(page, draft, "about", "About your organisation")
    summary = page.get_by_label("Summary")

    expect(page.get_by_text(f"You have {limit} words remaining")).to_be_visible()
    summary.fill("Six neighbourhood hubs")
    expect(page.get_by_text(f"You have {limit - 3} words remaining")).to_be_visible()
    summary.fill(" ".join(["word"] * (limit + 2)))
    expect(page.get_by_text("You have 2 words too many")).to_be_visible()
    # Screen readers hear the limit with the field, not every keystroke.
    expect(summary).to_have_accessible_description(re.compile(f"You can enter up to {limit} words"))
    check_page(page)


def test_without_javascript_there_is_no_count_and_the_section_still_saves(new_page, officer, draft):
    page = new_page("officer", javascript=False)
    sign_in(page, officer.email)
    _open_section(page, draft, "about", "About your organisation")

    expect(page.get_by_text(re.compile("words remaining"))).to_have_count(0)
    page.get_by_label("Title of your nomination").fill("Hubs")
    page.get_by_label("Summary").fill("Six neighbourhood hubs")
    save_and_continue(page)

    expect(heading(page, "The partnership")).to_be_visible()
    check_page(page)
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Hubs", "Six neighbourhood hubs")


# --- upload progress -----------------------------------------------------------------------------

# Every value the progress bar shows, recorded in the page (the bar is gone once the answer is in).
_RECORD_PROGRESS = """() => {
    window.recordedProgress = [];
    new MutationObserver(changes => changes.forEach(change => {
        if (change.target.tagName === "PROGRESS") {
            window.recordedProgress.push(Number(change.target.getAttribute("value")));
        }
    })).observe(document.body, {attributes: true, attributeFilter: ["value"], subtree: true});
}"""


def test_an_upload_shows_its_progress_then_the_result(page, officer, draft, tmp_path):
    path = tmp_path / "Annual report.pdf"
    path.write_bytes(pdf_bytes("Annual report", size=500_000))
    sign_in(page, officer.email)
    _open_section(page, draft, "evidence", "Evidence")
    # A slow connection (about 400 KB/s up, like a busy council network), so the upload takes time.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 20, "downloadThroughput": -1, "uploadThroughput": 400_000},
    )
    page.evaluate(_RECORD_PROGRESS)
    page.get_by_label("Upload a file").set_input_files(path)
    page.get_by_role("button", name="Upload file").click()

    bar = page.get_by_role("progressbar", name="Uploading Annual report.pdf")
    expect(bar).to_be_visible()
    expect(page.get_by_text("Annual report.pdf has been uploaded.")).to_be_visible()
    expect(bar).to_have_count(0)
    expect(page).to_have_title("Evidence – Keep it Local Award")
    # Focus goes where a screen reader would start after a page load: the banner saying what happened.
    expect(page.get_by_role("status").filter(has_text="has been uploaded")).to_be_focused()
    check_page(page)
    assert draft.evidence.get().original_name == "Annual report.pdf"
    values = page.evaluate("() => window.recordedProgress")
    assert values == sorted(values) and values[-1] == 100
    assert any(0 < value < 100 for value in values), values


def test_an_upload_the_server_refuses_shows_the_error_summary(page, officer, draft, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Not a document type the award accepts")
    sign_in(page, officer.email)
    _open_section(page, draft, "evidence", "Evidence")
    page.get_by_label("Upload a file").set_input_files(path)
    page.get_by_role("button", name="Upload file").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: Evidence"))
    check_page(page)
    assert not draft.evidence.exists()


def test_without_javascript_an_upload_is_an_ordinary_form_post(new_page, officer, draft, tmp_path):
    path = tmp_path / "Annual report.pdf"
    path.write_bytes(pdf_bytes("Annual report"))
    page = new_page("officer", javascript=False)
    sign_in(page, officer.email)
    _open_section(page, draft, "evidence", "Evidence")

    upload_evidence(page, path, description="Annual report 2026")

    expect(page.get_by_role("progressbar")).to_have_count(0)
    assert draft.evidence.get().description == "Annual report 2026"


# --- autosave ------------------------------------------------------------------------------------


def _autosaves(page):
    requests = []
    page.on(
        "request", lambda request: requests.append(request) if "/autosave/" in request.url else None
    )
    return requests


def test_a_section_is_saved_automatically_every_30_seconds(page, officer, draft):
    page.clock.install()
    requests = _autosaves(page)
    sign_in(page, officer.email)
    _open_section(page, draft, "about", "About your organisation")

    page.clock.run_for("00:31")
    assert requests == []  # nothing changed, nothing sent
    page.get_by_label("Title of your nomination").fill("Community hubs")
    page.clock.run_for("00:31")

    expect(page.get_by_role("status").filter(has_text="saved automatically")).to_be_visible()
    check_page(page)
    draft.refresh_from_db()
    assert draft.title == "Community hubs"
    assert len(requests) == 1
    # The officer's own save afterwards is not mistaken for a colleague's.
    page.get_by_label("Summary").fill("Six neighbourhood hubs")
    save_and_continue(page)
    expect(heading(page, "The partnership")).to_be_visible()
    check_page(page)
    draft.refresh_from_db()
    assert (draft.title, draft.summary) == ("Community hubs", "Six neighbourhood hubs")


def test_autosave_stops_when_a_colleague_saved_first_and_nothing_is_lost(page, officer, draft):
    page.clock.install()
    requests = _autosaves(page)
    sign_in(page, officer.email)
    _open_section(page, draft, "about", "About your organisation")
    colleague = officer_user(council=draft.council)
    services.nomination_save(
        nomination=draft, by=colleague, version=draft.version, fields={"title": "Their title"}
    )

    page.get_by_label("Title of your nomination").fill("My title")
    page.clock.run_for("00:31")

    expect(
        page.get_by_role("status").filter(has_text="A colleague saved this section")
    ).to_be_visible()
    page.get_by_label("Summary").fill("More of my text")
    page.clock.run_for("01:05")
    assert len(requests) == 1  # autosave has stopped
    draft.refresh_from_db()
    assert draft.title == "Their title"
    # The officer's own save meets the version check: their text stays on the page to compare.
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("alert")).to_contain_text("A colleague saved this section")
    expect(page.get_by_label("Title of your nomination")).to_have_value("My title")
    expect(page.get_by_role("heading", name="Saved by your colleague")).to_be_visible()
    check_page(page)
    # While both versions are on the page, nothing is saved automatically: the officer decides.
    page.get_by_label("Title of your nomination").fill("My title, reconciled")
    page.clock.run_for("00:31")
    assert len(requests) == 1
    assert Nomination.objects.get(pk=draft.pk).title == "Their title"


def test_after_add_another_the_typed_organisation_is_saved_automatically(page, officer):
    draft = NominationFactory(
        award=AwardPageFactory(), council=council_of(officer), partner_organisations=False
    )
    page.clock.install()
    requests = _autosaves(page)
    sign_in(page, officer.email)
    _open_section(page, draft, "partnership", "The partnership")
    fill_partner(
        page,
        1,
        name="Eastfield Food Bank",
        kind="Charity",
        contact="Priya Shah",
        email="priya@eastfield.org.uk",
    )

    # "Add another" is a round trip that shows the typed row again: it is still not saved.
    page.get_by_role("button", name="Add another organisation").click()
    expect(page.get_by_role("group", name="Organisation 2")).to_be_visible()
    check_page(page)
    assert not draft.partner_organisations.exists()
    page.clock.run_for("00:31")

    expect(page.get_by_role("status").filter(has_text="saved automatically")).to_be_visible()
    assert len(requests) == 1
    assert list(draft.partner_organisations.values_list("name", "contact_email")) == [
        ("Eastfield Food Bank", "priya@eastfield.org.uk")
    ]


# --- unsaved changes -----------------------------------------------------------------------------


def _dialogs(page):
    seen = []

    def answer(dialog):
        seen.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    page.on("dialog", answer)
    return seen


def test_leaving_a_page_with_unsaved_changes_asks_first_but_saving_does_not(page, officer, draft):
    page.clock.install()
    dialogs = _dialogs(page)
    sign_in(page, officer.email)
    _open_section(page, draft, "about", "About your organisation")
    section_url = page.url

    page.get_by_role("link", name="Back to your nomination").click()  # nothing typed: no question
    expect(heading(page, re.compile("nomination", re.IGNORECASE))).to_be_visible()
    check_page(page)
    assert dialogs == []
    _open_section(page, draft, "about", "About your organisation")
    page.get_by_label("Title of your nomination").fill("Community hubs")
    page.get_by_role("link", name="Back to your nomination").click()

    expect(page.get_by_label("Title of your nomination")).to_have_value("Community hubs")
    assert dialogs == ["beforeunload"]
    assert page.url == section_url
    # Once autosaved, there is nothing to lose: leaving does not ask.
    page.clock.run_for("00:31")
    expect(page.get_by_role("status").filter(has_text="saved automatically")).to_be_visible()
    page.get_by_role("link", name="Back to your nomination").click()
    expect(page).not_to_have_url(section_url)
    check_page(page)
    assert dialogs == ["beforeunload"]
    # Typing then saving with the button never asks.
    _open_section(page, draft, "about", "About your organisation")
    page.get_by_label("Summary").fill("Six neighbourhood hubs")
    save_and_continue(page)
    expect(heading(page, "The partnership")).to_be_visible()
    check_page(page)
    assert dialogs == ["beforeunload"]
