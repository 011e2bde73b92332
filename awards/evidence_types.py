"""Which evidence files we accept, decided from their content, never from a name or a browser's word."""

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


def _sniff_zip_container(file) -> EvidenceType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return _ODF_MIMETYPES.get(mimetype)
            if "[Content_Types].xml" in names:
                for prefix, evidence_type in _OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return evidence_type
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)
    return None
