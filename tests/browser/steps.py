"""One helper per step of a journey, written the way a person uses the site: accessible names only
(role, label, text), never CSS or XPath for interaction.

Every helper that lands on a page outside the Wagtail admin checks it with axe-core (`check_page`); the
harness fails a test that loaded a public page and never checked it.

Helpers take `how`: POINTER (mouse and typing, the default) or a Keyboard() (Tab, Shift+Tab, Enter and
Space only), so the keyboard journey runs through the same steps as the pointer one.
"""

import re
import time
from collections import Counter
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from allauth.mfa import app_settings as mfa_settings
from playwright.sync_api import expect

from tests.auth import totp_code
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

    def choose(self, page, group, name):
        """The radio button called `name` in the radio group `group` (a fieldset, by its legend)."""
        group.get_by_role("radio", name=name).check()

    def choose_option(self, page, select, label: str):
        select.select_option(label=label)

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

    def choose(self, page, group, name):
        """Tab into the radio group (focus lands on its first radio), then the arrow keys to the one
        called `name`, as radio groups expect, and Space to make sure it is selected."""
        radio = group.get_by_role("radio", name=name)
        self._focus(page, group.get_by_role("radio").first)
        for _ in range(12):
            if is_focused(radio):
                break
            self._press(page, "ArrowDown")
        assert is_focused(radio)
        if not radio.is_checked():
            self._press(page, "Space")
        expect(radio).to_be_checked()

    def choose_option(self, page, select, label: str):
        """A <select>: focus it, then type the option's first letters, as a keyboard user does."""
        self._focus(page, select)
        page.keyboard.type(label)
        assert select.evaluate("select => select.selectedOptions[0].text") == label

    def upload(self, page, file_input, path):
        # The file input is reached with the keyboard, but the operating system's file chooser it
        # opens cannot be driven by keys in headless Chromium: the file is set on the focused input.
        self._focus(page, file_input)
        assert is_focused(file_input)
        file_input.set_input_files(path)


POINTER = Pointer()


# --- accounts ------------------------------------------------------------------------------------


def sign_in(page, email: str, password: str = PASSWORD, how=POINTER):
    """Email address and password through the real sign-in form. Judges, staff and editors then meet
    the second step (`enter_mfa_code`)."""
    page.goto("/accounts/login/")
    check_page(page)
    how.fill(page, page.get_by_label("Email address"), email)
    how.fill(page, page.get_by_label("Password", exact=True), password)
    how.activate(page, page.get_by_role("button", name="Sign in", exact=True))
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    if not is_admin(page.url):
        check_page(page)


def enter_mfa_code(page, secret: str, how=POINTER):
    """The second step of signing in: the six digits the authenticator app shows now."""
    expect(page).to_have_url(re.compile(r"/accounts/2fa/"))
    field = page.get_by_role("textbox").first
    # A code is good for its 30-second period only: one read just before the period ends could reach
    # the server in the next, so wait for a fresh period then, as a person glancing at the app would.
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 5:
        page.wait_for_timeout((left + 0.2) * 1000)
    how.fill(page, field, totp_code(secret))
    how.activate(
        page, page.get_by_role("button", name=re.compile("^(Sign in|Confirm|Continue)$", re.I))
    )
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))
    if not is_admin(page.url):
        check_page(page)


def sign_up(page, *, first_name: str, last_name: str, email: str, password: str, how=POINTER):
    """Create an account with a work email address; lands on "verify your email"."""
    page.goto("/")
    check_page(page)
    how.activate(page, page.get_by_role("link", name="Sign in"))
    expect(heading(page, "Sign in")).to_be_visible()
    check_page(page)
    how.activate(page, page.get_by_role("link", name="Create an account"))
    expect(heading(page, "Create an account")).to_be_visible()
    check_page(page)
    how.fill(page, page.get_by_label("First name"), first_name)
    how.fill(page, page.get_by_label("Last name"), last_name)
    how.fill(page, page.get_by_label("Work email address"), email)
    how.fill(page, page.get_by_label("Create a password"), password)
    how.fill(page, page.get_by_label("Confirm your password"), password)
    how.activate(page, page.get_by_role("button", name="Create account"))
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/"))
    check_page(page)


def verify_email(page, mailbox, email: str, how=POINTER):
    """Follow the link in the confirmation email and confirm the address."""
    messages = [m for m in mailbox if email in m.to]
    assert messages, f"no email to {email}"
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", messages[-1].body).group(0)
    page.goto(urlsplit(link).path)
    check_page(page)
    how.activate(page, page.get_by_role("button", name="Confirm"))
    expect(page).not_to_have_url(re.compile(r"/accounts/confirm-email/"))
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


def fill_about(page, *, contact: tuple[str, str], title: str, summary: str, how=POINTER):
    """About your organisation: the lead contact, the title and the summary (the summary first: with
    the keyboard, that means Shift+Tab back up to the title)."""
    expect(heading(page, "About your organisation")).to_be_visible()
    name, job_title = contact
    how.fill(page, page.get_by_label("Full name of the lead contact"), name)
    how.fill(page, page.get_by_label("Their job title"), job_title)
    how.fill(page, page.get_by_label("Summary"), summary)
    how.fill(page, page.get_by_label("Title of your nomination"), title)


def fill_partner(page, number: int, *, name: str, kind: str, contact: str, email: str, how=POINTER):
    """One organisation of the partnership ("Organisation 1", "Organisation 2" ...)."""
    group = page.get_by_role("group", name=f"Organisation {number}")
    how.fill(page, group.get_by_label("Name of the organisation"), name)
    how.choose_option(page, group.get_by_label("Type of organisation"), kind)
    how.fill(page, group.get_by_label("Contact's full name"), contact)
    how.fill(page, group.get_by_label("Contact's email address"), email)


def fill_partnership(page, *, partners: list[dict], how_they_work: str, how=POINTER):
    """The partnership: each organisation ("Add another organisation" for the second and later ones,
    a round trip to the server that keeps what was typed), then how they work together."""
    expect(heading(page, "The partnership")).to_be_visible()
    for number, partner in enumerate(partners, start=1):
        if number > 1:
            how.activate(page, page.get_by_role("button", name="Add another organisation"))
            expect(page.get_by_role("group", name=f"Organisation {number}")).to_be_visible()
            check_page(page)
        fill_partner(page, number, how=how, **partner)
    how.fill(
        page,
        page.get_by_label("How do the council and these organisations work together?"),
        how_they_work,
    )


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
    expect(heading(page, "Declarations and consent")).to_be_visible()
    check_page(page)


def confirm_declarations(page, *, publish: bool = True, how=POINTER):
    expect(heading(page, "Declarations and consent")).to_be_visible()
    how.check(
        page, page.get_by_role("checkbox", name=re.compile("^I confirm that the information"))
    )
    how.check(page, page.get_by_role("checkbox", name=re.compile("^The people named as contacts")))
    consent = page.get_by_role("group", name=re.compile("may we publish a story"))
    how.choose(page, consent, re.compile("^Yes$" if publish else "^No$"))


PARTNERS = [
    {
        "name": "Northside Community Association",
        "kind": "Charity",
        "contact": "Priya Shah",
        "email": "priya@northside.org.uk",
    },
    {
        "name": "Eastfield Food Bank",
        "kind": "Charity",
        "contact": "Tom Evans",
        "email": "tom@eastfieldfoodbank.org.uk",
    },
]


def fill_every_task(
    page, award, *, evidence_path, how=POINTER, title="Community hubs in every neighbourhood"
):
    """The whole task list, section after section with "Save and continue", as an officer does.
    Lands on "Check your answers"."""
    open_task(page, "About your organisation", how)
    fill_about(
        page,
        contact=("Asha Khan", "Head of Communities"),
        title=title,
        summary="Six neighbourhood hubs run with local groups, with money and decisions moved to them.",
        how=how,
    )
    save_and_continue(page, how)
    expect(heading(page, "The partnership")).to_be_visible()
    check_page(page)
    fill_partnership(
        page,
        partners=PARTNERS,
        how_they_work="A partnership board with a shared budget and a ten-year agreement.",
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
    confirm_declarations(page, how=how)
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


def declare_conflicts(page, year: int, conflicts: list[tuple[str, str]], how=POINTER):
    """From the dashboard's warning: declare each (organisation, reason), then confirm the list."""
    how.activate(page, page.get_by_role("link", name=f"Declare conflicts of interest for {year}"))
    expect(heading(page, "Conflicts of interest")).to_be_visible()
    check_page(page)
    for organisation, reason in conflicts:
        how.choose_option(page, page.get_by_role("combobox", name="Organisation"), organisation)
        how.fill(page, page.get_by_label("What is the conflict?"), reason)
        how.activate(page, page.get_by_role("button", name="Declare conflict"))
        expect(page.get_by_role("status")).to_contain_text(
            f"Your conflict of interest with {organisation} has been recorded."
        )
        check_page(page)
    how.check(
        page, page.get_by_role("checkbox", name=re.compile("^I have declared every conflict"))
    )
    how.activate(page, page.get_by_role("button", name="Confirm and continue"))
    expect(page.get_by_role("status")).to_contain_text("Your declarations are complete.")
    expect(heading(page, "Your judging")).to_be_visible()
    check_page(page)


def open_assigned_entry(page, reference: str, how=POINTER):
    """From the judging dashboard to one entry: the conflict check (the first time), then the
    scorecard."""
    expect(heading(page, "Your judging")).to_be_visible()
    how.activate(page, page.get_by_role("link", name=re.compile(rf"^{re.escape(reference)}")))
    confirm_no_conflict(page, reference, how)


def confirm_no_conflict(page, reference: str, how=POINTER):
    """The check before an entry opens the first time ("No, I have no conflict of interest"), then
    the scorecard; an entry already checked opens straight at its scorecard."""
    question = page.get_by_role("group", name="Do you have a conflict of interest with this entry?")
    scorecard = page.get_by_role("button", name="Submit scores")
    expect(question.or_(scorecard)).to_be_visible()
    if question.is_visible():
        check_page(page)
        how.choose(page, question, "No, I have no conflict of interest")
        how.activate(page, page.get_by_role("button", name="Continue", exact=True))
    expect(scorecard).to_be_visible()
    expect(page).to_have_title(re.compile(rf"^Score {re.escape(reference)} "))
    check_page(page)


def score_principle(page, *, number: int, score: str, comment: str = "", how=POINTER):
    """One principle's score: the radio button whose label starts with the score (the rubric's
    descriptor follows it), in the principle's group."""
    group = page.get_by_role("group", name=f"Score for principle {number}")
    how.choose(page, group, re.compile(rf"^{re.escape(score)}\b"))
    if comment:
        how.fill(page, page.get_by_label(f"Comment on principle {number}"), comment)


def submit_scores(page, how=POINTER):
    """Submit the scorecard: the next entry still to score opens, or the dashboard when none is left.
    Returns the message shown."""
    how.activate(page, page.get_by_role("button", name="Submit scores"))
    message = page.get_by_role("status").filter(has_text="have been submitted")
    expect(message).to_be_visible()
    return message


def save_and_next(page, how=POINTER):
    """Save this scorecard as a draft and go on to the next entry to score."""
    how.activate(page, page.get_by_role("button", name="Save and go to next entry"))
    expect(page.get_by_role("status").filter(has_text="have been saved as a draft")).to_be_visible()


# --- the public ----------------------------------------------------------------------------------


def browse_showcase(page):
    """From the home page to the showcase of winners' stories."""
    page.goto("/")
    check_page(page)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Showcase").click()
    expect(heading(page, "Showcase")).to_be_visible()
    check_page(page)


def filter_showcase(page, *, principle: str | None = None, year: int | None = None, how=POINTER):
    """The showcase's filters (a plain GET form): choose, then "Show stories"."""
    search = page.get_by_role("search", name="Find stories")
    if principle:
        how.choose_option(page, search.get_by_role("combobox", name="Principle"), principle)
    if year:
        how.choose_option(page, search.get_by_role("combobox", name="Award year"), str(year))
    how.activate(page, search.get_by_role("button", name="Show stories"))
    expect(page).to_have_url(re.compile(r"\?"))
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


def admin_record_outcome(
    page, round_name: str, reference: str, *, outcome: str, rationale: str, early_reason=""
):
    """Judging → Rounds → Results → the entry's outcome and rationale → Record; an early decision
    (scorecards outstanding, the round open) is then confirmed with `early_reason`."""
    admin_menu(page, "Judging", "Rounds")
    page.get_by_role("row").filter(has_text=round_name).get_by_role("link", name="Results").click()
    page.get_by_label(f"Outcome for {reference}").select_option(label=outcome)
    page.get_by_label(f"Rationale for {reference}").fill(rationale)
    row = page.get_by_role("row").filter(has_text=reference)
    row.get_by_role("button", name="Record").click()
    if early_reason:
        expect(page.get_by_text("This decision is early:").first).to_be_visible()
        row = page.get_by_role("row").filter(has_text=reference)
        row.get_by_label("Why decide before judging is complete").fill(early_reason)
        row.get_by_role("button", name="Confirm and record early").click()
    admin_message(page, f"Decision recorded: {reference}")


def admin_announce_results(page, year: int):
    """From a round's results page: Announce the results → Now → Save."""
    page.get_by_role("link", name="Announce the results").first.click()
    page.get_by_label("Now").check()
    page.get_by_role("button", name="Save").click()
    admin_message(page, f"The {year} results are announced")


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


def admin_submit_for_moderation(page, workflow: str = "Showcase review"):
    """Send the page through its moderation workflow (showcase stories: "Showcase review")."""
    admin_page_action(page, f"Submit to {workflow}")
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
