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


_MAIN_CONTENT_TYPES = {
    "word": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xl": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "ppt": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}


def _content_types(part: str, main: str, main_type: str | None = None, extra: str = "") -> bytes:
    main_type = main_type or _MAIN_CONTENT_TYPES[part]
    return (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}/{main}" ContentType="{main_type}"/>{extra}</Types>'
    ).encode()


def _ooxml(
    part: str,
    main: str,
    *,
    extra: dict[str, bytes] | None = None,
    content_types: bytes | None = None,
    main_content: bytes = b'<?xml version="1.0"?><document/>',
) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": content_types or _content_types(part, main),
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            f"{part}/{main}": main_content,
            **(extra or {}),
        }
    )


_MANIFEST = (
    b'<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
    b'xmlns:manifest:1.0"/>'
)


def _odf(
    mimetype: str,
    *,
    content: bytes = b'<?xml version="1.0"?><office/>',
    extra: dict[str, bytes] | None = None,
) -> bytes:
    return _zip(
        {
            "mimetype": mimetype.encode(),
            "content.xml": content,
            "META-INF/manifest.xml": _MANIFEST,
            **(extra or {}),
        },
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
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (89, 79, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


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
    return pdf_bytes(catalog=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")


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


# --- files whose first bytes are right and whose structure is not, or that carry code -----------

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


def pdf_with_html_in_its_body() -> bytes:
    """A well-formed PDF (right offsets, trailer, %%EOF) with a web page in a comment line."""
    data = pdf_bytes(size=2000)
    padding = data[data.index(b"%x") : data.index(b"\n", data.index(b"%x"))]
    html = b"%" + HTML.strip()
    return data.replace(padding, html + b"x" * (len(padding) - len(html)))


def pdf_pointing_nowhere() -> bytes:
    data = pdf_bytes()
    at = data.rindex(b"startxref\n") + len(b"startxref\n")
    end = data.index(b"\n", at)
    return data[:at] + b"%d" % (int(data[at:end]) - 7) + data[end:]


def png_with_broken_pixels() -> bytes:
    """Every chunk's CRC right, but the pixel data is not deflate data."""
    import struct
    import zlib

    data = png_bytes()
    at = data.index(b"IDAT") - 4
    length = struct.unpack_from(">I", data, at)[0]
    garbage = b"\xff" * length
    crc = struct.pack(">I", zlib.crc32(b"IDAT" + garbage) & 0xFFFFFFFF)
    return data[: at + 8] + garbage + crc + data[at + 12 + length :]


def docm_renamed_docx() -> bytes:
    macro_type = "application/vnd.ms-word.document.macroEnabled.main+xml"
    return _ooxml(
        "word",
        "document.xml",
        content_types=_content_types(
            "word",
            "document.xml",
            main_type=macro_type,
            extra='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
        ),
        extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64},
    )


REFUSED_STRUCTURE = {
    # case: (name, content, what the message names: "macros" or the type's label)
    "PDF signature then a web page": ("evaluation.pdf", b"%PDF-1.4\n" + HTML, "PDF"),
    "PDF with a web page in its body": ("evaluation.pdf", pdf_with_html_in_its_body(), "PDF"),
    "PDF cut short (no trailer)": ("evaluation.pdf", pdf_bytes()[:-40], "PDF"),
    "PDF whose startxref points nowhere": ("evaluation.pdf", pdf_pointing_nowhere(), "PDF"),
    "PNG signature then a web page": ("hub.png", b"\x89PNG\r\n\x1a\n" + HTML, "PNG"),
    "PNG with a web page after its end": ("hub.png", png_bytes() + HTML, "PNG"),
    "PNG whose pixels do not inflate": ("hub.png", png_with_broken_pixels(), "PNG"),
    "JPEG signature then a web page": ("hub.jpg", b"\xff\xd8\xff\xe0" + HTML, "JPEG"),
    "JPEG cut short": ("hub.jpg", jpeg_bytes()[:-200], "JPEG"),
    ".docm renamed .docx": ("case study.docx", docm_renamed_docx(), "macros"),
    ".docx with a vbaProject.bin": (
        "case study.docx",
        _ooxml("word", "document.xml", extra={"word/vbaProject.bin": b"\x00" * 64}),
        "macros",
    ),
    ".docx whose content types are macro-enabled": (
        "case study.docx",
        _ooxml(
            "word",
            "document.xml",
            content_types=_content_types(
                "word",
                "document.xml",
                main_type="application/vnd.ms-word.document.macroEnabled.main+xml",
            ),
        ),
        "macros",
    ),
    ".xlsx with an ActiveX control": (
        "spend.xlsx",
        _ooxml("xl", "workbook.xml", extra={"xl/activeX/activeX1.bin": b"\x00" * 64}),
        "macros",
    ),
    ".pptx with an embedded OLE object": (
        "slides.pptx",
        _ooxml("ppt", "presentation.xml", extra={"ppt/embeddings/oleObject1.bin": b"\x00" * 64}),
        "macros",
    ),
    ".docx with no document part": (
        "case study.docx",
        _zip(
            {
                "[Content_Types].xml": _content_types("word", "document.xml"),
                "_rels/.rels": b"<Relationships/>",
                "word/styles.xml": b"<styles/>",
            }
        ),
        "Word document",
    ),
    ".docx whose document is a web page": (
        "case study.docx",
        _ooxml("word", "document.xml", main_content=HTML),
        "Word document",
    ),
    "ODT whose content is a web page": (
        "report.odt",
        _odf(ODT_TYPE, content=HTML),
        "OpenDocument text",
    ),
    "ODT with Basic macros": (
        "report.odt",
        _odf(ODT_TYPE, extra={"Basic/Standard/Module1.xml": b'<?xml version="1.0"?><module/>'}),
        "macros",
    ),
    "ODT with no manifest": (
        "report.odt",
        _zip({"mimetype": ODT_TYPE.encode(), "content.xml": b"<office/>"}, first_stored="mimetype"),
        "OpenDocument text",
    ),
}

# Real files carry parts like these; they are not code and must still be accepted.
ACCEPTED_FILES |= {
    "xlsx with printer settings": (
        "spend.xlsx",
        lambda: _ooxml(
            "xl", "workbook.xml", extra={"xl/printerSettings/printerSettings1.bin": b"\x00" * 64}
        ),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "jpeg with data after its end (motion photo)": (
        "volunteers.jpg",
        lambda: jpeg_bytes() + b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64,
        "image/jpeg",
    ),
    "pdf with an incremental update": (
        "evaluation.pdf",
        lambda: _incrementally_updated_pdf(),
        "application/pdf",
    ),
}


def _incrementally_updated_pdf() -> bytes:
    """A PDF saved again by a reader: a new object, xref section and trailer appended."""
    data = pdf_bytes()
    previous = int(data[data.rindex(b"startxref\n") + 10 :].split(b"\n")[0])
    at = len(data)
    body = b"6 0 obj\n<< /Producer (Reader) >>\nendobj\n"
    xref = at + len(body)
    return (
        data
        + body
        + b"xref\n6 1\n%010d 00000 n \n" % at
        + b"trailer\n<< /Size 7 /Root 1 0 R /Info 6 0 R /Prev %d >>\n" % previous
        + b"startxref\n%d\n%%%%EOF\n" % xref
    )
