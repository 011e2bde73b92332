"""Every URL of the project, asked for by every kind of person, with real objects: the answer must be
the one tests/security/permission_table.py gives. A URL without a row there fails, and so does a row
whose URL no longer exists. Council-scoped objects answer anyone outside the council exactly as a
made-up id does (404, never 403), and a refused POST changes nothing."""

import json
import os
import re

import pytest
from django.db import transaction
from django.urls import reverse

from .permission_table import expected_for, matching_rule, may_change, owners, unused_rules
from .post_data import post_data
from .state import fingerprint
from .urls import fill, project_patterns
from .world import ROLES, build_world

REFUSED = {"404", "login", "refused", "403", "405"}
LEAK_CHECKED_PREFIXES = (
    "awards:",
    "judging:",
    "awards_admin:",
    "judging_admin:",
    "awards_nomination_",
    "awards_council",
    "judging_",
)


def classify(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if 300 <= status < 400:
        location = response["Location"]
        path = location.split("?")[0]
        if path.startswith((reverse("account_login"), reverse("wagtailadmin_login"))):
            return "login"
        if path.startswith("/accounts/2fa/"):
            return "mfa"
        if path == reverse("wagtailadmin_home"):
            return "refused"  # Wagtail's "Sorry, you do not have permission", back to the dashboard
        return "redirect"
    return str(status)


_CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+"')


def _comparable(response, path: str):
    """What a person can see of an answer, with the asked-for path taken out."""
    body = b"" if response.streaming else response.content
    body = _CSRF.sub(rb'\1"', body).replace(path.encode(), b"PATH")
    location = response.get("Location", "").replace(path, "PATH")
    from urllib.parse import quote

    location = location.replace(quote(path, safe=""), "PATH").replace(quote(path), "PATH")
    return response.status_code, location, body


def _request(client, method, path, data):
    """One request whose writes are rolled back, so every answer is given against the same world."""
    with transaction.atomic():
        response = client.post(path, data) if method == "POST" else client.get(path, follow=False)
        if response.streaming:
            b"".join(response.streaming_content)
        after = fingerprint() if method == "POST" else None
        transaction.set_rollback(True)
    # A flash message left for the next page would make two otherwise equal answers differ.
    client.cookies.pop("messages", None)
    return response, after


def test_every_table_row_names_a_url_that_exists():
    keys = {pattern.key for pattern in project_patterns()}

    assert unused_rules(keys) == []


def test_every_url_has_a_row_in_the_table():
    missing = [p.key for p in project_patterns() if matching_rule(p.key) is None]

    assert missing == [], f"URL patterns without a row in permission_table.py: {missing}"


@pytest.mark.django_db
def test_every_url_answers_every_role_as_the_table_says():
    world = build_world()
    clients = {role: world.client(role) for role in ROLES}
    before = fingerprint()
    posts = post_data(world)
    observed, failures, leaks, requests = {}, [], [], 0

    targets = []
    for pattern in project_patterns():
        path = fill(pattern, world)
        if path is not None:
            targets.append((pattern.key, path, fill(pattern, world, other=True)))
    for name, page in world.pages.items():
        targets.append((f"page:{name}", page.url, None))

    for key, path, other_path in targets:
        methods = ["GET"] + (["POST"] if key in posts else [])
        for method in methods:
            for role in ROLES:
                client = clients[role]
                response, after = _request(client, method, path, posts.get(key, {}))
                requests += 1
                outcome = classify(response)
                observed.setdefault(key, {}).setdefault(method, {})[role] = outcome
                expected = expected_for(key, method, role)
                if (outcome == "500" and not expected) or (expected and outcome not in expected):
                    failures.append(
                        f"{method} {path} ({key}) as {role}: {outcome}, expected {expected}"
                    )
                if method == "POST":
                    changed = after != before
                    observed[key].setdefault("changes", {})[role] = changed
                    if changed and role not in may_change(key):
                        failures.append(
                            f"POST {path} as {role} changed {sorted(after ^ before)[:4]}"
                        )
                if (
                    other_path
                    and other_path != path
                    and role not in owners(key)
                    and key.startswith(LEAK_CHECKED_PREFIXES)
                ):
                    other, _ = _request(client, method, other_path, posts.get(key, {}))
                    requests += 1
                    if _comparable(response, path) != _comparable(other, other_path):
                        leaks.append(f"{method} {key} as {role}: {outcome} vs {classify(other)}")
                if settings_cookie_changed(response):
                    clients[role] = world.client(role)

    if os.environ.get("MATRIX_OBSERVE"):
        # MATRIX_OBSERVE=/tmp/observed.json writes every answer, to review when the table changes.
        with open(os.environ["MATRIX_OBSERVE"], "w") as out:
            json.dump(observed, out, indent=1, sort_keys=True)
    print(
        f"\npermission matrix: {len(targets)} URLs x {len(ROLES)} roles, {requests} requests, "
        f"{len(leaks)} leaks"
    )
    assert leaks == [], "Existence leaks:\n" + "\n".join(leaks)
    assert failures == [], "\n".join(failures)


def settings_cookie_changed(response) -> bool:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME in response.cookies
