"""Which evidence files we accept, decided from their content, never from a name or a browser's word."""

import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

import puremagic
from django.utils.translation import gettext as _now
from django.utils.translation import gettext_lazy as _
from PIL import Image


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


# --- does the content hold together as the type its first bytes claim? --------------------------
#
# A signature is a few bytes anyone can put in front of anything: "%PDF-1.4" then a web page, a PNG
# signature then a script, a macro-enabled .docm renamed .docx. So each accepted file is also checked
# for the structure its type must have, reading by seeking and in bounded chunks, never the whole
# file at once (evidence can be 100 MB).

CHUNK_BYTES = 1024 * 1024
PDF_TAIL_BYTES = 4096
PART_HEAD_BYTES = 4096
CONTENT_TYPES_BYTES = 1024 * 1024


def macros_sentence() -> str:
    return _now(
        "The selected file contains macros or embedded programs. Save it without them (for "
        "example as a .docx, .xlsx or .pptx file) and upload it again"
    )


def damaged_sentence(evidence_type: EvidenceType) -> str:
    return _now(
        "The selected file is not a valid %(type)s. Open it, save it again as a %(type)s and upload "
        "the new copy"
    ) % {"type": evidence_type.label}


def structure_problem(file, evidence_type: EvidenceType) -> str | None:
    """Why `file`, whose signature says it is `evidence_type`, must be refused; None when it is
    what it says."""
    check = {
        PDF: _pdf_is_sound,
        PNG: _png_is_sound,
        JPEG: _jpeg_is_sound,
        DOCX: _ooxml_is_sound,
        XLSX: _ooxml_is_sound,
        PPTX: _ooxml_is_sound,
        ODT: _odf_is_sound,
        ODS: _odf_is_sound,
    }[evidence_type]
    try:
        verdict = check(file, evidence_type)
    except (
        OSError,
        ValueError,
        EOFError,
        SyntaxError,
        zipfile.BadZipFile,
        zlib.error,
        struct.error,
        Image.DecompressionBombError,
    ):
        verdict = False
    finally:
        file.seek(0)
    if verdict is MACROS:
        return macros_sentence()
    return None if verdict else damaged_sentence(evidence_type)


MACROS = object()  # a verdict: well formed, but carries code

# Markup that makes a document a web page. Looked for in a PDF outside its streams only: stream data
# is compressed bytes, in which short strings turn up by chance.
_MARKUP = rb"<[ \t\r\n]{0,8}(?:!doctype[ \t\r\n]+html|html|head|body|script|iframe|svg|object|embed|meta|style|link|img|form)[ \t\r\n/>]"
_MARKUP_AT = re.compile(_MARKUP, re.IGNORECASE)
_TOKEN_OVERLAP = 64
_STARTXREF = re.compile(rb"startxref[ \t\r\n]+(\d+)[ \t\r\n]+%%EOF", re.IGNORECASE)
_XREF_AT = re.compile(rb"[ \t\r\n\f\x00]*(?:xref|\d+[ \t\r\n]+\d+[ \t\r\n]+obj)")


def _size(file) -> int:
    file.seek(0, os.SEEK_END)
    return file.tell()


def _pdf_is_sound(file, _type) -> bool:
    size = _size(file)
    file.seek(max(0, size - PDF_TAIL_BYTES))
    tail = file.read(PDF_TAIL_BYTES)
    # The last "startxref <offset> %%EOF" names where the cross-reference table (or stream) is.
    found = list(_STARTXREF.finditer(tail))
    if not found:
        return False
    offset = int(found[-1].group(1))
    if not 0 < offset < size:
        return False
    file.seek(offset)
    if not _XREF_AT.match(file.read(64)):
        return False
    return not _pdf_has_markup(file)


def _pdf_has_markup(file) -> bool:
    """Whether HTML turns up anywhere outside the file's streams. Found with bytes.find, which runs
    at memory speed: a 100 MB file is scanned in well under a second, a megabyte at a time."""
    file.seek(0)
    in_stream = False
    data = b""
    position = 0
    while True:
        chunk = file.read(CHUNK_BYTES)
        last = not chunk
        data = data[position:] + chunk
        position = 0
        # A token starting in the last bytes may be cut off: those bytes are looked at again next time.
        safe = len(data) if last else max(0, len(data) - _TOKEN_OVERLAP)
        # The next "stream" and "<" at or after `position`, each found once and reused until passed.
        start = tag = None
        while position < safe:
            if in_stream:
                end = data.find(b"endstream", position, safe + len(b"endstream"))
                if end == -1:
                    position = max(position, safe - len(b"endstream"))
                    break
                in_stream, position = False, end + len(b"endstream")
                start = tag = None
                continue
            if start is None or -1 < start < position:
                start = data.find(b"stream", position, safe + len(b"stream"))
            if tag is None or -1 < tag < position:
                tag = data.find(b"<", position, safe)
            if tag != -1 and (start == -1 or tag < start):
                if _MARKUP_AT.match(data, tag):
                    return True
                position = tag + 1
            elif start != -1:
                position = start + len(b"stream")
                in_stream = data[max(0, start - 3) : start] != b"end" and data[
                    position : position + 1
                ] in (b"\r", b"\n")
            else:
                position = max(position, safe - len(b"stream"))
                break
        if last:
            return False


def _png_is_sound(file, _type) -> bool:
    with Image.open(file) as image:
        if image.format != "PNG":
            return False
    # Pillow reads the header; the rest is walked here, a piece at a time: every chunk's CRC, and the
    # pixels inflated and thrown away (Image.verify would hold a whole chunk, however large).
    file.seek(8)
    inflater = zlib.decompressobj()
    while True:
        header = file.read(8)
        if len(header) < 8:
            return False
        length, kind = struct.unpack(">I4s", header)
        crc = zlib.crc32(kind)
        remaining = length
        while remaining:
            piece = file.read(min(remaining, CHUNK_BYTES))
            if not piece:
                return False
            remaining -= len(piece)
            crc = zlib.crc32(piece, crc)
            if kind == b"IDAT":
                data = piece
                while data and not inflater.eof:
                    inflater.decompress(data, CHUNK_BYTES)
                    data = inflater.unconsumed_tail
        stored = file.read(4)
        if len(stored) < 4 or struct.unpack(">I", stored)[0] != crc & 0xFFFFFFFF:
            return False
        if kind == b"IEND":
            break
    # Nothing but the image: no page or script after its end.
    return inflater.eof and not file.read(1)


def _jpeg_is_sound(file, _type) -> bool:
    with Image.open(file) as image:
        if image.format != "JPEG":
            return False
        # Decoded at an eighth of its size (libjpeg scales while decoding): every byte of the
        # compressed image is read, the pixels held are few.
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    return True


_OOXML_MAIN = {
    DOCX: ("word/document.xml", b"wordprocessingml.document.main+xml"),
    XLSX: ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
    PPTX: ("ppt/presentation.xml", b"presentationml.presentation.main+xml"),
}
# Content types of parts that hold or start code: VBA projects, ActiveX controls, OLE objects.
_CODE_CONTENT_TYPES = (b"macroenabled", b"vbaproject", b"vbadata", b"activex", b"oleobject")


def _is_code_part(name: str) -> bool:
    name = name.lower()
    base = name.rsplit("/", 1)[-1]
    if base.startswith(("vbaproject", "vbadata")) or "/activex/" in f"/{name}":
        return True
    # Embedded OLE objects (oleObject1.bin and friends) can run programs; printer settings, the
    # other common .bin part, cannot.
    return base.endswith(".bin") and ("/embeddings/" in f"/{name}" or base.startswith("oleobject"))


def _ooxml_is_sound(file, evidence_type) -> object:
    main_part, main_type = _OOXML_MAIN[evidence_type]
    with zipfile.ZipFile(file) as archive:
        names = set(archive.namelist())
        if any(_is_code_part(name) for name in names):
            return MACROS
        if not {"[Content_Types].xml", "_rels/.rels", main_part} <= names:
            return False
        content_types = _read_head(archive, "[Content_Types].xml", CONTENT_TYPES_BYTES)
        if content_types is None:
            return False
        lowered = content_types.lower()
        if any(kind in lowered for kind in _CODE_CONTENT_TYPES):
            return MACROS
        if main_type not in lowered:
            return False
        return _is_xml(_read_head(archive, main_part, PART_HEAD_BYTES))


def _odf_is_sound(file, _type) -> object:
    with zipfile.ZipFile(file) as archive:
        names = archive.namelist()
        # OpenOffice Basic macros and other scripts live in these folders of the package.
        if any(name.lower().startswith(("basic/", "scripts/")) for name in names):
            return MACROS
        if not names or names[0] != "mimetype":
            return False
        if not {"content.xml", "META-INF/manifest.xml"} <= set(names):
            return False
        return _is_xml(_read_head(archive, "content.xml", PART_HEAD_BYTES)) and _is_xml(
            _read_head(archive, "META-INF/manifest.xml", PART_HEAD_BYTES)
        )


def _read_head(archive, name: str, limit: int) -> bytes | None:
    """At most the first `limit` bytes of a member, inflating no more than that."""
    with archive.open(name) as member:
        return member.read(limit)


_XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?[ \t\r\n]*<(?:\?xml[ \t]|[A-Za-z_])")
_MARKUP_ANYWHERE = re.compile(_MARKUP, re.IGNORECASE)


def _is_xml(head: bytes | None) -> bool:
    """An XML document, not a web page: an XML declaration or an element first, and no HTML (a
    root element or a script) in its opening bytes."""
    return bool(head) and bool(_XML_START.match(head)) and not _MARKUP_ANYWHERE.search(head)
