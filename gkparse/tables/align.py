"""Align a token stream with a table template: which printed label is which row.

The template's rows, in printed order, anchor the alignment; positions never do. Each label
piece is matched to the best row still ahead (fuzzy, so typos and missing characters pass),
and the values that follow a matched label belong to that row. Anything that could move a
number into the wrong row stops the values instead: a label that is not recognised, a header
repeated after a page break, a label already passed. Values that no row can claim are
reported as orphans, never given to a neighbour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import regex
from rapidfuzz import fuzz

from gkparse.normalize.text import PUNCT_OR_SPACE, split_labels, split_marker, squeeze
from gkparse.tables.tokens import GLUED, Token
from gkparse.templates import RowSpec

MATCH_THRESHOLD = 75  # rapidfuzz ratio (0–100) a label must reach to name a row
FRAGMENT_MIN_CHARS = 4  # a wrapped fragment must be this long to be recognised alone
NOISE_MAX_CHARS = 2  # shorter unmatched pieces are vertical-text debris ("开", "三")
MARKER_AGREES = 8
MARKER_DISAGREES = -30
TRAILING_GLOSS = regex.compile(r"\([^()]*\)$")


@dataclass(frozen=True)
class Piece:
    """One label inside a token, with its numbering marker split off."""

    marker: str | None
    core: str
    alt_core: str  # core without a trailing parenthetical gloss
    text: str


@dataclass
class RowHit:
    row: RowSpec
    label: str
    page: int | None
    values: list[Token] = field(default_factory=list)
    glued: bool = False
    label_cell: int = -1  # cell position of the label in a separated line
    line: int = -1  # index of the label's line in the region


EventKind = Literal["row", "title", "column", "header"]


@dataclass
class Event:
    kind: EventKind
    key: str
    hit: RowHit | None = None


@dataclass
class Alignment:
    events: list[Event]
    orphans: list[Token]
    unknown: list[str]
    late: list[str] = field(default_factory=list)  # row labels met after the aligner passed their row

    @property
    def hits(self) -> list[RowHit]:
        return [e.hit for e in self.events if e.hit is not None]


def token_pieces(token: Token) -> list[Piece]:
    text = token.text
    if token.kind == "glued":
        m = GLUED.match(text)
        text = m.group("text") if m else text
    pieces = []
    for part in split_labels(text):
        marker, rest = split_marker(part)
        rest = squeeze(rest)
        core = PUNCT_OR_SPACE.sub("", rest)
        alt = PUNCT_OR_SPACE.sub("", TRAILING_GLOSS.sub("", rest))
        pieces.append(Piece(marker, core, alt, squeeze(part)))
    return pieces


def similarity(piece: Piece, core: str) -> float:
    best = 0.0
    for p in {piece.core, piece.alt_core}:
        if not p:
            continue
        if p == core:
            return 100.0
        if len(p) >= FRAGMENT_MIN_CHARS and p in core:
            best = max(best, 85.0)
        best = max(best, fuzz.ratio(p, core))
    return best


def row_score(piece: Piece, row: RowSpec) -> float:
    if not piece.core:
        return 0.0
    if row.marker and not piece.marker and len(piece.core) < FRAGMENT_MIN_CHARS:
        return 0.0  # "其他" or "总计" alone is a header, not 3.其他 or (七)总计
    score = max(similarity(piece, c) for c in row.cores)
    if piece.marker and row.marker:
        score += MARKER_AGREES if piece.marker == row.marker else MARKER_DISAGREES
    elif piece.marker and not row.marker:
        score -= 10
    return score


class Vocabulary:
    """Non-row labels of a table: block titles, column headers, other header text."""

    def __init__(self, entries: Sequence[tuple[str, EventKind, str]], title_prefix: str | None = None):
        self.entries = list(entries)
        self.title_prefix = title_prefix

    def classify(self, piece: Piece) -> tuple[EventKind, str] | None:
        if self.title_prefix and piece.core.startswith(self.title_prefix):
            m = regex.search(r"第\(?([一二三四五六七八九十]+)\)?项", piece.text)
            return ("title", f"({m.group(1)})") if m else ("header", piece.core)
        best: tuple[float, EventKind, str] | None = None
        for core, kind, key in self.entries:
            s = (
                similarity(piece, core)
                if len(piece.core) > NOISE_MAX_CHARS
                else (100.0 if piece.core == core else 0.0)
            )
            if s >= MATCH_THRESHOLD + 10 and (best is None or s > best[0]):
                best = (s, kind, key)
        return (best[1], best[2]) if best else None


def _is_continuation(piece: Piece, hit: RowHit | None, in_note: bool = False) -> bool:
    """The rest of the current row's label, wrapped onto another line or cell: a piece of its
    text, that piece with an appended note (`数量（含逾期不补正）`), or the rest of a note the
    label opened (`（截至12月` / `31日尚在答复期限内）`)."""
    if hit is None or piece.marker:
        return False
    if in_note and ")" in piece.text:
        return True  # only a piece that closes the note: an unclosed one must not swallow a row
    return any(
        len(p) >= 2 and p in core for p in {piece.core, piece.alt_core} for core in hit.row.cores
    )


def _opens_note(text: str, was_open: bool) -> bool:
    """Whether a note (a parenthesis) is still open after this piece of a label."""
    depth = (1 if was_open else 0) + text.count("(") - text.count(")")
    return depth > 0


def _is_group_fragment(piece: Piece, hit: RowHit | None, by_key: dict[str, RowSpec]) -> bool:
    """A piece of a rowspan group label wrapped beside its rows (三、本 / 年度办 / 理结果):
    part of a label of a group the current row belongs to, so it says nothing new."""
    if hit is None or len(piece.core) < 2:
        return False
    parent = hit.row.parent
    while parent is not None and parent in by_key:
        if any(piece.core in core for core in by_key[parent].cores):
            return True
        parent = by_key[parent].parent
    return False


def _is_ancestor(group: RowSpec, row: RowSpec, by_key: dict[str, RowSpec]) -> bool:
    parent = row.parent
    while parent is not None:
        if parent == group.key:
            return True
        parent = by_key[parent].parent if parent in by_key else None
    return False


def align(tokens: Sequence[Token], rows: Sequence[RowSpec], vocabulary: Vocabulary) -> Alignment:
    """Walk the tokens once, matching label pieces to rows ahead of a pointer."""
    events: list[Event] = []
    orphans: list[Token] = []
    unknown: list[str] = []
    late: list[str] = []
    pointer = 0
    last: RowHit | None = None
    open_for_values = False
    pending_marker: str | None = None
    in_note = False  # the last row label opened a note that a following piece closes
    by_key = {r.key: r for r in rows}
    for token in tokens:
        if token.kind in ("value", "blank"):
            if last is not None and open_for_values:
                last.values.append(token)
            elif token.kind == "value":
                orphans.append(token)
            continue
        pieces = token_pieces(token)
        for i, piece in enumerate(pieces):
            if pending_marker and not piece.marker:
                piece = Piece(pending_marker, piece.core, piece.alt_core, pending_marker + piece.text)
            pending_marker = None
            if piece.marker and not piece.core:
                pending_marker = piece.marker
                continue
            if _is_continuation(piece, last, in_note):
                in_note = _opens_note(piece.text, in_note)
                continue
            in_note = False
            header = None if piece.marker else vocabulary.classify(piece)
            if header:
                events.append(Event(header[0], header[1]))
                open_for_values = False
                continue
            best_index, best_score = -1, 0.0
            for index in range(pointer, len(rows)):
                score = row_score(piece, rows[index])
                if score > best_score:
                    best_index, best_score = index, score
            if best_score >= MATCH_THRESHOLD:
                hit = RowHit(rows[best_index], piece.text, token.page, label_cell=token.cell, line=token.line)
                in_note = _opens_note(piece.text, False)
                hit.glued = token.kind == "glued" and i == len(pieces) - 1
                if hit.glued and (digits := GLUED.match(token.text)):
                    # 行政许可3960181: the digits are the row's cells, glued; the solver splits them
                    hit.values.append(
                        Token("value", digits.group("digits"), token.line, token.page, token.cell, run=True)
                    )
                events.append(Event("row", hit.row.key, hit))
                last, pointer, open_for_values = hit, best_index + 1, True
                continue
            stale = [rows[j] for j in range(pointer) if row_score(piece, rows[j]) >= MATCH_THRESHOLD]
            if stale and last is not None and all(_is_ancestor(r, last.row, by_key) for r in stale):
                continue  # a rowspan group label centred beside its rows: not a row of its own
            if not stale and _is_group_fragment(piece, last, by_key):
                continue
            if stale:
                late.append(piece.text)
                open_for_values = False
            elif len(piece.core) > NOISE_MAX_CHARS:
                unknown.append(piece.text)
                open_for_values = False
    return Alignment(events, orphans, unknown, late)
