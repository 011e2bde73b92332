"""S3 goes away while an officer uploads evidence: a real moto server, stopped and started again."""

import socket

import boto3
import pytest
from botocore.config import Config
from django.urls import reverse

from awards.models import Evidence
from config.settings import evidence_storage
from tests.factories import NominationFactory, council_of, pdf_file

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

BUCKET = "kil-evidence-fault"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def flaky_s3(settings, moto_s3):
    """A dedicated S3 server for this test (the session's one stays up for every other test); it
    shares moto's in-process state, so the bucket survives a stop and start on the same port."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint_url = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=moto_s3.region_name,
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": moto_s3.region_name}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": evidence_storage(BUCKET, endpoint_url=endpoint_url, region_name="eu-west-2"),
    }
    state = {"running": True}

    class Control:
        def stop(self):
            server.stop()
            state["running"] = False

        def start(self):
            server.start()
            state["running"] = True

        def object_keys(self):
            pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
            return [item["Key"] for page in pages for item in page.get("Contents", [])]

    yield Control()
    if not state["running"]:
        server.start()
    for key in Control().object_keys():
        client.delete_object(Bucket=BUCKET, Key=key)
    client.delete_bucket(Bucket=BUCKET)
    server.stop()


def _upload(client, nomination, name):
    return client.post(
        reverse("awards:nomination_evidence", args=[nomination.uuid]),
        {"file": pdf_file(name, size=20_000, text=name), "description": name},
    )


def test_upload_while_s3_is_down_shows_a_clear_message_keeps_everything_and_a_retry_works(
    flaky_s3, officer, open_award, client_for
):
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    client = client_for(officer)
    assert _upload(client, nomination, "Budget.pdf").status_code == 302
    first = nomination.evidence.get()
    version = nomination.version

    flaky_s3.stop()
    response = _upload(client, nomination, "Hubs evaluation.pdf")

    assert response.status_code == 200
    assert "The file could not be saved. Try again." in response.content.decode()
    assert list(nomination.evidence.all()) == [first]  # nothing half-saved, nothing lost
    nomination.refresh_from_db()
    assert nomination.version == version and nomination.title

    flaky_s3.start()
    assert _upload(client, nomination, "Hubs evaluation.pdf").status_code == 302

    names = sorted(nomination.evidence.values_list("original_name", flat=True))
    assert names == ["Budget.pdf", "Hubs evaluation.pdf"]
    stored = flaky_s3.object_keys()
    assert len(stored) == 2
    assert all(any(k.endswith(e.file.name) for k in stored) for e in Evidence.objects.all())
    download = client.get(reverse("awards:evidence_download", args=[first.uuid]))
    assert download.status_code == 200
