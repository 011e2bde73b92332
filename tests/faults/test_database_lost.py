"""PostgreSQL goes away in the middle of a surge of saves, with a real gunicorn server in front of it:
first its connections are killed (pg_terminate_backend, only this test database's), then the database
server itself is restarted (a private PostgreSQL cluster made for the test from a copy of the test
database, so the shared one is never touched). Each save is one transaction, so a nomination is never
half-saved; while the database is down the site answers 503, never 500; and because CONN_HEALTH_CHECKS is
on, the next request reconnects."""

import contextlib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
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
from tests.faults import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ENTRIES = 6
ROUNDS = 2


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def server():
    with _gunicorn(_database_url()) as url:
        yield url


@contextlib.contextmanager
def _gunicorn(database_url: str):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env |= {"DJANGO_ENV": "test", "DATABASE_URL": database_url, "TASKS_BACKEND": "immediate"}
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1", "--threads", "4", "--worker-class", "gthread"]
    # The server's log goes to a file: a pipe nobody reads fills up and stalls the server mid-request.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                requests.get(url + "/", timeout=30)
                break
            except requests.RequestException:
                time.sleep(0.2)
        try:
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.seek(0)
            errors = [line for line in log.read().decode().splitlines() if "Error" in line]
            print(f"server log: {len(errors)} error lines, the last: {errors[-1:]}")


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

    assert {status for round_ in statuses for status in round_} <= {302, 503}, statuses
    for nomination in nominations:
        names = list(nomination.partner_organisations.values_list("name", flat=True))
        labels = {name.rsplit(" organisation ", 1)[0] for name in names}
        assert len(names) == 3 and len(labels) == 1, names  # one whole save, never a mix
        nomination.refresh_from_db()
        assert nomination.partners == f"Board, {labels.pop()}"
    # And afterwards the site works at once.
    assert _surge(server, browsers, nominations, "final") == [302] * ENTRIES
    print("statuses while connections were being killed:", statuses)


class PrivateCluster:
    """A PostgreSQL cluster of the test's own (initdb into a temporary folder, on a free port), so that it
    can be restarted without touching the cluster the rest of the suite runs on."""

    def __init__(self, folder: Path):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        pg_ctl = binaries[-1] if binaries else shutil.which("pg_ctl")
        assert pg_ctl, "PostgreSQL's server programs (pg_ctl, initdb) are not installed"
        self.bin = Path(pg_ctl).parent
        # PostgreSQL refuses to run as root; CI runs as root, so the cluster runs as "postgres".
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.data = folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/kil"
        folder.chmod(0o777)

    def _run(self, program: str, *args: str):
        subprocess.run(
            [*self.as_owner, str(self.bin / program), *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def create(self):
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "kil")

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", f"{self.data}/log", "-w", "start"
        )

    def restart(self):
        # With its log file named again: otherwise the new server writes to (and holds open) our pipe.
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", f"{self.data}/log", "-m", "fast", "-w", "restart"
        )

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def copy_database(self, source_url: str):
        """The test database as it is now (schema, the test's officers, their sessions), into `kil`."""
        dump = subprocess.run(
            [str(self.bin / "pg_dump"), "--no-owner", "--no-acl", source_url],
            check=True,
            capture_output=True,
            timeout=120,
        ).stdout
        subprocess.run(
            [str(self.bin / "psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url],
            input=dump,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def query(self, sql: str, params=()):
        with psycopg.connect(self.url, autocommit=True) as db:
            return db.execute(sql, params).fetchall()


@pytest.fixture
def private_cluster():
    folder = Path(tempfile.mkdtemp(prefix="kil-pg-"))
    cluster = PrivateCluster(folder)
    try:
        cluster.create()
        yield cluster
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_a_surge_survives_a_database_restart_with_nothing_half_saved(
    private_cluster, open_award, client_for
):
    assert connection.vendor == "postgresql"
    officers = [officer_user() for _ in range(ENTRIES)]
    nominations = [
        NominationFactory(award=open_award, council=council_of(officer)) for officer in officers
    ]
    browsers = [_browser_for(officer, client_for) for officer in officers]
    private_cluster.copy_database(_database_url())

    with _gunicorn(private_cluster.url) as server:
        assert _surge(server, browsers, nominations, "warm") == [302] * ENTRIES

        # Restarted between two requests: every connection the site held is gone.
        private_cluster.restart()
        assert _surge(server, browsers, nominations, "after") == [302] * ENTRIES

        # Restarted in the middle of a surge (a fast shutdown: open transactions are rolled back).
        restarts = threading.Thread(target=lambda: (time.sleep(0.05), private_cluster.restart()))
        restarts.start()
        during = []
        while restarts.is_alive():
            during += _surge(server, browsers, nominations, f"r{len(during)}")
        restarts.join()
        assert set(during) <= {302, 503}, during  # a 503 "try again" page, never a 500
        for nomination in nominations:
            _assert_saved_whole(private_cluster, nomination)

        # And afterwards the site works at once.
        assert _surge(server, browsers, nominations, "final") == [302] * ENTRIES
    for nomination in nominations:
        assert _assert_saved_whole(private_cluster, nomination) == f"final {nomination.pk}"
    print("statuses while the database restarted:", during)


def _assert_saved_whole(cluster, nomination) -> str:
    """One save's three organisations and its partners sentence, never a mix; returns that save's label."""
    names = [
        name
        for (name,) in cluster.query(
            "SELECT name FROM awards_partnerorganisation WHERE nomination_id = %s", [nomination.pk]
        )
    ]
    labels = {name.rsplit(" organisation ", 1)[0] for name in names}
    assert len(names) == 3 and len(labels) == 1, names
    [(partners,)] = cluster.query(
        "SELECT partners FROM awards_nomination WHERE id = %s", [nomination.pk]
    )
    label = labels.pop()
    assert partners == f"Board, {label}"
    return label
