"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

One browser for the whole session and a fresh context (cookies, storage) for each person in each test.
`new_page(label)` opens a page for one person; `check_page(page)` (tests/browser/steps.py) runs axe-core on
it. Every page a test loads outside the Wagtail admin must be checked before the test ends, or the test
fails. On a failure, a screenshot and the HTML of every open page are saved under
tests/browser/artifacts/<test name>/ and the folder is printed.

Browser tests use the live server, so they get a transactional database; `serialized_rollback` puts back
what the data migrations made (the page tree, the principles, the role groups) after each test's flush.
"""

import os

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from .harness import (
    ARTIFACT_FOLDER,
    AXE_CHECKED,
    BROWSER_SECONDS,
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    AuditPage,
    AxeLedger,
    PageAudit,
    missing_prerequisites,
    save_artifacts,
)
from .steps import AUDITS

LEDGER = pytest.StashKey[AxeLedger]()
# How many of this process's axe checks have gone into a report already.
LEDGER_REPORTED = pytest.StashKey[int]()


def pytest_configure(config):
    expect.set_options(timeout=TIMEOUT_MS)
    config.stash[LEDGER] = AxeLedger()
    config.stash[LEDGER_REPORTED] = 0


@pytest.fixture(scope="session")
def browser():
    problems = missing_prerequisites()
    if problems:
        pytest.fail(
            "The browser tests need Debian's Chromium and axe-core: "
            + "; ".join(problems)
            + ". Run `make browsers` (make test does it for you).",
            pytrace=False,
        )
    # Playwright's sync API keeps an idle event loop in this thread, and Django refuses database
    # calls from a thread with a loop unless told they are safe; they are, nothing else runs on it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With that loop running, asgiref keys Django's connections by context instead of by thread, and
    # tests would get new connection objects, without the serialized test database that
    # serialized_rollback restores: keep the connections the test database was set up on.
    wrappers = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            for alias, wrapper in wrappers.items():
                setattr(connections._connections, alias, wrapper)
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def audit_page(browser, live_server):
    """Where axe checks the DOM of pages loaded without JavaScript (axe itself needs it)."""
    # axe is injected as an inline script, which the site's CSP rightly refuses; test_csp.py checks the
    # policy itself in contexts that enforce it.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    audit = None

    def get():
        nonlocal audit
        if audit is None:
            audit = AuditPage(context)
        return audit

    yield get
    context.close()


@pytest.fixture
def new_page(request, browser, live_server, audit_page):
    """`new_page("officer")`: a page in a fresh browser context, at the live server.

    `javascript=False` for a browser with JavaScript off; other keywords go to `browser.new_context`
    (e.g. `viewport={"width": 820, "height": 1180}` for a tablet)."""
    contexts = []
    pages = []
    request.node.kil_pages = pages
    ledger = request.config.stash[LEDGER]

    def make(label: str = "page", *, javascript: bool = True, **context_options):
        context_options.setdefault("bypass_csp", True)  # for axe's inline script, as above
        context = browser.new_context(
            base_url=live_server.url, java_script_enabled=javascript, **context_options
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        AUDITS[page] = PageAudit(
            page,
            ledger=ledger,
            audit_page_factory=audit_page,
            variant="JavaScript" if javascript else "no JavaScript",
        )
        pages.append((label, page))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page with JavaScript on, for tests that need only one person."""
    return new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    # Only after the test body passed: every page loaded outside the admin must have been checked.
    for _label, page in getattr(item, "kil_pages", ()):
        if page in AUDITS:
            AUDITS[page].assert_all_checked()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """The pages checked, the time taken and any artefacts go into the report, so that the summary
    (tests/conftest.py) counts them all when pytest-xdist's workers run the tests."""
    report = yield
    if item.get_closest_marker("browser"):
        report.user_properties.append((BROWSER_SECONDS, report.duration))
    ledger = item.config.stash[LEDGER]
    for checked in ledger.checked[item.config.stash[LEDGER_REPORTED] :]:
        report.user_properties.append(
            (AXE_CHECKED, (checked.pattern, checked.title, checked.variant))
        )
    item.config.stash[LEDGER_REPORTED] = len(ledger.checked)
    pages = getattr(item, "kil_pages", None)
    if report.failed and report.when in ("setup", "call") and pages:
        folder = save_artifacts(item.name, pages)
        report.sections.append(
            ("browser artefacts", f"Screenshot and HTML of each open page saved in {folder}")
        )
        report.user_properties.append((ARTIFACT_FOLDER, str(folder)))
    return report
