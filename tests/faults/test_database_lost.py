"""PostgreSQL drops the site's connections in the middle of a surge of saves: a real gunicorn server on
the test database, its backends killed with pg_terminate_backend (only this test database's, never the
shared cluster). Each save is one transaction, so a nomination is never half-saved, and because
CONN_HEALTH_CHECKS is on the next request reconnects."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests.factories import NominationFactory, council_of, officer_user

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ENTRIES = 6
ROUNDS = 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def server():
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env |= {"DJANGO_ENV": "test", "DATABASE_URL": _database_url(), "TASKS_BACKEND": "immediate"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/", timeout=30)
            break
        except requests.RequestException:
            time.sleep(0.2)
    yield url
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _terminate_backends(spare: int) -> int:
    """Kill every connection to this test database but the test's own (`spare`) and the killer's:
    the server's, as a failover would."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=True,
    ) as killer:
        rows = killer.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), %s)",
            [spare],
        ).fetchall()
    return len(rows)


def _browser_for(user, client_for) -> requests.Session:
    session = requests.Session()
    session.cookies.set(
        settings.SESSION_COOKIE_NAME,
        client_for(user).cookies[settings.SESSION_COOKIE_NAME].value,
    )
    return session


def _save_partners(browser, base, nomination, label):
    """Load the partnership section, replace the organisations with three named `label`, save.
    The status code, or the name of the error when no answer came."""
    try:
        return _try_save_partners(browser, base, nomination, label)
    except requests.RequestException as error:
        return type(error).__name__


def _try_save_partners(browser, base, nomination, label) -> int:
    url = base + reverse("awards:nomination_section", args=[nomination.uuid, "partnership"])
    page = browser.get(url, timeout=20)
    if page.status_code != 200:
        return page.status_code
    hidden = dict(
        re.findall(r'name="(csrfmiddlewaretoken|version|digest)" value="([^"]*)"', page.text)
    )
    data = {
        **hidden,
        "partner-TOTAL_FORMS": "3",
        "partner-INITIAL_FORMS": "0",
        "partners": f"Board, {label}",
        "continue": "1",
    }
    for index in range(3):
        data |= {
            f"partner-{index}-name": f"{label} organisation {index}",
            f"partner-{index}-kind": "charity",
            f"partner-{index}-contact_name": "Priya Shah",
            f"partner-{index}-contact_email": "priya@eastfield.org.uk",
        }
    response = browser.post(
        url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=30
    )
    return response.status_code


def _surge(server, browsers, nominations, label):
    with ThreadPoolExecutor(max_workers=ENTRIES) as pool:
        return list(
            pool.map(
                lambda pair: _save_partners(pair[0], server, pair[1], f"{label} {pair[1].pk}"),
                zip(browsers, nominations, strict=True),
            )
        )


def test_a_surge_survives_lost_connections_with_nothing_half_saved(server, open_award, client_for):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = cursor.fetchone()[0]
    officers = [officer_user() for _ in range(ENTRIES)]
    nominations = [
        NominationFactory(award=open_award, council=council_of(officer)) for officer in officers
    ]
    browsers = [_browser_for(officer, client_for) for officer in officers]
    assert _surge(server, browsers, nominations, "warm") == [302] * ENTRIES

    # Killed between requests: every connection the server holds is dead before the next surge.
    assert _terminate_backends(own) >= 1
    assert _surge(server, browsers, nominations, "after") == [302] * ENTRIES

    # Killed during the surge, again and again: a save either happened whole or not at all.
    stop = threading.Event()

    def keep_killing():
        while not stop.is_set():
            _terminate_backends(own)
            time.sleep(0.1)

    killer = threading.Thread(target=keep_killing)
    killer.start()
    try:
        statuses = [_surge(server, browsers, nominations, f"r{n}") for n in range(ROUNDS)]
    finally:
        stop.set()
        killer.join()

    for nomination in nominations:
        names = list(nomination.partner_organisations.values_list("name", flat=True))
        labels = {name.rsplit(" organisation ", 1)[0] for name in names}
        assert len(names) == 3 and len(labels) == 1, names  # one whole save, never a mix
        nomination.refresh_from_db()
        assert nomination.partners == f"Board, {labels.pop()}"
    # And afterwards the site works at once.
    assert _surge(server, browsers, nominations, "final") == [302] * ENTRIES
    print("statuses while connections were being killed:", statuses)
