"""Every URL of the project, asked for by every kind of person, with real objects: the answer must be
the one tests/security/permission_table.py gives. A URL without a row there fails, and so does a row
whose URL no longer exists. Council-scoped objects answer anyone outside the council exactly as a
made-up id does (404, never 403), and a refused POST changes nothing.

One test per URL pattern and per page (`-k "awards:nomination_section"`), all asking about the same
world: it is built once per module, and on each pytest-xdist worker, in a transaction rolled back
when the module's tests are done."""

import fcntl
import json
import os
import re
from collections import Counter
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from .permission_table import expected_for, matching_rule, may_change, owners, unused_rules
from .post_data import post_data
from .state import fingerprint
from .urls import Pattern, fill, project_patterns, requestable
from .world import PAGES, ROLES, build_world

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


def _targets():
    """A case per requestable URL pattern (a name with two routes gets #1 and #2) and per page."""
    patterns = [pattern for pattern in project_patterns() if requestable(pattern)]
    routes_per_name = Counter(pattern.key for pattern in patterns)
    seen = Counter()
    cases = []
    for pattern in patterns:
        seen[pattern.key] += 1
        name = pattern.key
        if routes_per_name[name] > 1:
            name += f"#{seen[pattern.key]}"
        cases.append(pytest.param(pattern, id=name))
    cases += [pytest.param(page, id=f"page:{page}") for page in PAGES]
    return cases


def test_every_table_row_names_a_url_that_exists():
    keys = {pattern.key for pattern in project_patterns()}

    assert unused_rules(keys) == []


def test_every_url_has_a_row_in_the_table():
    missing = [p.key for p in project_patterns() if matching_rule(p.key) is None]

    assert missing == [], f"URL patterns without a row in permission_table.py: {missing}"


@pytest.fixture(scope="module")
def world_files(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-world")


@pytest.fixture
def media_root(world_files):
    """The world's media (its image), not a folder of the case's own: every case sees one world."""
    return world_files / "media"


@pytest.fixture
def local_evidence_storage(world_files):
    """The world's evidence files, as for media_root."""
    return world_files / "evidence"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_files):
    """The world, built once for the module's cases inside a transaction that is rolled back after
    the last of them; each case runs in a savepoint of its own within it."""
    storages = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "config.storages.PrivateFileSystemStorage",
            "OPTIONS": {"location": world_files / "evidence"},
        },
    }
    outer = transaction.atomic()
    with override_settings(MEDIA_ROOT=world_files / "media", STORAGES=storages):
        with django_db_blocker.unblock():
            outer.__enter__()
            try:
                built = build_world()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("target", _targets())
def test_url_answers_every_role_as_the_table_says(target, world, record_property):
    if isinstance(target, Pattern):
        key = target.key
        path = fill(target, world)
        other_path = fill(target, world, other=True)
        assert path is not None, f"{key} is requestable but fill() gives no path"
    else:
        key = f"page:{target}"
        path = world.pages[target].url
        other_path = None
    clients = {role: world.client(role) for role in ROLES}
    before = fingerprint()
    posts = post_data(world)
    observed, failures, leaks, requests = {}, [], [], 0

    methods = ["GET"] + (["POST"] if key in posts else [])
    for method in methods:
        for role in ROLES:
            client = clients[role]
            response, after = _request(client, method, path, posts.get(key, {}))
            requests += 1
            outcome = classify(response)
            observed.setdefault(method, {})[role] = outcome
            expected = expected_for(key, method, role)
            if (outcome == "500" and not expected) or (expected and outcome not in expected):
                failures.append(
                    f"{method} {path} ({key}) as {role}: {outcome}, expected {expected}"
                )
            if method == "POST":
                changed = after != before
                observed.setdefault("changes", {})[role] = changed
                if changed and role not in may_change(key):
                    failures.append(f"POST {path} as {role} changed {sorted(after ^ before)[:4]}")
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

    _observe(key, observed)
    # Added up over every case and worker at the end of the run (tests/conftest.py).
    record_property("count:permission matrix: URLs", 1)
    record_property(
        "count:permission matrix: answers (URL, role, method)", len(methods) * len(ROLES)
    )
    record_property("count:permission matrix: requests", requests)
    record_property("count:permission matrix: leaks", len(leaks))
    assert leaks == [], "Existence leaks:\n" + "\n".join(leaks)
    assert failures == [], "\n".join(failures)


def _observe(key: str, answers: dict):
    """MATRIX_OBSERVE=/tmp/observed.json writes every answer, to review when the table changes.
    Each case adds its URL's answers to the file, under a lock for the other workers: remove the
    file before the run."""
    path = os.environ.get("MATRIX_OBSERVE")
    if not path:
        return
    with open(path, "a+") as out:
        fcntl.flock(out, fcntl.LOCK_EX)
        out.seek(0)
        text = out.read()
        observed = json.loads(text) if text else {}
        observed[key] = answers
        out.seek(0)
        out.truncate()
        json.dump(observed, out, indent=1, sort_keys=True)


def settings_cookie_changed(response) -> bool:
    return settings.SESSION_COOKIE_NAME in response.cookies
