"""The upload corpus: every accepted type is accepted by its content; anything else, an empty file or an
oversize one is refused with the GOV.UK-style message and nothing is stored. File names are only ever
labels. Each test runs on local disk and on S3 (moto)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.models import Evidence
from tests.factories import AwardPageFactory, NominationFactory, council_of, pdf_bytes
from tests.factories.files import ACCEPTED_FILES, REFUSED_FILES, REFUSED_STRUCTURE

pytestmark = pytest.mark.django_db

TYPE_MESSAGE = (
    "The selected file must be a PDF, Word document, Excel spreadsheet, PowerPoint presentation, "
    "OpenDocument text or spreadsheet, PNG or JPEG"
)


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def stored_keys(request, local_evidence_storage):
    """A function listing every stored evidence object, on whichever storage this run uses."""
    if request.param == "s3":
        s3 = request.getfixturevalue("s3_evidence_storage")
        return s3.object_keys

    def local_files():
        if not local_evidence_storage.exists():
            return []
        return [str(p) for p in local_evidence_storage.rglob("*") if p.is_file()]

    return local_files


@pytest.fixture
def draft(officer):
    award = AwardPageFactory(max_file_size_mb=1)
    return NominationFactory(award=award, council=council_of(officer))


def upload(client, nomination, name, content, content_type="application/pdf"):
    return client.post(
        reverse("awards:nomination_evidence", args=[nomination.uuid]),
        {
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "description": "Evidence of the partnership",
            "criteria": [str(nomination.award.ordered_criteria[0].pk)],
        },
    )


@pytest.mark.parametrize("kind", sorted(ACCEPTED_FILES))
def test_each_allowed_type_is_accepted_by_its_content(
    kind, draft, officer, client_for, stored_keys
):
    name, make, mime_type = ACCEPTED_FILES[kind]
    content = make()

    # The browser's word means nothing: it claims text/plain.
    response = upload(client_for(officer), draft, name, content, content_type="text/plain")

    assert response.status_code == 302, response.content.decode()[-3000:]
    evidence = Evidence.objects.get(nomination=draft)
    assert evidence.content_type == mime_type
    assert evidence.original_name == name
    assert evidence.size == len(content)
    import hashlib

    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert list(evidence.criteria.all()) == [draft.award.ordered_criteria[0]]
    assert len(stored_keys()) == 1
    assert name not in stored_keys()[0]


@pytest.mark.parametrize("case", sorted(REFUSED_FILES))
def test_other_types_are_refused_with_the_message_and_nothing_stored(
    case, draft, officer, client_for, stored_keys
):
    name, content = REFUSED_FILES[case]

    response = upload(client_for(officer), draft, name, content)

    assert response.status_code == 200
    page = response.content.decode()
    assert TYPE_MESSAGE in page
    assert "There is a problem" in page
    assert 'value="Evidence of the partnership"' in page  # the description typed is kept
    assert not Evidence.objects.filter(nomination=draft).exists()
    assert stored_keys() == []


@pytest.mark.parametrize("case", sorted(REFUSED_STRUCTURE))
def test_files_whose_structure_is_not_their_type_or_that_carry_code_are_refused(
    case, draft, officer, client_for, stored_keys
):
    """The first bytes are right; the rest is a web page, broken, or a macro: refused, with a message
    next to the file field that says which."""
    name, content, named = REFUSED_STRUCTURE[case]

    response = upload(client_for(officer), draft, name, content)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    if named == "macros":
        message = "The selected file contains macros or embedded programs"
    else:
        message = f"The selected file is not a valid {named}. Open it, save it again as a {named}"
    assert message in page
    field_error = page.split('id="id_file_error"', 1)[1][:600]
    assert message in field_error, page[-3000:]
    assert not Evidence.objects.filter(nomination=draft).exists()
    assert stored_keys() == []


def test_an_empty_file_is_refused(draft, officer, client_for, stored_keys):
    response = upload(client_for(officer), draft, "empty.pdf", b"")

    assert "The selected file is empty" in response.content.decode()
    assert not Evidence.objects.exists()
    assert stored_keys() == []


def test_an_oversize_file_is_refused(draft, officer, client_for, stored_keys):
    too_big = pdf_bytes(size=1024 * 1024 + 1)

    response = upload(client_for(officer), draft, "big.pdf", too_big)

    assert "The selected file must be smaller than 1 MB" in response.content.decode()
    assert not Evidence.objects.exists()
    assert stored_keys() == []
    just_fits = upload(client_for(officer), draft, "fits.pdf", pdf_bytes(size=1024 * 1024))
    assert just_fits.status_code == 302


def test_the_number_of_files_is_limited_per_award(officer, client_for, stored_keys):
    award = AwardPageFactory(max_files=2)
    draft = NominationFactory(award=award, council=council_of(officer))
    client = client_for(officer)
    for number in range(2):
        assert upload(client, draft, f"{number}.pdf", pdf_bytes(str(number))).status_code == 302

    response = upload(client, draft, "third.pdf", pdf_bytes("third"))

    assert "You can upload up to 2 files" in response.content.decode()
    assert draft.evidence.count() == 2
    assert len(stored_keys()) == 2


@pytest.mark.parametrize(
    "name, shown",
    [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\report.pdf", "report.pdf"),
        ("C:\\Users\\officer\\Desktop\\hubs.pdf", "hubs.pdf"),
        ("/var/private/evidence/x.pdf", "x.pdf"),
        ("new\nline\x00.pdf", "newline.pdf"),
    ],
)
def test_file_names_with_path_separators_are_only_labels(
    name, shown, officer, client_for, stored_keys
):
    draft = NominationFactory(award=AwardPageFactory(), council=council_of(officer))

    evidence = services.evidence_add(
        nomination=draft,
        by=officer,
        uploaded_file=SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf"),
    )

    assert evidence.original_name == shown
    assert "/" not in evidence.file.name and "\\" not in evidence.file.name
    assert ".." not in evidence.file.name
    keys = stored_keys()
    assert len(keys) == 1 and shown not in keys[0]
    download = client_for(officer).get(reverse("awards:evidence_download", args=[evidence.uuid]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert shown in download["Content-Disposition"]


def test_evidence_can_be_removed_until_submit_and_not_after(
    officer, client_for, stored_keys, django_capture_on_commit_callbacks
):
    draft = NominationFactory(award=AwardPageFactory(), council=council_of(officer))
    client = client_for(officer)
    upload(client, draft, "keep.pdf", pdf_bytes("keep"))
    upload(client, draft, "remove.pdf", pdf_bytes("remove"))
    unwanted = draft.evidence.get(original_name="remove.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("awards:evidence_remove", args=[draft.uuid, unwanted.uuid]), {"confirm": "yes"}
        )

    assert list(draft.evidence.values_list("original_name", flat=True)) == ["keep.pdf"]
    assert len(stored_keys()) == 2  # a removed file is kept for a while, to be restored
    services.nomination_submit(nomination=draft, by=officer)
    kept = draft.evidence.get()

    client.post(reverse("awards:evidence_remove", args=[draft.uuid, kept.uuid]), {"confirm": "yes"})

    assert draft.evidence.count() == 1
    assert len(stored_keys()) == 2


def test_reading_a_zip_never_inflates_its_members():
    """The OpenDocument check reads at most the first bytes of "mimetype"; a member that inflates to
    12 MB is refused from the zip's table of contents, with next to no memory used."""
    import io
    import tracemalloc

    from awards.evidence_types import sniff
    from tests.factories.files import odf_mimetype_bomb, zip_bomb_docx

    for content in (odf_mimetype_bomb(), zip_bomb_docx()):
        tracemalloc.start()
        result = sniff(io.BytesIO(content))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        assert result is None
        assert peak < 2 * 1024 * 1024


def test_a_pdf_with_javascript_is_accepted_and_only_ever_served_as_an_attachment(
    draft, officer, client_for, stored_keys
):
    # Accepted: reports exported from office software often carry /OpenAction, the file is never
    # served inline (attachment, nosniff, its own type), and the reader, not this site, runs it.
    from tests.factories.files import pdf_with_javascript

    response = upload(client_for(officer), draft, "evaluation.pdf", pdf_with_javascript())

    assert response.status_code == 302
    evidence = Evidence.objects.get(nomination=draft)
    download = client_for(officer).get(reverse("awards:evidence_download", args=[evidence.uuid]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"/JavaScript" in b"".join(download.streaming_content)


@pytest.mark.parametrize(
    "name, shown, downloaded_as",
    [
        # U+202E (right-to-left override) would show "invoice\u202efdp.exe" as "invoiceexe.pdf".
        ("invoice\u202efdp.exe", "invoicefdp.exe", "invoicefdp.exe.pdf"),
        ("\u2066report\u2069\u200f.pdf", "report.pdf", "report.pdf"),
        ("a" * 300 + ".pdf", "a" * 196 + ".pdf", "a" * 196 + ".pdf"),
        ('quote" ; filename=evil.html', 'quote" ; filename=evil.html', None),
        ("café réunion.pdf", "café réunion.pdf", None),
    ],
)
def test_display_names_lose_control_characters_and_download_safely(
    name, shown, downloaded_as, officer, client_for, stored_keys
):
    draft = NominationFactory(award=AwardPageFactory(), council=council_of(officer))

    evidence = services.evidence_add(
        nomination=draft,
        by=officer,
        uploaded_file=SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf"),
    )

    assert evidence.original_name == shown
    assert shown not in stored_keys()[0]
    disposition = client_for(officer).get(
        reverse("awards:evidence_download", args=[evidence.uuid])
    )["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert not any(ch in disposition for ch in "\u202e\u2066\u2069\u200f\r\n")
    if downloaded_as:
        assert f'filename="{downloaded_as}"' in disposition
    elif not name.isascii():
        assert "filename*=utf-8''caf%C3%A9%20r%C3%A9union.pdf" in disposition
    else:
        # The quote is escaped, so the header holds one file name, ending as a PDF.
        assert disposition == 'attachment; filename="quote\\" ; filename=evil.html.pdf"'


def test_checking_a_files_structure_reads_it_in_bounded_memory():
    """A 30 MB PDF and a PNG whose one pixel chunk is 30 MB are checked a megabyte at a time."""
    import io
    import struct
    import tracemalloc
    import zlib

    from awards.evidence_types import PDF, PNG, structure_problem
    from tests.factories.files import png_bytes

    size = 30 * 1024 * 1024
    rows = 2560
    raw = (b"\x00" + b"\x7f" * 3 * 4096) * rows  # 4096 x 2560 RGB, uncompressed: ~30 MB
    pixels = zlib.compress(raw, 0)
    del raw
    header = png_bytes()[:8]

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    big_png = (
        header
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4096, rows, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )
    del pixels
    for content, kind in ((pdf_bytes(size=size), PDF), (big_png, PNG)):
        tracemalloc.start()
        problem = structure_problem(io.BytesIO(content), kind)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        assert problem is None
        assert peak < 8 * 1024 * 1024, (kind, peak)
