"""Shared fixtures. Every test gets its own evidence folder and media folder under tmp_path, so nothing is
ever written into var/; tests that need S3 ask for `s3_evidence_storage` (and are marked `s3`)."""

from collections import Counter
from dataclasses import dataclass

import boto3
import pytest
from botocore.config import Config
from django.core.cache import caches
from django.test import Client

from config.settings import evidence_storage
from tests.auth import mfa_session, needs_second_factor
from tests.browser.harness import BrowserSummary
from tests.factories import (
    AwardPageFactory,
    editor_user,
    judge_user,
    officer_user,
    staff_user,
)

S3_REGION = "eu-west-2"
S3_BUCKET = "kil-evidence-test"


class RunCounts:
    """Numbers that tests report as `record_property("count:<what>", n)` while they run, added up
    over the run and printed at its end: under pytest-xdist each worker's reports reach the
    controller, which prints."""

    def __init__(self):
        self.counts = Counter()

    def pytest_runtest_logreport(self, report):
        # A test's properties are in its teardown report too: count the call's alone.
        if report.when != "call":
            return
        for name, value in report.user_properties:
            if name.startswith("count:"):
                self.counts[name.removeprefix("count:")] += value

    def pytest_terminal_summary(self, terminalreporter):
        for name, total in sorted(self.counts.items()):
            terminalreporter.write_line(f"{name}: {total}")


def pytest_configure(config):
    config.pluginmanager.register(RunCounts(), "kil-run-counts")
    config.pluginmanager.register(BrowserSummary(), "kil-browser-summary")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run in the PostgreSQL pass (make test-postgres); on SQLite they are
    skipped with a reason that says so, never silently."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: runs in the PostgreSQL pass of CI")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


# --- storage -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def local_evidence_storage(settings, tmp_path):
    """Private evidence on local disk, in this test's own folder (the default for every test)."""
    location = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "config.storages.PrivateFileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    return location


@dataclass
class MotoS3:
    endpoint_url: str
    bucket_name: str
    region_name: str
    client: object

    def object_keys(self) -> list[str]:
        """Every object key in the bucket."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket_name)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def __iter__(self):
        return iter(self.object_keys())

    def empty(self) -> None:
        for key in self.object_keys():
            self.client.delete_object(Bucket=self.bucket_name, Key=key)


@pytest.fixture(scope="session")
def moto_s3():
    """An S3 server (moto) on 127.0.0.1 for the whole session, with the evidence bucket created."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint_url = f"http://{host}:{port}"
    with pytest.MonkeyPatch.context() as patch:
        # Dummy credentials for boto3 and django-storages alike; nothing leaves this machine.
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.delenv("AWS_SESSION_TOKEN", raising=False)
        patch.delenv("AWS_PROFILE", raising=False)
        client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=S3_REGION,
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
        )
        client.create_bucket(
            Bucket=S3_BUCKET, CreateBucketConfiguration={"LocationConstraint": S3_REGION}
        )
        try:
            yield MotoS3(
                endpoint_url=endpoint_url,
                bucket_name=S3_BUCKET,
                region_name=S3_REGION,
                client=client,
            )
        finally:
            server.stop()


@pytest.fixture
def s3_evidence_storage(settings, local_evidence_storage, moto_s3):
    """Private evidence in the moto S3 bucket, emptied before and after the test."""
    moto_s3.empty()
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": evidence_storage(
            moto_s3.bucket_name, endpoint_url=moto_s3.endpoint_url, region_name=moto_s3.region_name
        ),
    }
    yield moto_s3
    moto_s3.empty()


# --- people and awards -------------------------------------------------------------------------


@pytest.fixture
def officer(db):
    """An officer with an approved membership of their own council (see `tests.factories.council_of`)."""
    return officer_user()


@pytest.fixture
def other_officer(db):
    """An officer of a different council."""
    return officer_user()


@pytest.fixture
def judge(db):
    return judge_user()


@pytest.fixture
def staff(db):
    """An award administrator."""
    return staff_user()


@pytest.fixture
def editor(db):
    return editor_user()


@pytest.fixture
def open_award(db):
    return AwardPageFactory()


@pytest.fixture
def closed_award(db):
    return AwardPageFactory(closed=True)


@pytest.fixture(autouse=True)
def fresh_cache():
    """allauth keeps rate limits and used TOTP codes in the cache, keyed by user id, and the public
    pages' fragments are keyed by page id; ids come round again between tests, so each test starts
    with empty caches."""
    for alias in ("default", "fragments"):
        caches[alias].clear()
    yield
    for alias in ("default", "fragments"):
        caches[alias].clear()


@pytest.fixture
def client_for(db):
    """`client_for(user)`: a test client signed in as `user`. Judges, staff and editors are signed
    in with their second factor too (`client_for(user, mfa=False)` for a session without it)."""

    def make(user, mfa: bool = True) -> Client:
        client = Client()
        client.force_login(user)
        if mfa and needs_second_factor(user):
            mfa_session(client, user)
        return client

    return make
