"""Turn document lines into a stream of label and value tokens.

A label token is text (a row label, a header, a fragment of vertical text); a value token is
a number or a dash; a blank token is an empty cell of a separated line, which holds a place
in the row. A label glued to its numbers with no separator ("行政许可3960181") becomes a
`glued` token: its numbers cannot be split safely, so the row is left out with a warning.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import regex

from gkparse.document import Line
from gkparse.normalize.text import fold
from gkparse.normalize.values import clean, is_value
from gkparse.templates import ocr_settings

TokenKind = Literal["text", "value", "blank", "glued"]

# "行政许可3960181": CJK text (or a closing bracket) immediately followed by digits.
GLUED = regex.compile(r"^(?P<text>.*[\p{Han})\]”’\"'」』》])(?P<digits>\d[\d,.]*(?:[-−+减增]\d[\d,.]*)*)$")


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str  # folded
    line: int  # index of the line in the region
    page: int | None
    cell: int = -1  # index of its cell in a separated line, when the cell held only this token
    # a blank of a ruled line that prints no number: the blank counts of a row printed all
    # blank, or a wrapped label's empty line beside a row whose numbers are on another line
    placeholder: bool = False
    x: tuple[float, float] | None = None  # x-range on the page, when the cell held only this token
    # a value whose digits may be several cells glued together ("000"): split by the solver
    # (gkparse/tables/solve.py) or left out, never read as one number
    run: bool = False
    # the cell's box on the page (x0, top, x1, bottom), when the cell held only this token
    box: tuple[float, float, float, float] | None = field(default=None, compare=False)
    char_x: bool = False  # x in character columns of a text page (Line.char_spans)
    ocr: bool = False  # read by OCR from a scanned page
    confidence: float | None = None  # OCR's confidence in its cell (the weakest character, 0–1)
    source: tuple[int, int] | None = None  # (row, cell) in an HTML or DOCX source's tables, from 1

    @property
    def uncertain(self) -> bool:
        """An OCR number read with less confidence than the bar (formats/ocr.yaml): it is not
        emitted unless the format's arithmetic confirms it. (A dash is no digit: read wrong, it
        is still no number.)"""
        return (
            self.kind == "value"
            and self.confidence is not None
            and any(ch.isdigit() for ch in self.text)
            and self.confidence < ocr_settings()["digit_confidence_min"]
        )


@functools.lru_cache(maxsize=8192)
def cell_tokens(cell: str) -> tuple[tuple[TokenKind, str], ...]:
    """One cell → tokens: values peeled off the end of a label ("（三）不予公开 0 0 0").
    Cached: a report repeats its labels and numbers, and the tables read each line more than once."""
    text = fold(cell).strip()
    if not clean(text):
        return (("blank", ""),)
    if is_value(text):
        return (("value", clean(text)),)
    parts = text.split()
    values: list[str] = []
    while parts and is_value(parts[-1]):
        values.insert(0, clean(parts.pop()))
    out: list[tuple[TokenKind, str]] = []
    if parts:
        label = " ".join(parts)
        glued = GLUED.match(label)
        out.append(("glued", label) if glued and not values else ("text", label))
    out += [("value", v) for v in values]
    return tuple(out)


def lines_to_tokens(lines: Iterable[Line], leading_blanks: bool = False) -> list[Token]:
    """Tokens in reading order. Blank cells count only after the first filled cell of a
    separated line: leading blanks are the placeholders of row-spanning label cells —
    except in a row with no label at all (section 四's data row), `leading_blanks=True`."""
    tokens: list[Token] = []
    for index, line in enumerate(lines):
        line_tokens = _line_tokens(index, line, leading_blanks)
        last_label = max((i for i, t in enumerate(line_tokens) if t.kind in ("text", "glued")), default=-1)
        # a blank before a label on its line is a label column (a rowspan cell, a vertical
        # label's column), never a number's place
        tokens += [t for i, t in enumerate(line_tokens) if t.kind != "blank" or i > last_label]
    return tokens


def _line_tokens(index: int, line: Line, leading_blanks: bool) -> list[Token]:
    tokens: list[Token] = []
    started = False
    numbers_from = len(line.cells) if line.numbers_from is None else line.numbers_from
    placeholder = numbers_from < len(line.cells) and not any(
        clean(c) and is_value(c) for c in line.cells[numbers_from:]
    )
    for position, cell in enumerate(line.cells):
        if line.glued and position >= numbers_from:
            # the number cells of a re-cut line: digits, dashes and signs, glued ("0—0", "5减1")
            tokens.append(Token("value", fold(cell).strip(), index, line.page, run=True))
            started = True
            continue
        parts = cell_tokens(cell)
        at = position if line.separated and len(parts) == 1 else -1
        for kind, text in parts:
            counts = started or leading_blanks or position >= numbers_from
            if kind == "blank" and (not line.separated or not counts):
                continue
            started = True
            x = line.spans[position] if line.spans and len(parts) == 1 else None
            box = line.boxes[position] if line.boxes and len(parts) == 1 else None
            empty_line = placeholder and position >= numbers_from
            run = line.glued and kind == "value"
            chars = line.char_spans and x is not None
            confidence = line.confidence[position] if line.confidence else None
            source = line.positions[position] if line.positions and len(parts) == 1 else None
            tokens.append(
                Token(kind, text, index, line.page, at, empty_line, x, run=run, box=box, char_x=chars,
                      ocr=line.confidence is not None, confidence=confidence, source=source)
            )
    return tokens
