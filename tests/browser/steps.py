"""One helper per step of a journey, written the way a person uses the site: accessible names only
(role, label, text), never CSS or XPath for interaction.

Every helper that lands on a page outside the Wagtail admin checks it with axe-core (`check_page`); the
harness fails a test that loaded a public page and never checked it.

Helpers take `how`: POINTER (mouse and typing, the default) or a Keyboard() (Tab, Shift+Tab, Enter and
Space only), so the keyboard journey runs through the same steps as the pointer one.
"""

import re
from collections import Counter
from weakref import WeakKeyDictionary

from playwright.sync_api import expect

from tests.factories import PASSWORD

from .harness import PageAudit, focus_with_keys, is_admin, is_focused

AUDITS: "WeakKeyDictionary[object, PageAudit]" = WeakKeyDictionary()


def check_page(page):
    """axe-core on the page as it is now: 0 WCAG 2.2 AA violations."""
    AUDITS[page].check()


def heading(page, name, level=1):
    return page.get_by_role("heading", name=name, level=level)


# --- how a person operates the page --------------------------------------------------------------


class Pointer:
    """Mouse (or touch) and typing."""

    name = "pointer"

    def fill(self, page, field, text: str):
        field.fill(text)

    def activate(self, page, control, key="Enter"):
        control.click()

    def check(self, page, box):
        box.check()

    def upload(self, page, file_input, path):
        file_input.set_input_files(path)


class Keyboard:
    """Tab and Shift+Tab to move, Enter or Space to act, typing into the focused field. Counts the keys
    it pressed, so a test can show which were used."""

    name = "keyboard"

    def __init__(self):
        self.presses = Counter()

    def _focus(self, page, target):
        key, count = focus_with_keys(page, target)
        self.presses[key] += count

    def _press(self, page, key):
        page.keyboard.press(key)
        self.presses[key] += 1

    def fill(self, page, field, text: str):
        self._focus(page, field)
        page.keyboard.press("ControlOrMeta+A")  # replace what is there, as a person would
        page.keyboard.type(text)

    def activate(self, page, control, key="Enter"):
        self._focus(page, control)
        self._press(page, key)

    def check(self, page, box):
        self._focus(page, box)
        if not box.is_checked():
            self._press(page, "Space")
        expect(box).to_be_checked()

    def upload(self, page, file_input, path):
        # The file input is reached with the keyboard, but the operating system's file chooser it
        # opens cannot be driven by keys in headless Chromium: the file is set on the focused input.
        self._focus(page, file_input)
        assert is_focused(file_input)
        file_input.set_input_files(path)


POINTER = Pointer()


# --- accounts ------------------------------------------------------------------------------------


def sign_in(page, email: str, password: str = PASSWORD, how=POINTER):
    """Through the real sign-in form. Sign-up, email verification and MFA will be helpers of their own
    (sign_up, verify_email, enter_mfa_code) that journeys call around this one."""
    page.goto("/accounts/login/")
    check_page(page)
    how.fill(page, page.get_by_label("Email"), email)
    how.fill(page, page.get_by_label("Password"), password)
    how.activate(page, page.get_by_role("button", name="Sign In"))
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    if not is_admin(page.url):
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        check_page(page)


# --- nominations (officer) -----------------------------------------------------------------------


def start_nomination(page, how=POINTER):
    """From "Your nominations" to the task list of a new draft."""
    expect(heading(page, "Your nominations")).to_be_visible()
    how.activate(page, page.get_by_role("button", name="Start your nomination"))
    expect(heading(page, "Your nomination")).to_be_visible()
    check_page(page)


def open_task(page, task_name: str, how=POINTER):
    """Follow a link in the task list to its section."""
    how.activate(page, page.get_by_role("link", name=task_name, exact=True))
    expect(heading(page, task_name)).to_be_visible()
    check_page(page)


def save_and_continue(page, how=POINTER, key="Enter"):
    how.activate(page, page.get_by_role("button", name="Save and continue"), key=key)


def fill_about(page, *, title: str, summary: str, how=POINTER):
    """About your nomination: the summary, then the title (with the keyboard, Shift+Tab back to it)."""
    expect(heading(page, "About your nomination")).to_be_visible()
    how.fill(page, page.get_by_label("Summary"), summary)
    how.fill(page, page.get_by_label("Title of your nomination"), title)


def fill_partnership(page, *, partners: str, how=POINTER):
    """The partnership, as free text today. Issue 3 makes it structured (one row per organisation):
    this helper then fills the rows and the journeys stay as they are."""
    expect(heading(page, "The partnership")).to_be_visible()
    how.fill(page, page.get_by_label("Community organisations in the partnership"), partners)


def fill_principle(page, *, number: int, text: str, how=POINTER):
    expect(heading(page, re.compile(rf"^{number}\. "))).to_be_visible()
    how.fill(page, page.get_by_label(f"How you put principle {number} into practice"), text)


def upload_evidence(page, path, *, description: str, principles=(), how=POINTER):
    """One file through the real file input, found by its label, with what it supports."""
    expect(heading(page, "Evidence")).to_be_visible()
    how.upload(page, page.get_by_label("Upload a file"), path)
    how.fill(page, page.get_by_label("Describe the file"), description)
    for principle in principles:
        how.check(page, page.get_by_role("checkbox", name=str(principle)))
    how.activate(page, page.get_by_role("button", name="Upload file"))
    expect(page.get_by_text(f"{path.name} has been uploaded.")).to_be_visible()
    expect(page.get_by_role("table", name="Files uploaded")).to_contain_text(path.name)
    check_page(page)


def leave_evidence(page, how=POINTER):
    how.activate(page, page.get_by_role("link", name="Continue", exact=True))
    expect(heading(page, "Declaration")).to_be_visible()
    check_page(page)


def confirm_declaration(page, how=POINTER):
    expect(heading(page, "Declaration")).to_be_visible()
    how.check(page, page.get_by_role("checkbox", name=re.compile("^I confirm that")))


def fill_every_task(
    page, award, *, evidence_path, how=POINTER, title="Community hubs in every neighbourhood"
):
    """The whole task list, section after section with "Save and continue", as an officer does.
    Lands on "Check your answers"."""
    open_task(page, "About your nomination", how)
    fill_about(
        page,
        title=title,
        summary="Six neighbourhood hubs run with local groups, with money and decisions moved to them.",
        how=how,
    )
    save_and_continue(page, how)
    expect(heading(page, "The partnership")).to_be_visible()
    check_page(page)
    fill_partnership(
        page,
        partners="Northside Community Association (charity): runs two hubs.\n"
        "Eastfield Food Bank (charity): food and advice in every hub.",
        how=how,
    )
    save_and_continue(page, how)
    for criterion in award.ordered_criteria:
        number = criterion.principle.number
        expect(heading(page, str(criterion.principle))).to_be_visible()
        check_page(page)
        fill_principle(
            page,
            number=number,
            text=f"What we did for principle {number}, with whom, and what changed.",
            how=how,
        )
        save_and_continue(page, how)
    expect(heading(page, "Evidence")).to_be_visible()
    check_page(page)
    principles = [c.principle for c in award.ordered_criteria[:2]]
    upload_evidence(
        page,
        evidence_path,
        description="Independent evaluation, 2026",
        principles=principles,
        how=how,
    )
    leave_evidence(page, how)
    confirm_declaration(page, how)
    save_and_continue(page, how)
    expect(heading(page, "Check your answers before submitting")).to_be_visible()
    check_page(page)


def check_answers_and_submit(page, *, expected: list[str], how=POINTER, key="Enter") -> str:
    """Check the answers show what was typed, submit, and return the reference on the receipt."""
    expect(heading(page, "Check your answers before submitting")).to_be_visible()
    expect(page.get_by_text("You cannot submit yet")).to_have_count(0)
    main = page.get_by_role("main")
    for text in expected:
        expect(main).to_contain_text(text)
    how.activate(page, page.get_by_role("button", name="Submit nomination"), key=key)
    expect(heading(page, "Nomination submitted")).to_be_visible()
    check_page(page)
    reference = page.get_by_text(re.compile(r"^KIL-\d{4}-\d{4}$"))
    expect(reference).to_be_visible()
    return reference.inner_text()


# --- judging (judge) -----------------------------------------------------------------------------


def open_assigned_entry(page, reference: str, how=POINTER):
    """From the judging dashboard to the scorecard of one entry. Issue 4 adds the conflict
    declaration before scoring: a `declare_conflicts(page, ...)` step goes before this one."""
    expect(heading(page, "Your judging")).to_be_visible()
    how.activate(page, page.get_by_role("link", name=re.compile(rf"^{re.escape(reference)}")))
    expect(page.get_by_role("button", name="Submit scores")).to_be_visible()
    expect(page).to_have_title(re.compile(rf"^Score {re.escape(reference)} "))
    check_page(page)


def score_principle(page, *, number: int, score: str, comment: str = "", how=POINTER):
    """One principle's score (a radio button found by its label inside the principle's group)."""
    group = page.get_by_role("group", name=f"Score for principle {number}")
    how.check(page, group.get_by_role("radio", name=score, exact=True))
    if comment:
        how.fill(page, page.get_by_label(f"Comment on principle {number}"), comment)


def submit_scores(page, how=POINTER):
    """Submit the scorecard; lands on the dashboard. Issue 4's "save and next" becomes a step of its
    own (`save_and_next`) that lands on the next entry instead."""
    how.activate(page, page.get_by_role("button", name="Submit scores"))
    expect(page.get_by_text("Your scores have been submitted.")).to_be_visible()
    expect(heading(page, "Your judging")).to_be_visible()
    check_page(page)


# --- the public ----------------------------------------------------------------------------------


def browse_showcase(page):
    """The showcase index. Issue 5 adds filters by principle and year: a `filter_showcase(page, ...)`
    step goes after this one."""
    page.goto("/")
    check_page(page)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Showcase").click()
    expect(heading(page, "Showcase")).to_be_visible()
    check_page(page)


def open_story(page, title: str):
    page.get_by_role("link", name=title).click()
    expect(heading(page, title)).to_be_visible()
    check_page(page)


# --- the Wagtail admin (award administrators and editors) -----------------------------------------
# Wagtail's own accessible admin: axe is not run here (the harness skips /admin/), locators are still
# roles, labels and text.


def admin_message(page, text):
    """Wagtail's message banner (a status region at the top of the admin's main area)."""
    expect(page.get_by_role("main").get_by_role("status").first).to_contain_text(text)


def admin_menu(page, section: str, item: str):
    """Open an item of a sidebar menu section, e.g. admin_menu(page, "Award", "Nominations")."""
    sidebar = page.get_by_role("navigation", name="Main menu").last
    sidebar.get_by_role("button", name=section).click()
    sidebar.get_by_role("link", name=item, exact=True).click()


def admin_inspect_nomination(page, reference: str):
    """Award → Nominations → the nomination's Inspect view."""
    admin_menu(page, "Award", "Nominations")
    row = page.get_by_role("row").filter(has_text=reference)
    row.get_by_role("link", name="Inspect").click()
    expect(page.get_by_text(reference).first).to_be_visible()


def admin_mark_eligible(page, reference: str):
    admin_inspect_nomination(page, reference)
    page.get_by_role("button", name="Mark eligible").click()
    admin_message(page, f"{reference} is marked eligible.")


def admin_create_round(
    page, *, award_title: str, name: str, opens: str, closes: str, judges_per_entry: int
):
    """Judging → Rounds → Add: the round's form, dates typed as the date-time inputs accept them."""
    admin_menu(page, "Judging", "Rounds")
    page.get_by_role("link", name=re.compile("^Add")).first.click()
    form = page.get_by_role("main")
    form.get_by_role("button", name="Choose a page (Award)").click()
    page.get_by_role("dialog").get_by_role("link", name=award_title, exact=True).click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    form.get_by_role("textbox", name="Name").fill(name)
    form.get_by_role("textbox", name="Opens").fill(opens)
    form.get_by_role("textbox", name="Closes").fill(closes)
    form.get_by_role("spinbutton", name="Judges per entry").fill(str(judges_per_entry))
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("row").filter(has_text=name)).to_be_visible()


def admin_allocate(page, round_name: str) -> None:
    """Judging → Rounds → Manage → Allocate automatically."""
    page.get_by_role("row").filter(has_text=round_name).get_by_role("link", name="Manage").click()
    page.get_by_role("button", name="Allocate automatically").click()
    admin_message(page, re.compile(r"Added \d+ assignments?\."))


def admin_record_outcome(page, round_name: str, reference: str, *, outcome: str, rationale: str):
    """Judging → Rounds → Results → the entry's outcome and rationale → Record."""
    admin_menu(page, "Judging", "Rounds")
    page.get_by_role("row").filter(has_text=round_name).get_by_role("link", name="Results").click()
    page.get_by_label(f"Outcome for {reference}").select_option(label=outcome)
    page.get_by_label(f"Rationale for {reference}").fill(rationale)
    page.get_by_role("row").filter(has_text=reference).get_by_role("button", name="Record").click()
    admin_message(page, f"Decision recorded: {reference}")


def admin_create_story(page, reference: str):
    """Award → Nominations → Inspect → Create showcase story: a draft story page, open in the editor."""
    admin_inspect_nomination(page, reference)
    page.get_by_role("button", name="Create showcase story").click()
    admin_message(page, "Draft showcase story created")


def admin_page_action(page, name):
    """A page editor action from the footer's action menu (Save draft, Publish, Submit to …)."""
    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name=name).click()


def admin_submit_for_moderation(page):
    """Today Wagtail's default "Moderators approval" workflow; issue 5 brings "Showcase review", and
    this step then names that workflow."""
    admin_page_action(page, re.compile("^Submit to "))
    admin_message(page, "has been submitted for moderation")


def admin_review_and_publish(page, title: str):
    """A moderator opens the page awaiting their review from the dashboard and approves it, which
    publishes it (the workflow's last task)."""
    page.goto("/admin/")
    page.get_by_role("region", name="Awaiting your review").get_by_role(
        "link", name=title
    ).first.click()
    admin_page_action(page, "Approve and Publish")
    admin_message(page, "has been updated")


# --- errors --------------------------------------------------------------------------------------


def active_element_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def expect_error_summary(page, *errors: str):
    """GOV.UK error summary: the title starts "Error: ", the summary lists each error as a link and
    (with JavaScript) has focus. Returns the summary."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.get_by_role("alert").filter(
        has=page.get_by_role("heading", name="There is a problem")
    )
    expect(summary).to_be_visible()
    for error in errors:
        expect(summary.get_by_role("link", name=error)).to_be_visible()
    check_page(page)
    return summary


def follow_error_link(page, summary, error: str, field):
    """Follow an error's link in the summary; the field it names gets focus."""
    summary.get_by_role("link", name=error).click()
    expect(field).to_be_focused()
