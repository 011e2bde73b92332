"""Which evidence files we accept, decided from their content, never from a name or a browser's word."""

import os
import re
import zipfile
from dataclasses import dataclass

import puremagic
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EvidenceType:
    key: str
    label: str
    mime_type: str


PDF = EvidenceType("pdf", _("PDF"), "application/pdf")
PNG = EvidenceType("png", _("PNG"), "image/png")
JPEG = EvidenceType("jpeg", _("JPEG"), "image/jpeg")
DOCX = EvidenceType(
    "docx",
    _("Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = EvidenceType(
    "xlsx",
    _("Excel spreadsheet"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
PPTX = EvidenceType(
    "pptx",
    _("PowerPoint presentation"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)
ODT = EvidenceType("odt", _("OpenDocument text"), "application/vnd.oasis.opendocument.text")
ODS = EvidenceType(
    "ods", _("OpenDocument spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"
)

ALLOWED = (PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPEG)
_BY_SIGNATURE = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG}
_OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_ODF_MIMETYPES = {ODT.mime_type: ODT, ODS.mime_type: ODS}
HEADER_BYTES = 8192


def extension_for(mime_type: str) -> str:
    for evidence_type in ALLOWED:
        if evidence_type.mime_type == mime_type:
            return f".{evidence_type.key}"
    return ""


def download_name(name: str, mime_type: str) -> str:
    """`name` ending in the extension of the type its content was checked to be, so that a file
    called "invoice.exe" that is really a PDF is saved as a PDF, never as a program."""
    extension = extension_for(mime_type)
    accepted = {extension, ".jpg"} if extension == ".jpeg" else {extension}
    if extension and os.path.splitext(name)[1].lower() not in accepted:
        return f"{name}{extension}"
    return name


def allowed_types_sentence() -> str:
    return _(
        "The selected file must be a PDF, Word document, Excel spreadsheet, PowerPoint presentation, "
        "OpenDocument text or spreadsheet, PNG or JPEG"
    )


def sniff(file) -> EvidenceType | None:
    """The type of a seekable binary file, or None when it is not one we accept."""
    file.seek(0)
    header = file.read(HEADER_BYTES)
    file.seek(0)
    if not header:
        return None
    try:
        matches = puremagic.magic_string(header)
    except puremagic.PureError:
        return None
    extensions = [m.extension for m in matches if m.byte_match and m.offset == 0]
    for extension in extensions:
        if extension in _BY_SIGNATURE:
            return _BY_SIGNATURE[extension]
    if header.startswith(b"PK\x03\x04"):
        # puremagic sees only "a ZIP"; Office and OpenDocument files are told apart by their members.
        return _sniff_zip_container(file)
    return None


# Office and OpenDocument files are zips. We only read their table of contents (and at most the first
# bytes of the "mimetype" member): nothing is ever extracted, and a zip that claims absurd sizes, is
# far more compressed than real documents are, or names paths outside itself is refused outright.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 10_000
MIMETYPE_BYTES = 100
_DRIVE = re.compile(r"^[A-Za-z]:")


def _zip_is_unsafe(archive: zipfile.ZipFile) -> bool:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return True
    uncompressed = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members) or 1
    if uncompressed > MAX_UNCOMPRESSED_BYTES:
        return True
    if (
        uncompressed > RATIO_CHECKED_ABOVE_BYTES
        and uncompressed / compressed > MAX_COMPRESSION_RATIO
    ):
        return True
    for member in members:
        name = member.filename.replace("\\", "/")
        if name.startswith("/") or ".." in name.split("/") or _DRIVE.match(name):
            return True
    return False


def _sniff_zip_container(file) -> EvidenceType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            if _zip_is_unsafe(archive):
                return None
            names = archive.namelist()
            if "mimetype" in names:
                if archive.getinfo("mimetype").file_size > MIMETYPE_BYTES:
                    return None
                with archive.open("mimetype") as member:
                    mimetype = member.read(MIMETYPE_BYTES).decode("ascii", "replace").strip()
                return _ODF_MIMETYPES.get(mimetype)
            if "[Content_Types].xml" in names:
                for prefix, evidence_type in _OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return evidence_type
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        file.seek(0)
    return None
