"""Small, real files for demonstration data and tests: they pass the same content checks as an officer's
upload, so the demo world and the tests exercise the real evidence path."""


def pdf_bytes(
    text: str = "Keep it Local evidence", size: int | None = None, *, catalog: bytes = b""
) -> bytes:
    """A minimal valid one-page PDF showing `text`; padded with a comment to `size` bytes if given;
    `catalog` adds entries to its document catalog."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = f"BT /F1 14 Tf 72 770 Td ({safe}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]

    def build(padding: int) -> bytes:
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        if padding == 1:
            out += b"\n"
        elif padding > 1:
            out += b"%" + b"x" * (padding - 2) + b"\n"
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref_at = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objects) + 1,
            xref_at,
        )
        return bytes(out)

    data = build(0)
    if size is not None and size > len(data):
        # A comment line (or a bare newline) fills the gap; the offsets it shifts can gain a digit,
        # so settle the padding in a second pass.
        padding = size - len(data)
        data = build(padding)
        if len(data) != size:
            data = build(padding - (len(data) - size))
    return data
