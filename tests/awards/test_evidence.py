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


# --- removing evidence: confirmed, kept, undone, restored by staff, deleted for good later ---------


def _uploaded(client, nomination, name="Hubs evaluation.pdf", criteria=()):
    response = client.post(
        reverse("awards:nomination_evidence", args=[nomination.uuid]),
        {
            "file": pdf_file(name, text=name),
            "description": "Evaluation",
            "criteria": [str(c.pk) for c in criteria],
        },
    )
    assert response.status_code == 302
    return nomination.evidence.get(original_name=name)


def _remove_url(nomination, evidence):
    return reverse("awards:evidence_remove", args=[nomination.uuid, evidence.uuid])


def test_removing_evidence_asks_first_then_hides_it_and_keeps_it_with_a_full_record(
    storage_backend, officer, open_award, judge, client_for
):
    from wagtail.models import ModelLogEntry

    nomination = NominationFactory(award=open_award, council=council_of(officer))
    client = client_for(officer)
    criteria = open_award.ordered_criteria[:2]
    evidence = _uploaded(client, nomination, criteria=criteria)
    stored = evidence.file.name
    page = client.get(reverse("awards:nomination_evidence", args=[nomination.uuid]))
    assert _remove_url(nomination, evidence) in page.content.decode()

    # The first step only asks: a plain form, so it works without JavaScript too.
    asked = client.get(_remove_url(nomination, evidence))
    unconfirmed = client.post(_remove_url(nomination, evidence))

    assert asked.status_code == 200 and unconfirmed.status_code == 200
    assert "Are you sure you want to remove Hubs evaluation.pdf?" in asked.content.decode()
    assert nomination.evidence.count() == 1

    removed = client.post(_remove_url(nomination, evidence), {"confirm": "yes"}, follow=True)

    content = removed.content.decode()
    assert "Hubs evaluation.pdf has been removed" in content
    assert nomination.evidence.count() == 0  # not in the nomination, its check answers or judging
    kept = Evidence.all_objects.get(pk=evidence.pk)
    assert kept.removed_at is not None and kept.removed_by == officer
    assert kept.file.storage.exists(stored)
    assert 'data-testid="removed-evidence"' in content
    check = client.get(reverse("awards:nomination_check", args=[nomination.uuid]))
    assert "Hubs evaluation.pdf" not in check.content.decode()
    entry = ModelLogEntry.objects.for_instance(nomination).get(action="awards.evidence.remove")
    assert entry.data["name"] == "Hubs evaluation.pdf"
    assert entry.data["size"] == evidence.size and entry.data["sha256"] == evidence.sha256
    assert entry.data["principles"] == [c.principle.number for c in criteria]
    assert "Hubs evaluation.pdf" in entry.message  # the history says which file it was
    # Nobody downloads it while it is removed: not even its own council.
    assert _download(client, kept).status_code == 404


def test_the_officer_undoes_a_removal_with_the_file_intact(
    storage_backend, officer, open_award, client_for
):
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    client = client_for(officer)
    evidence = _uploaded(client, nomination)
    before = _download(client, evidence).getvalue()
    client.post(_remove_url(nomination, evidence), {"confirm": "yes"})

    restored = client.post(
        reverse("awards:evidence_restore", args=[nomination.uuid, evidence.uuid]), follow=True
    )

    assert "Hubs evaluation.pdf has been restored" in restored.content.decode()
    assert list(nomination.evidence.all()) == [evidence]
    assert _download(client, evidence).getvalue() == before


def test_staff_restore_removed_evidence_after_submit_with_the_file_intact(
    storage_backend, officer, open_award, staff, client_for
):
    from awards import services

    nomination = NominationFactory(award=open_award, council=council_of(officer))
    officer_client = client_for(officer)
    evidence = _uploaded(officer_client, nomination)
    before = _download(officer_client, evidence).getvalue()
    officer_client.post(_remove_url(nomination, evidence), {"confirm": "yes"})
    _uploaded(officer_client, nomination, name="Other.pdf")
    services.nomination_submit(nomination=nomination, by=officer)
    # Submitted: the council's undo has gone with its chance to edit.
    refused = officer_client.post(
        reverse("awards:evidence_restore", args=[nomination.uuid, evidence.uuid])
    )
    assert refused.status_code == 302 and nomination.evidence.count() == 1
    staff_client = client_for(staff)
    inspect = staff_client.get(
        reverse("awards_nomination_modeladmin_inspect", args=[nomination.pk])
    )
    restore_url = reverse("awards_admin:evidence_restore", args=[nomination.pk, evidence.uuid])
    assert restore_url in inspect.content.decode()

    response = staff_client.post(restore_url)

    assert response.status_code == 302
    assert sorted(e.original_name for e in nomination.evidence.all()) == [
        "Hubs evaluation.pdf",
        "Other.pdf",
    ]
    assert _download(staff_client, evidence).getvalue() == before


def test_removed_evidence_is_deleted_for_good_after_30_days(
    storage_backend, officer, open_award, client_for
):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import ModelLogEntry

    from awards import services

    nomination = NominationFactory(award=open_award, council=council_of(officer))
    client = client_for(officer)
    old, recent = _uploaded(client, nomination, "Old.pdf"), _uploaded(client, nomination, "New.pdf")
    for item in (old, recent):
        client.post(_remove_url(nomination, item), {"confirm": "yes"})
    days = services.REMOVED_EVIDENCE_KEEP_DAYS
    Evidence.all_objects.filter(pk=old.pk).update(
        removed_at=timezone.now() - timedelta(days=days, minutes=1)
    )
    storage = old.file.storage

    call_command("erase_expired_personal_data")

    assert not Evidence.all_objects.filter(pk=old.pk).exists()
    assert not storage.exists(old.file.name)
    assert Evidence.all_objects.filter(pk=recent.pk).exists()
    assert storage.exists(recent.file.name)
    entry = ModelLogEntry.objects.for_instance(nomination).get(action="awards.evidence.erase")
    assert entry.data["name"] == "Old.pdf" and entry.data["sha256"] == old.sha256


def test_a_stored_file_that_cannot_be_fetched_is_a_clear_page_not_a_500(
    storage_backend, officer, open_award, client_for, settings
):
    settings.DEBUG = False
    nomination = NominationFactory(award=open_award, council=council_of(officer))
    client = client_for(officer)
    client.raise_request_exception = False
    client.post(
        reverse("awards:nomination_evidence", args=[nomination.uuid]),
        {"file": pdf_file("Budget.pdf", size=20_000, text="Budget"), "description": "Budget"},
    )
    evidence = nomination.evidence.get()
    evidence.file.storage.delete(evidence.file.name)  # lost from the storage behind the site's back

    response = client.get(
        reverse("awards:evidence_download", args=[evidence.uuid]),
        HTTP_REFERER=f"http://testserver/nominations/{nomination.uuid}/evidence/",
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "The file cannot be downloaded just now" in page
    assert "Budget.pdf" in page
    assert f'href="http://testserver/nominations/{nomination.uuid}/evidence/"' in page
    assert nomination.evidence.get() == evidence  # the record is left as it was
