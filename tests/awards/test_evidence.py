"""Evidence is private: stored under a random key outside anything served, downloadable only by its
council, award staff and judges assigned to the entry. Every test runs on local disk and on S3."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from awards.models import Evidence
from tests.factories import (
    NominationFactory,
    RoundFactory,
    assignment,
    council_of,
    eligible_nomination,
    pdf_bytes,
    pdf_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def storage_backend(request):
    if request.param == "s3":
        return request.getfixturevalue("s3_evidence_storage")
    return None


def _download(client: Client, evidence: Evidence):
    return client.get(reverse("awards:evidence_download", args=[evidence.uuid]))


def test_officer_uploads_through_the_form_and_downloads_the_same_bytes(
    storage_backend, officer, open_award, client_for
):
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    content = pdf_bytes("Neighbourhood hubs evaluation", size=50_000)
    client = client_for(officer)

    response = client.post(
        reverse("awards:nomination_evidence", args=[nomination.uuid]),
        {
            "file": pdf_file(
                "Hubs evaluation.pdf", size=50_000, text="Neighbourhood hubs evaluation"
            ),
            "description": "Evaluation",
        },
    )

    assert response.status_code == 302
    evidence = nomination.evidence.get()
    assert evidence.original_name == "Hubs evaluation.pdf"
    assert evidence.size == len(content)
    assert "Hubs" not in evidence.file.name  # stored under a random key
    if storage_backend is not None:
        assert any(key.endswith(evidence.file.name) for key in storage_backend.object_keys())
    download = _download(client, evidence)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_evidence_is_refused_to_other_councils_anonymous_visitors_and_unassigned_judges(
    storage_backend, open_award, other_officer, judge, client_for
):
    nomination = eligible_nomination(award=open_award)
    evidence = nomination.evidence.get()

    other_council = _download(client_for(other_officer), evidence)
    unassigned_judge = _download(client_for(judge), evidence)
    anonymous = _download(Client(), evidence)

    assert other_council.status_code == 404
    assert unassigned_judge.status_code == 404
    # A signed-out visitor gets the same answer as for a file that does not exist.
    assert anonymous.status_code == 404
    missing = _download(Client(), Evidence(uuid="00000000-0000-4000-8000-000000000000"))
    assert missing.status_code == 404


def test_evidence_is_served_to_its_council_staff_and_assigned_judges(
    storage_backend, open_award, judge, staff, client_for
):
    nomination = eligible_nomination(award=open_award)
    evidence = nomination.evidence.get()
    round_ = RoundFactory(award=open_award)
    assignment(round=round_, judge=judge, nomination=nomination, opened=True)

    for user in (nomination.created_by, staff, judge):
        response = _download(client_for(user), evidence)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_assigned_judge_gets_a_neutral_file_name(storage_backend, open_award, judge, client_for):
    nomination = eligible_nomination(award=open_award)
    evidence = nomination.evidence.get()
    assignment(
        round=RoundFactory(award=open_award), judge=judge, nomination=nomination, opened=True
    )

    response = _download(client_for(judge), evidence)

    assert evidence.original_name not in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.pdf"')


def test_local_evidence_is_outside_every_publicly_served_folder(open_award):
    nomination = eligible_nomination(award=open_award)
    evidence = nomination.evidence.get()

    path = Path(evidence.file.path).resolve()

    for public_root in (settings.MEDIA_ROOT, settings.STATIC_ROOT, *settings.STATICFILES_DIRS):
        assert not path.is_relative_to(Path(public_root).resolve())
    assert Client().get(f"{settings.MEDIA_URL}{evidence.file.name}", follow=True).status_code == 404
    with pytest.raises(ValueError):
        evidence.file.url  # noqa: B018 - the storage has no public URL at all


@pytest.mark.s3
def test_s3_evidence_objects_are_private(s3_evidence_storage, open_award):
    nomination = eligible_nomination(award=open_award)
    evidence = nomination.evidence.get()
    key = next(k for k in s3_evidence_storage.object_keys() if k.endswith(evidence.file.name))

    acl = s3_evidence_storage.client.get_object_acl(Bucket=s3_evidence_storage.bucket_name, Key=key)

    public = [g for g in acl["Grants"] if "AllUsers" in g["Grantee"].get("URI", "")]
    assert public == []
    assert "X-Amz-Signature" in evidence.file.url  # only ever a short-lived signed URL


def test_a_file_with_the_same_name_never_overwrites_another(storage_backend, officer, open_award):
    from awards import services

    nomination = NominationFactory(award=open_award, council=council_of(officer))

    first = services.evidence_add(
        nomination=nomination, by=officer, uploaded_file=pdf_file("report.pdf", text="one")
    )
    second = services.evidence_add(
        nomination=nomination, by=officer, uploaded_file=pdf_file("report.pdf", text="two")
    )

    assert first.file.name != second.file.name
    assert first.file.open("rb").read() != second.file.open("rb").read()
