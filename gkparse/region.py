"""The report's region in a large text, found before anything else is read.

A 30 MB text that is not a report used to run for more than a minute (its tables searched line by
line) before being refused. Here a large text is cut to the lines around the words every report
prints (formats/region.yaml); with none of them it is refused at once, with the usual message.
Texts below the size limit are read whole, exactly as before.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import regex
import yaml

from gkparse.document import Document, Line
from gkparse.errors import NotAReportError
from gkparse.models import ReportWarning
from gkparse.normalize.text import fold, squeeze

NOT_A_REPORT = "not a government information disclosure annual report (no section headings, no tables found)"


@cache
def _config() -> tuple[dict, regex.Pattern]:
    data = yaml.safe_load(resources.files("gkparse.formats").joinpath("region.yaml").read_text("utf-8"))
    words = sorted({squeeze(fold(w)) for w in data["signals"]}, key=len, reverse=True)
    return data, regex.compile("|".join(regex.escape(w) for w in words))


def require_signal(text: str, name: str) -> None:
    """A large text with none of a report's words is refused before it is split into lines."""
    config, pattern = _config()
    if len(text) > config["large_chars"] and not _has_signal(text, pattern):
        raise NotAReportError(name, NOT_A_REPORT)


def _has_signal(text: str, pattern: regex.Pattern) -> bool:
    """Searched in the text as it is first (folding 30 MB that NFKC changes takes seconds), then
    folded (Kangxi radicals, full-width forms)."""
    return bool(pattern.search(_unspaced(text)) or pattern.search(squeeze(fold(text))))


def _unspaced(text: str) -> str:
    return text.replace(" ", "").replace("\u3000", "")


def _signal_spans(text: str, pattern: regex.Pattern) -> list[int]:
    """Character offsets of the signals in a line, spaces left out ("申 请 人 情 况"). Not folded:
    folding every line of a large text costs seconds, and the signals are plain CJK words (a text
    whose signals show only once folded is read whole)."""
    return [m.start() for m in pattern.finditer(_unspaced(text))]


def _cut_long_line(line: Line, offsets: list[int], margin: int) -> list[Line]:
    """A very long line, cut to the stretches around its signals (the offsets do not count
    spaces: the margin is generous)."""
    text = line.text
    pieces: list[tuple[int, int]] = []
    for at in offsets:
        start, end = max(0, at - margin), min(len(text), at + margin)
        if pieces and start <= pieces[-1][1]:
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((start, end))
    return [Line((text[a:b],), line.page, False) for a, b in pieces]


def report_region(doc: Document, name: str) -> Document:
    """`doc` itself when it is small; a large one cut to the lines around its signals, or
    NotAReportError when it has none."""
    config, pattern = _config()
    texts = [line.text for line in doc.lines]
    size = sum(map(len, texts))
    if size <= config["large_chars"]:
        return doc
    margin = config["margin_lines"]
    keep: list[Line] = []
    last_kept = -1
    hits = 0
    for index, text in enumerate(texts):
        offsets = _signal_spans(text, pattern)
        if not offsets:
            continue
        hits += 1
        start = max(last_kept + 1, index - margin)
        end = min(len(doc.lines), index + margin + 1)
        for kept in doc.lines[start:end]:
            if len(kept.text) > config["long_line_chars"]:
                own = _signal_spans(kept.text, pattern)
                keep += _cut_long_line(kept, own, config["margin_chars"]) if own else []
            else:
                keep.append(kept)
        last_kept = end - 1
    if not hits:
        if _has_signal("\n".join(texts), pattern):
            return doc  # the signals show only in the folded text (e.g. Kangxi radicals): read it whole
        raise NotAReportError(name, NOT_A_REPORT)
    kept_size = sum(len(line.text) for line in keep)
    warning = ReportWarning(
        f"file: {size / 1e6:.1f} M characters of text; read only the {kept_size / 1e6:.2f} M around the "
        "words of a report (headings, table labels), the rest has none",
        code="region",
    )
    return Document(keep, doc.pages, [*doc.warnings, warning], doc.reader)
