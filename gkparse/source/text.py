"""Decode a text file: UTF-8 with or without BOM, UTF-16, GB18030/GBK, detected when unsure."""

from __future__ import annotations

from charset_normalizer import from_bytes

from gkparse.errors import InputError

CJK_ENCODINGS = ("gb18030", "big5")


def decode_text(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in CJK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            return text
    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "cannot decode text (not UTF-8, GB18030 or any detectable encoding)")
    return str(best)


def _looks_chinese(text: str) -> bool:
    sample = text[:2000]
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    return han >= max(1, len(sample.strip()) // 10)
