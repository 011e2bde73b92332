"""Small, real files for upload tests: the bytes pass the same content sniffing as a user's upload."""

from django.core.files.uploadedfile import SimpleUploadedFile

from awards.sample_files import pdf_bytes

__all__ = ["pdf_bytes", "pdf_file"]


def pdf_file(
    name: str = "evidence.pdf", size: int | None = None, text: str = "Keep it Local evidence"
):
    """A PDF as Django hands an upload to a view."""
    return SimpleUploadedFile(name, pdf_bytes(text, size=size), content_type="application/pdf")


# --- a corpus of real (minimal) files of every accepted type, and of things to refuse -----------


def _zip(members: dict[str, bytes], first_stored: str | None = None) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first_stored:
            # OpenDocument: "mimetype" first and uncompressed, as LibreOffice writes it.
            archive.writestr(
                zipfile.ZipInfo(first_stored), members.pop(first_stored), zipfile.ZIP_STORED
            )
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _ooxml(part: str, main: str) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/content-types"/>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            f"{part}/{main}": b'<?xml version="1.0"?><document/>',
        }
    )


def _odf(mimetype: str) -> bytes:
    return _zip(
        {"mimetype": mimetype.encode(), "content.xml": b'<?xml version="1.0"?><office/>'},
        first_stored="mimetype",
    )


def png_bytes() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00\x59\x4f")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        b"\xff\xdb\x00\x43\x00" + bytes(range(1, 65)) + b"\xff\xd9"
    )


def xlsx_bytes() -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Local spend, 2025"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ACCEPTED_FILES = {
    "pdf": ("evaluation.pdf", lambda: pdf_bytes(), "application/pdf"),
    "docx": (
        "case study.docx",
        lambda: _ooxml("word", "document.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "spend.xlsx",
        xlsx_bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pptx": (
        "board slides.pptx",
        lambda: _ooxml("ppt", "presentation.xml"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odt": (
        "report.odt",
        lambda: _odf("application/vnd.oasis.opendocument.text"),
        "application/vnd.oasis.opendocument.text",
    ),
    "ods": (
        "budget.ods",
        lambda: _odf("application/vnd.oasis.opendocument.spreadsheet"),
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    "png": ("hub opening.png", png_bytes, "image/png"),
    "jpeg": ("volunteers.jpg", jpeg_bytes, "image/jpeg"),
}


def _deflated_zeros(name: str, size: int, others: dict[str, bytes]) -> bytes:
    """A zip with `others` and one member of `size` zero bytes, written in chunks (little memory)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in others.items():
            archive.writestr(member, data)
        with archive.open(name, "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def _claiming_size(data: bytes, member: str, claimed: int) -> bytes:
    """The zip `data` with `member`'s uncompressed size rewritten to `claimed` in the central
    directory: what a crafted archive says about itself, whatever it holds."""
    import struct

    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46 : at + 46 + name_length] == member.encode():
            struct.pack_into("<I", out, at + 24, claimed)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


_OOXML_BASE = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
    "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
}


def zip_bomb_docx() -> bytes:
    """A .docx whose document part inflates to 11 MB from a few KB (over 100:1)."""
    return _deflated_zeros("word/document.xml", 11 * 1024 * 1024, dict(_OOXML_BASE))


def odf_mimetype_bomb() -> bytes:
    """An OpenDocument text whose "mimetype" member is the right text followed by 12 MB of spaces:
    a sniffer that read the whole member would inflate all of it."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("mimetype", "w") as member:
            member.write(b"application/vnd.oasis.opendocument.text")
            for _ in range(12):
                member.write(b" " * (1024 * 1024))
        archive.writestr("content.xml", b'<?xml version="1.0"?><office/>')
    return buffer.getvalue()


def pdf_with_javascript() -> bytes:
    """A PDF that runs JavaScript when opened in a reader that allows it."""
    return pdf_bytes().replace(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
    )


REFUSED_FILES = {
    "renamed executable": ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200),
    "ELF executable named .docx": ("notes.docx", b"\x7fELF\x02\x01\x01" + b"\x00" * 200),
    "HTML named .pdf": (
        "evaluation.pdf",
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
    ),
    "SVG": (
        "logo.svg",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
        b"</svg>",
    ),
    "plain ZIP named .docx": ("bundle.docx", _zip({"readme.txt": b"hello"})),
    "OpenDocument drawing": ("drawing.odt", _odf("application/vnd.oasis.opendocument.graphics")),
    "zip bomb named .docx": ("case study.docx", zip_bomb_docx()),
    "zip claiming 300 MB named .docx": (
        "case study.docx",
        _claiming_size(_ooxml("word", "document.xml"), "word/document.xml", 300 * 1024 * 1024),
    ),
    "OpenDocument with an oversized mimetype member": ("report.odt", odf_mimetype_bomb()),
    "zip with path-traversal members named .docx": (
        "case study.docx",
        _zip({**_OOXML_BASE, "word/document.xml": b"<document/>", "../../evil.sh": b"rm -rf /"}),
    ),
    "zip with an absolute member path named .docx": (
        "case study.docx",
        _zip({**_OOXML_BASE, "word/document.xml": b"<document/>", "/etc/cron.d/x": b"* * * * *"}),
    ),
}
