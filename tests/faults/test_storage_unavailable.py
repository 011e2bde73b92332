"""S3 goes away while an officer uploads evidence: a real moto server, stopped and started again, once
between uploads and once in the middle of one (a multipart upload cut off after its first part)."""

import contextlib
import socket
import threading

import boto3
import pytest
from botocore.config import Config
from django.urls import reverse

from awards.models import Evidence
from config.settings import evidence_storage
from tests.factories import NominationFactory, council_of, pdf_file
from tests.faults import free_port

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

BUCKET = "kil-evidence-fault"


class CuttableRelay:
    """A TCP relay in front of the S3 server, so that stopping S3 also drops the connections boto3 keeps
    open (moto's server only stops accepting new ones). While down it closes every new connection at
    once; `cut_after` bytes of requests after `arm()`, it goes down by itself, mid-request."""

    def __init__(self, upstream_port: int, on_cut):
        self.upstream = ("127.0.0.1", upstream_port)
        self.on_cut = on_cut
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.down = False
        self.cut_after: int | None = None
        self.forwarded = 0
        self.bytes_at_cut = None
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, cut_after: int):
        with self.lock:
            self.forwarded, self.cut_after = 0, cut_after

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            upstream = socket.create_connection(self.upstream)
            with self.lock:
                self.sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source, target, is_request):
        try:
            while data := source.recv(64 * 1024):
                if is_request and self._count(len(data)):
                    return
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                self._close(end)

    def _count(self, size: int) -> bool:
        with self.lock:
            self.forwarded += size
            due = self.cut_after is not None and self.forwarded >= self.cut_after
            if due:
                self.cut_after, self.bytes_at_cut = None, self.forwarded
        if due:
            self.cut()
        return due

    def cut(self):
        self.down = True
        # The server stops first: until the connections drop, the upload cannot fail and the test move on.
        self.on_cut()
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for end in sockets:
            self._close(end)

    @staticmethod
    def _close(end):
        with contextlib.suppress(OSError):
            end.shutdown(socket.SHUT_RDWR)
        end.close()

    def close(self):
        self.listener.close()
        self.cut_after = None


@pytest.fixture
def flaky_s3(settings, moto_s3):
    """A dedicated S3 server for this test (the session's one stays up for every other test); it
    shares moto's in-process state, so the bucket survives a stop and start on the same port."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    state = {"running": True}

    def stop_server():
        if state["running"]:
            server.stop()
            state["running"] = False

    relay = CuttableRelay(port, on_cut=stop_server)
    endpoint_url = f"http://127.0.0.1:{relay.port}"
    client = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{port}",
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

    class Control:
        def stop(self):
            relay.cut()

        def stop_after(self, request_bytes: int):
            relay.arm(request_bytes)

        @property
        def bytes_at_cut(self):
            return relay.bytes_at_cut

        def start(self):
            server.start()
            state["running"] = True
            relay.down = False

        def incomplete_uploads(self):
            return client.list_multipart_uploads(Bucket=BUCKET).get("Uploads", [])

        def object_keys(self):
            pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
            return [item["Key"] for page in pages for item in page.get("Contents", [])]

    yield Control()
    relay.close()
    if not state["running"]:
        server.start()
    for upload in Control().incomplete_uploads():
        client.abort_multipart_upload(Bucket=BUCKET, Key=upload["Key"], UploadId=upload["UploadId"])
    for key in Control().object_keys():
        client.delete_object(Bucket=BUCKET, Key=key)
    client.delete_bucket(Bucket=BUCKET)
    server.stop()


def _upload(client, nomination, name, size=20_000):
    return client.post(
        reverse("awards:nomination_evidence", args=[nomination.uuid]),
        {"file": pdf_file(name, size=size, text=name), "description": name},
    )


def _nomination_with_one_file(officer, award, client_for):
    """An officer's draft with one evidence file stored on S3: (nomination, their client, the file)."""
    nomination = NominationFactory(award=award, council=council_of(officer))
    client = client_for(officer)
    assert _upload(client, nomination, "Budget.pdf").status_code == 302
    return nomination, client, nomination.evidence.get()


def test_upload_while_s3_is_down_shows_a_clear_message_keeps_everything_and_a_retry_works(
    flaky_s3, officer, open_award, client_for
):
    nomination, client, first = _nomination_with_one_file(officer, open_award, client_for)
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


MB = 1024 * 1024


def test_s3_stopping_in_the_middle_of_an_upload_loses_nothing_and_a_retry_works(
    flaky_s3, officer, open_award, client_for
):
    nomination, client, first = _nomination_with_one_file(officer, open_award, client_for)
    version = nomination.version

    # 12 MB goes up in 5 MB parts; S3 stops once 6 MB of it has reached the server.
    flaky_s3.stop_after(6 * MB)
    response = _upload(client, nomination, "Hubs evaluation.pdf", size=12 * MB)

    assert flaky_s3.bytes_at_cut is not None and 6 * MB <= flaky_s3.bytes_at_cut < 12 * MB
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "The file could not be saved. Try again." in page
    assert list(nomination.evidence.all()) == [first]  # nothing half-saved, nothing lost
    nomination.refresh_from_db()
    assert nomination.version == version
    assert Evidence.objects.count() == 1

    flaky_s3.start()
    assert _upload(client, nomination, "Hubs evaluation.pdf", size=12 * MB).status_code == 302

    second = nomination.evidence.exclude(pk=first.pk).get()
    assert second.original_name == "Hubs evaluation.pdf" and second.size >= 12 * MB
    stored = flaky_s3.object_keys()
    assert len(stored) == 2  # the cut-off upload left no object behind
    for evidence in (first, second):
        download = client.get(reverse("awards:evidence_download", args=[evidence.uuid]))
        assert download.status_code == 200
        with evidence.file.open("rb") as stored_file:
            assert b"".join(download.streaming_content) == stored_file.read()
