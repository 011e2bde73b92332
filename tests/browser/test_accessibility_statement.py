"""The accessibility statement, reached from the footer of any page."""

from playwright.sync_api import expect

from .harness import BROWSER_TEST
from .steps import check_page, heading

pytestmark = BROWSER_TEST


def test_a_visitor_finds_the_accessibility_statement_from_the_footer(page):
    page.goto("/")
    check_page(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()

    expect(heading(page, "Accessibility statement")).to_be_visible()
    check_page(page)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Enforcement procedure")).to_be_visible()
    expect(main.get_by_role("heading", name="How we tested this website")).to_be_visible()
    expect(main.get_by_role("link", name="keepitlocal@locality.org.uk").first).to_have_attribute(
        "href", "mailto:keepitlocal@locality.org.uk"
    )
