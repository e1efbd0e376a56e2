"""Decode a text file: UTF-8 with or without BOM, UTF-16, GB18030/GBK, detected when unsure."""

from __future__ import annotations

from charset_normalizer import from_bytes

from gkparse.errors import InputError

CJK_ENCODINGS = ("gb18030", "big5")


DAMAGED_SHARE = 0.001  # a text with this share of undecodable bytes (or 3) is damaged, not foreign
DAMAGED_MIN = 3


def decode_text(data: bytes, path: str) -> tuple[str, list[str]]:
    """Bytes → text and warnings. A file with a few bytes that fit no encoding (a download cut
    in the middle of a character, a flipped byte) is read with those bytes replaced by U+FFFD,
    and a warning: a number they touch no longer reads as a number, so it is left out."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    for encoding in CJK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            return text, []
    damaged = _damaged(data)
    if damaged:
        return damaged
    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "cannot decode text (not UTF-8, GB18030 or any detectable encoding)")
    return str(best), []


def _damaged(data: bytes) -> tuple[str, list[str]] | None:
    """UTF-8 or GB18030 text with a few bad bytes, whichever has fewer; None when neither."""
    tolerated = max(DAMAGED_MIN, int(DAMAGED_SHARE * len(data)))
    best: tuple[int, str, str] | None = None
    for encoding in ("utf-8", "gb18030"):
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        if bad <= tolerated and _looks_chinese(text) and (best is None or bad < best[0]):
            best = (bad, encoding, text)
    if best is None:
        return None
    bad, encoding, text = best
    count = f"{bad} byte" if bad == 1 else f"{bad} bytes"
    return text, [f"text: {count} not valid {encoding.upper()} (a damaged file?) replaced with U+FFFD"]


def _looks_chinese(text: str) -> bool:
    sample = text[:2000]
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    return han >= max(1, len(sample.strip()) // 10)
