"""The browser-test harness: Debian's Chromium, axe-core, failure artefacts and keyboard helpers.

Nothing here knows about the award; journeys are written with the helpers in tests/browser/steps.py.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# The marks of every browser test. The live server runs in another thread, so tests get a
# transactional database; `serialized_rollback` restores what the data migrations made (page tree,
# principles, groups, the accessibility statement) after each test's flush.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "browser" / "artifacts"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA: the level public sector bodies must meet.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The Wagtail admin is Wagtail's own accessible UI, tested by Wagtail; the public site is ours.
ADMIN_PREFIX = "/admin/"
# Long enough for a slow CI machine, short enough that a missing element fails in seconds.
TIMEOUT_MS = 10_000

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_NUMBER_SEGMENT = re.compile(r"/\d+(?=/)")
_CONFIRMATION_KEY = re.compile(r"(/confirm-email/)[^/]+/")


def missing_prerequisites() -> list[str]:
    problems = []
    if not CHROMIUM.exists():
        problems.append(f"{CHROMIUM} is missing")
    if not AXE_SCRIPT.exists():
        problems.append(f"{AXE_SCRIPT.relative_to(ROOT)} is missing")
    return problems


def page_pattern(url: str) -> str:
    """/nominations/<uuid>/about/ for /nominations/0b5e…/about/: one line per kind of page."""
    parts = urlsplit(url)
    path = _NUMBER_SEGMENT.sub("/<id>", _UUID.sub("<uuid>", parts.path))
    path = _CONFIRMATION_KEY.sub(r"\1<key>/", path)
    return path + ("?" + parts.query if parts.query else "")


def is_admin(url: str) -> bool:
    return urlsplit(url).path.startswith(ADMIN_PREFIX)


# --- axe-core ------------------------------------------------------------------------------------

_RUN_AXE = """tags => axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
}).then(results => results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
})))"""


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG 2.2 AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"\n- {violation['id']} ({violation['impact']}): {violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
            for summary_line in (node["summary"] or "").splitlines():
                lines.append(f"      {summary_line}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more element(s)")
    return "\n".join(lines)


@dataclass
class CheckedPage:
    pattern: str
    title: str
    variant: str


@dataclass
class AxeLedger:
    """Every page axe checked in this session, for the summary printed at the end of the run."""

    checked: list[CheckedPage] = field(default_factory=list)

    def record(self, url: str, title: str, variant: str):
        self.checked.append(CheckedPage(page_pattern(url), title, variant))

    def summary_lines(self) -> list[str]:
        seen: dict[str, CheckedPage] = {}
        variants: dict[str, set[str]] = {}
        for item in self.checked:
            key = f"{item.pattern}  {item.title}"
            seen.setdefault(key, item)
            variants.setdefault(key, set()).add(item.variant)
        return [
            f"{key}  [{', '.join(sorted(variants[key]))}]"
            for key in sorted(seen, key=lambda k: seen[k].pattern)
        ]


# The user_properties by which a browser test's reports carry what the summary shows.
AXE_CHECKED = "browser: axe-core check"
BROWSER_SECONDS = "browser: seconds"
ARTIFACT_FOLDER = "browser: artefacts folder"


class BrowserSummary:
    """The browser tests' lines at the end of the run, gathered from their reports, which is all the
    controller of pytest-xdist's workers sees of them. tests/conftest.py registers it: the controller
    collects nothing, so it never loads tests/browser/conftest.py."""

    def __init__(self):
        self.ledger = AxeLedger()
        self.seconds: list[float] = []
        self.folders: list[str] = []

    def pytest_runtest_logreport(self, report):
        for name, value in report.user_properties:
            if name == AXE_CHECKED:
                self.ledger.checked.append(CheckedPage(*value))
            elif name == BROWSER_SECONDS:
                self.seconds.append(value)
            elif name == ARTIFACT_FOLDER:
                self.folders.append(value)

    def pytest_terminal_summary(self, terminalreporter):
        if self.ledger.checked:
            lines = self.ledger.summary_lines()
            terminalreporter.section("pages checked with axe-core (WCAG 2.0/2.1/2.2 A and AA)")
            terminalreporter.write_line(
                f"{len(self.ledger.checked)} checks of {len(lines)} kinds of page, 0 violations allowed:"
            )
            for line in lines:
                terminalreporter.write_line(f"  {line}")
        if self.seconds:
            terminalreporter.write_line(
                f"Browser tests: {len(self.seconds) // 3} in {sum(self.seconds):.1f} s"
                " (setup, call and teardown)"
            )
        if self.folders:
            terminalreporter.section("browser test artefacts")
            for folder in self.folders:
                terminalreporter.write_line(f"  {folder}")


class PageAudit:
    """Follows one page: every document it loads outside the Wagtail admin must be checked with axe
    before the test ends (`assert_all_checked`), so a journey cannot skip a page by accident."""

    def __init__(self, page, *, ledger: AxeLedger, audit_page_factory, variant: str):
        self.page = page
        self.ledger = ledger
        self.audit_page_factory = audit_page_factory
        self.variant = variant
        self.javascript = variant != "no JavaScript"
        self.loaded: list[str] = []
        self.unchecked: list[str] = []
        page.on("domcontentloaded", self._loaded)

    def _loaded(self, page):
        # Main-frame documents only; same-document moves (#fragment links) fire no domcontentloaded.
        self.loaded.append(page.url)
        if not is_admin(page.url):
            self.unchecked.append(page.url)

    def check(self):
        """Run axe on the page as it is now; fail on any violation."""
        page = self.page
        page.wait_for_load_state("load")
        url = page.url
        if is_admin(url):
            raise AssertionError(f"axe is not run on the Wagtail admin: {url}")
        if self.javascript:
            if not page.evaluate("() => typeof window.axe === 'object'"):
                page.add_script_tag(path=str(AXE_SCRIPT))
            violations = page.evaluate(_RUN_AXE, AXE_TAGS)
        else:
            violations = self._check_without_javascript()
        if violations:
            raise AssertionError(format_violations(url, violations))
        self.ledger.record(url, page.title(), self.variant)
        self.unchecked = [u for u in self.unchecked if u != url]

    def _check_without_javascript(self):
        # axe needs timers, which a context without JavaScript does not run: check the same DOM (the
        # page as served, scripts removed so nothing enhances it) in a page that has JavaScript.
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", self.page.content(), flags=re.S | re.I)
        return self.audit_page_factory().check_html(html)

    def assert_all_checked(self):
        if self.unchecked:
            raise AssertionError(
                "These pages were loaded but never checked with axe (call check_page(page) after "
                "each page loads):\n" + "\n".join(f"  {url}" for url in self.unchecked)
            )


class AuditPage:
    """A page with JavaScript, on the live server's origin, that axe checks other pages' HTML in.
    axe is injected once; each check writes the new HTML into the same window (the stylesheets come
    from the cache), which keeps a check without JavaScript as quick as one with it."""

    ADDRESS = "/__axe-audit__/"

    def __init__(self, context):
        self.page = context.new_page()
        self.page.route(
            f"**{self.ADDRESS}",
            lambda route: route.fulfill(
                content_type="text/html", body="<!DOCTYPE html><html lang=en><title>audit</title>"
            ),
        )
        self.page.goto(self.ADDRESS)
        self.page.add_script_tag(path=str(AXE_SCRIPT))

    def check_html(self, html: str) -> list[dict]:
        # document.open() keeps the window and its globals (axe) and replaces the document.
        self.page.evaluate(
            "html => { document.open(); document.write(html); document.close(); }", html
        )
        # Colour contrast needs the styles: wait for every stylesheet (the first one comes over HTTP).
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('link[rel=stylesheet]')].every(link => link.sheet)"
        )
        return self.page.evaluate(_RUN_AXE, AXE_TAGS)


# --- failure artefacts ---------------------------------------------------------------------------


_INJECTED_AXE = re.compile(r"<script\b[^>]*>/\*! axe v.*?</script>", re.S)


def artifact_folder(test_name: str) -> Path:
    return ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)


def save_artifacts(test_name: str, pages: list) -> Path:
    """A full-page screenshot and the HTML of every page still open, in a folder named after the test."""
    folder = artifact_folder(test_name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for number, (label, page) in enumerate(pages, start=1):
        if page.is_closed():
            continue
        stem = f"{number}-{label}"
        try:
            page.screenshot(path=str(folder / f"{stem}.png"), full_page=True)
            html = _INJECTED_AXE.sub("<!-- axe-core, injected by the test -->", page.content())
            (folder / f"{stem}.html").write_text(f"<!-- {page.url} -->\n{html}", encoding="utf-8")
        except Exception as error:  # a broken page must not hide the test's own failure
            (folder / f"{stem}.error.txt").write_text(f"{page.url}\n{error!r}\n", encoding="utf-8")
    return folder


# --- keyboard ------------------------------------------------------------------------------------


def is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def focus_with_keys(page, locator, *, max_presses: int = 80) -> tuple[str, int]:
    """Press Tab (or Shift+Tab, when the target comes before the focused element) until `locator` has
    focus, as a keyboard user would. Returns the key and the number of presses; fails if focus never
    gets there."""
    locator.wait_for(state="visible")
    backwards = locator.evaluate(
        "el => !!(document.activeElement && document.activeElement !== document.body"
        " && (el.compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING))"
    )
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(1, max_presses + 1):
        page.keyboard.press(key)
        if is_focused(locator):
            return key, presses
    raise AssertionError(f"{key} pressed {max_presses} times never reached {locator}")
