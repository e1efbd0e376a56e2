"""Step 1: the text-layer probe (pypdfium2), before a page reader runs.

A probe with pypdfium2 (fast) decides whether the PDF has a usable text layer at all:
`none` when the pages carry (almost) no characters (a scan), `garbled` when most characters
have no Unicode mapping (`(cid:N)` in pdfminer, private-use or U+FFFD code points). Both need
OCR, which gkparse does not do: `NoTextLayerError`. Encrypted and unreadable files are
refused here as `InputError`, before pdfminer sees them.

The page readers check the text layer again as they read (`check_garbled`, and the pdfium
reader runs `text_layer` on its own pages).
"""

from __future__ import annotations

from collections.abc import Sequence

from gkparse.errors import InputError, NoTextLayerError

NO_TEXT_REASON = "no usable text layer (OCR needed)"
ENCRYPTED_REASON = "PDF is encrypted (password required)"
NO_PAGES_REASON = "not a readable PDF (no pages)"

PAGE_MIN_CHARS = 50  # a page with fewer readable characters counts as a page without text
TEXT_PAGES_SHARE = 0.5  # the text layer is "ok" when at least this share of pages has text
GARBLED_SHARE = 0.5  # more unmapped characters than this → garbled

# pdfium error codes (fpdfview.h)
_PDFIUM_ERRORS = {
    1: "unknown error",
    2: "file not found or could not be opened",
    3: "damaged or truncated file",
    5: "unsupported security handler",
    6: "page not found or content error",
}
_ERR_PASSWORD = 4


def is_bad_char(ch: str) -> bool:
    """No usable Unicode mapping: a private-use code point, U+FFFD, or a control character."""
    code = ord(ch)
    return 0xE000 <= code <= 0xF8FF or code == 0xFFFD or (code < 0x20 and ch not in "\t\r\n")


def open_pdfium(data: bytes, name: str):
    """`data` as a pypdfium2 PdfDocument; encrypted and unreadable files raise InputError."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == _ERR_PASSWORD:
            raise InputError(name, ENCRYPTED_REASON) from None
        raise InputError(name, f"not a readable PDF ({_PDFIUM_ERRORS.get(code, 'unknown error')})") from None
    except Exception as e:  # pdfium may fail in other ways on hostile input
        raise InputError(name, f"not a readable PDF ({type(e).__name__})") from None


def probe_text_layer(data: bytes, name: str) -> tuple[int, str]:
    """Open the PDF with pdfium; return (pages, "ok" | "garbled" | "none").

    Raises InputError for encrypted (password-protected) and unreadable files.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = open_pdfium(data, name)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise InputError(name, NO_PAGES_REASON)
        counts = []
        for index in range(n_pages):
            try:
                page = pdf[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError:
                continue
            try:
                count = textpage.count_chars()
                printed = bad = 0
                for i in range(count):
                    if raw.FPDFText_IsGenerated(textpage.raw, i):
                        continue
                    code = raw.FPDFText_GetUnicode(textpage.raw, i)
                    ch = chr(code) if 0 <= code < 0x110000 else "\ufffd"
                    if ch.isspace():
                        continue
                    printed += 1
                    if is_bad_char(ch) or raw.FPDFText_HasUnicodeMapError(textpage.raw, i) == 1:
                        bad += 1
            finally:
                textpage.close()
                page.close()
            counts.append((printed, bad))
    finally:
        pdf.close()
    return n_pages, text_layer(n_pages, counts)


def text_layer(n_pages: int, counts: Sequence[tuple[int, int]]) -> str:
    """The probe's verdict from the (printed, unmapped) character counts of the pages that
    could be read (spaces and the characters pdfium makes up are not counted)."""
    text_pages = sum(1 for printed, bad in counts if printed - bad >= PAGE_MIN_CHARS)
    if text_pages >= TEXT_PAGES_SHARE * n_pages:
        return "ok"
    # most pages carry no readable text: garbled when what is there is mostly unmapped
    printed_total = sum(printed for printed, _ in counts)
    bad_total = sum(bad for _, bad in counts)
    if printed_total and bad_total / printed_total > GARBLED_SHARE:
        return "garbled"
    return "none"


def check_garbled(name: str, unmapped: int, chars: int) -> None:
    """The reader's own check of the text layer: mostly unmapped characters → NoTextLayerError
    (the probe and the reader's library may map glyphs to Unicode each their own way)."""
    if chars and unmapped / chars > GARBLED_SHARE:
        raise NoTextLayerError(name, NO_TEXT_REASON)


def short_error(e: Exception) -> str:
    """An exception in one line, for a reason or a warning: its type and the first line of
    its message (80 characters at most)."""
    text = str(e).strip().splitlines()[0] if str(e).strip() else ""
    text = text[:80]
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def pages_needing_ocr(data: bytes, name: str, candidates: set[int]) -> list[int]:
    """Which of the `candidates` (page numbers whose text layer gave almost nothing) need OCR."""
    pdf = open_pdfium(data, name)
    try:
        return [n for n in sorted(candidates) if n <= len(pdf) and _needs_ocr(pdf, n - 1)]
    finally:
        pdf.close()


def _needs_ocr(pdf, index: int) -> bool:
    page = pdf[index]
    try:
        return page_needs_ocr(page)
    finally:
        page.close()


def page_needs_ocr(page) -> bool:
    """A page without usable text that shows a picture: fewer readable characters than
    `page_min_chars` (unmapped ones not counted) and an image over `image_share` of it."""
    import pypdfium2.raw as raw

    from gkparse.source.pdf.ocr import settings

    cfg = settings()
    textpage = page.get_textpage()
    try:
        readable = 0
        for i in range(textpage.count_chars()):
            if raw.FPDFText_IsGenerated(textpage.raw, i):
                continue
            code = raw.FPDFText_GetUnicode(textpage.raw, i)
            ch = chr(code) if 0 <= code < 0x110000 else "\ufffd"
            if ch.isspace() or is_bad_char(ch) or raw.FPDFText_HasUnicodeMapError(textpage.raw, i) == 1:
                continue
            readable += 1
            if readable >= cfg["page_min_chars"]:
                return False
    finally:
        textpage.close()
    width, height = page.get_size()
    covered = 0.0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        covered += max(right - left, 0) * max(top - bottom, 0)
    return covered >= cfg["image_share"] * width * height


