"""Fold text so that labels compare equal across renderings.

Real reports reach us NFKC-folded by crawlers ((一) for （一）), in traditional characters on
mirror sites, with pinyin glosses, with spaces inside labels ("商业 企业") and with stray
punctuation; `fold` and `label_core` undo all of that the same way for the templates and
for the text being read.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

# Numbering that starts a label: 一、 (level 1), (三) (level 2), 1. (level 3).
# Example: "(四) 无法提供 1. 本机关不掌握相关政府信息" holds two labels.
MARKER = regex.compile(
    r"^\s*(?P<m>[一二三四五六七八九十]+\s*、|\(\s*[一二三四五六七八九十]+\s*\)|\d{1,2}\s*[.．、](?!\d))\s*"
)
# A marker that starts a new label inside a cell: at the start or after white space.
MARKER_INSIDE = regex.compile(
    r"(?<=\s)(?=\(\s*[一二三四五六七八九十]+\s*\)|\d{1,2}[.．](?!\d)|[一二三四五六七八九十]\s*、)"
)
PUNCT_OR_SPACE = regex.compile(r"[\p{P}\p{S}\p{Z}\s]+")
SPACE = regex.compile(r"\s+")
PINYIN_GLOSS = regex.compile(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def has_traditional(text: str) -> bool:
    """True when converting to simplified changes a sample of the text."""
    sample = text[:4000]
    return _t2s().convert(sample) != sample


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


# what NFKC leaves alone but text layers print for common characters: the two- and three-em
# dashes a font's ligature of `——` maps to (pdfplumber reads a Chromium print's `——` as U+2E3A)
FOLD_EXTRA = {0x2E3A: "——", 0x2E3B: "———"}


def fold(text: str) -> str:
    """NFKC (（一）→(一), full-width digits → ASCII), pinyin glosses removed."""
    text = unicodedata.normalize("NFKC", text)
    if "\u2e3a" in text or "\u2e3b" in text:
        text = text.translate(FOLD_EXTRA)
    if "(" in text:
        text = PINYIN_GLOSS.sub("", text)
    return text


def squeeze(text: str) -> str:
    """Remove all white space: labels are broken by spaces in PDFs ("商 业 企 业")."""
    return SPACE.sub("", text)


def split_marker(text: str) -> tuple[str | None, str]:
    """Split a leading numbering marker off a folded label: "(三)不予公开" → ("(三)", "不予公开")."""
    m = MARKER.match(text)
    if not m:
        return None, text
    marker = squeeze(m.group("m")).replace("．", ".")
    if marker[-1] == "、" and marker[0].isdigit():
        marker = marker[:-1] + "."
    return marker, text[m.end() :]


def label_core(text: str) -> str:
    """The comparable part of a label: folded, marker removed, no spaces or punctuation."""
    _, rest = split_marker(fold(text))
    return PUNCT_OR_SPACE.sub("", rest)


def split_labels(text: str) -> list[str]:
    """Split a cell holding several labels at their markers (see MARKER_INSIDE)."""
    parts = MARKER_INSIDE.split(text)
    return [p.strip() for p in parts if p.strip()]
