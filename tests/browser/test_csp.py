"""What Chromium refuses under the Content Security Policy, on the public site and in Wagtail's admin.

Uses the browser suite's shared Chromium; its contexts, unlike the journeys', enforce the policy."""

import pytest
from django.conf import settings
from django.urls import reverse

from home import security
from tests.factories import NominationFactory, council_of, submitted_nomination

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _violations(browser, live_server, client, paths) -> dict[str, list[str]]:
    """Load each path signed in as `client`'s user; the CSP refusals Chromium reported, by path."""
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    found: dict[str, list[str]] = {}
    current = {"path": ""}
    page.on(
        "console",
        lambda message: (
            found.setdefault(current["path"], []).append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    for path in paths:
        current["path"] = path
        response = page.goto(live_server.url + path, wait_until="networkidle")
        assert response.status < 400, (path, response.status)
    context.close()
    return found


def test_public_pages_and_the_officer_journey_load_with_no_refusals(
    browser, live_server, officer, open_award, client_for
):
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    paths = [
        "/",
        open_award.url,
        reverse("awards:nomination_list"),
        reverse("awards:nomination_overview", args=[nomination.uuid]),
        reverse("awards:nomination_evidence", args=[nomination.uuid]),
    ]

    assert _violations(browser, live_server, client_for(officer), paths) == {}


def _admin_paths(staff, open_award):
    nomination = submitted_nomination(award=open_award)
    return [
        "/admin/",
        reverse("wagtailadmin_pages:edit", args=[open_award.pk]),
        reverse("awards_nomination_modeladmin_index"),
        reverse("awards_nomination_modeladmin_inspect", args=[nomination.pk]),
    ]


def test_wagtail_admin_loads_with_no_refusals_under_its_scoped_exception(
    browser, live_server, staff, open_award, client_for
):
    paths = _admin_paths(staff, open_award)

    assert _violations(browser, live_server, client_for(staff), paths) == {}


def test_wagtail_admin_needs_its_exception(
    browser, live_server, staff, open_award, client_for, monkeypatch
):
    """If Wagtail stops writing inline script and style, this fails: then drop the exception."""
    monkeypatch.setattr(security, "ADMIN_POLICY_UPDATE", None)
    paths = _admin_paths(staff, open_award)

    refused = _violations(browser, live_server, client_for(staff), paths)

    print(refused)
    assert refused
