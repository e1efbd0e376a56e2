"""Split glued digits into cells by the format's own arithmetic (勾稽关系).

Text that lost its cell separators prints a row as one digit run: `713000074` is 71, 3, 0, 0,
0, 0, 74 — or is it 7, 13, …? A run is split only when exactly one split satisfies every rule
the format holds that row to: the row width, no leading zeros, whole numbers where the column
counts, the row total (R2, R4–R6), and, looking at the whole table at once, the column totals
(R3, group subtotals) and the balance (R1) (`formats/rules.yaml`, the same rules the checks
test). A split that two readings satisfy is never guessed: the row is left out, with a warning.
The search is bounded; a row whose readings exceed the bound is left out too.

Every cell found this way has provenance `split_by_rules`, a warning names the rules that
decided its row, and the checks of those rules are marked `used_to_split`: they passed
because the solver made them pass, which is no evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from gkparse.models import Cell, ReportWarning
from gkparse.normalize.values import parse_value
from gkparse.tables.tokens import Token
from gkparse.templates import ColumnSpec, Templates

SEGMENT_NODES = 20_000  # DFS steps one row's readings may take
PROBE_NODES = 2_000  # …and counting its readings by the row width alone
TABLE_SEGMENT_NODES = 30_000  # the steps all rows of one table may take together
TABLE_NODES = 40_000  # steps the whole-table search may take
MAX_OPTIONS = 64  # readings of one row kept for the whole-table search
# a request or appeal count split out of glued digits is below a million (no agency receives
# that many); section 二's counts (traffic penalties, licences) may be larger
MAX_COUNT_DIGITS = {"requests": 6, "review_litigation": 6}
WHOLE = regex.compile(r"^(?:0|[1-9]\d*)$")
DECIMAL = regex.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")
SIGN = regex.compile(r"^[减增+\-−](?=\d)")
NULL_CHARS = regex.compile(r"[—－–/无空]|(?<!^)-")  # a blank printed as a mark, inside glued digits
NULL_CELL = regex.compile(r"^(?:[—－–]+|-|/|无|空)$")  # printed for a blank

Key = tuple[str, str]  # (row, col)


@dataclass
class Segment:
    """The printed cells of one row — or of table 四's one data line — to be placed in `slots`."""

    table: str
    row: str  # the row key, for warnings (table 四: its first group)
    label: str
    slots: list[tuple[str, ColumnSpec, str]]  # (row key, column, cell label)
    tokens: list[Token]
    options: list[tuple[str, ...]] = field(default_factory=list)
    # a blank cell printed nothing (text without separators): any slot may be blank
    hidden_blanks: bool = False
    free: int = 0  # readings by the row width alone (capped at 2)
    bounded: bool = False  # the search hit its bound

    @property
    def rows(self) -> list[str]:
        return list(dict.fromkeys(row for row, _, _ in self.slots))

    def cell_keys(self) -> list[Key]:
        return [(row, col.key) for row, col, _ in self.slots]


def _capacity(segment: Segment) -> int:
    """The most cells the segment's printed tokens can fill."""
    return sum(len(tok.text) if tok.run else 1 for tok in segment.tokens)


def blanks_print_nothing(tokens: Sequence[Token]) -> bool:
    """Digits with no cell separators around them (a re-cut page, pdftotext, a label glued to its
    numbers in plain text): a blank cell there left no trace, so any cell may be blank."""
    return not any(tok.kind == "blank" or tok.cell >= 0 for tok in tokens)


@dataclass(frozen=True)
class Constraint:
    """Σ plus = Σ minus over cells; `rule` and `subject` name the check it comes from."""

    rule: str
    subject: str
    plus: tuple[Key, ...]
    minus: tuple[Key, ...]

    def terms(self) -> tuple[Key, ...]:
        return self.plus + self.minus


@dataclass
class Solution:
    cells: list[Cell]
    warnings: list[str]
    used: set[tuple[str, str]]  # (rule, subject) of the checks the splits relied on


class Budget:
    """DFS steps left; every cut tried counts, also the ones inside one long run of digits."""

    def __init__(self, steps: int):
        self.left = steps

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _pieces(
    text: str, count: int, col_of: Sequence[ColumnSpec], cap: int | None, budget: Budget
) -> Iterable[list[str]]:
    """Every way to cut `text` into `count` cells valid for the columns `col_of`."""
    if count == 1:
        if _valid(text, col_of[0], cap):
            yield [text]
        return
    for cut in range(1, len(text) - count + 2):
        if not budget.spend():
            return
        head = text[:cut]
        if not _valid(head, col_of[0], cap):
            if head[0] == "0" and head != "0" and head[1:2] != ".":
                return  # a leading zero: no longer head is valid either
            continue
        for rest in _pieces(text[cut:], count - 1, col_of[1:], cap, budget):
            yield [head, *rest]


@lru_cache(maxsize=65536)
def _valid(text: str, col: ColumnSpec, cap: int | None = None) -> bool:
    if NULL_CELL.match(text):
        return True
    digits = SIGN.sub("", text) if col.signed else text
    if cap and not (col.unit or col.decimal) and len(digits) > cap:
        return False  # no agency counts a million requests or documents: such a cell is two
    if col.unit or col.decimal:
        for unit in ("万元", "元"):
            digits = digits.removesuffix(unit)
    return bool((DECIMAL if col.decimal else WHOLE).match(digits))


@lru_cache(maxsize=65536)
def _parse(text: str, unit: str | None):
    return parse_value(text, unit)


def _reading(text: str | None, col: ColumnSpec) -> float | None:
    if not text or NULL_CELL.match(text):
        return None
    parsed = _parse(text, col.unit)
    return parsed.value if parsed else None


def _agrees(c: Constraint, get) -> bool:
    """The rule holds, or does not apply: as in the checks, a blank total (or a side printed all
    blank) leaves a rule unverifiable, and a blank part counts 0."""
    plus, minus = [get(k) for k in c.plus], [get(k) for k in c.minus]
    if all(v is None for v in plus) or all(v is None for v in minus):
        return True
    return abs(sum(v or 0 for v in plus) - sum(v or 0 for v in minus)) <= 0.005


def _readings(
    segment: Segment,
    checks: list[Constraint],
    fixed: dict[Key, float],
    max_options: int = MAX_OPTIONS,
    budget: int = SEGMENT_NODES,
) -> int:
    """Fill `segment.options` with the readings that pass `checks`; returns the DFS steps taken.

    The cells are filled from the right: a row's total comes before its parts, so no partial
    sum of parts may exceed it (every counted cell is ≥ 0), which prunes most splits early.
    """
    keys = segment.cell_keys()
    n = len(keys)
    index_of = {k: i for i, k in enumerate(keys)}
    due: dict[int, list[Constraint]] = {}  # by the lowest slot of the segment it involves
    for c in checks:
        due.setdefault(min(index_of[k] for k in c.terms() if k in index_of), []).append(c)
    # sums whose total is one cell of this segment: parts so far may not exceed it
    bounded = [
        (index_of[c.plus[0]], [index_of[k] for k in c.minus if k in index_of],
         sum(fixed.get(k) or 0 for k in c.minus if k not in index_of))
        for c in checks
        if len(c.plus) == 1 and c.plus[0] in index_of
    ]
    cols = [col for _, col, _ in segment.slots]
    cap = MAX_COUNT_DIGITS.get(segment.table)
    spent = Budget(budget)
    tokens: list[Token] = []  # the variant being searched (see below)
    values: list[float | None] = [None] * n
    texts: list[str | None] = [None] * n
    seen: set[tuple[float | None, ...]] = set()

    def get(k: Key) -> float | None:
        return values[index_of[k]] if k in index_of else fixed.get(k)

    def holds(low: int, high: int) -> bool:
        """Slots low..high-1 were just filled (all slots ≥ low are filled)."""
        for position in range(low, high):
            for c in due.get(position, ()):
                if not _agrees(c, get):
                    return False
        for total_at, parts, outside in bounded:
            if total_at >= low and values[total_at] is not None:
                filled = sum(values[p] or 0 for p in parts if p >= low)
                if filled + outside > (values[total_at] or 0) + 0.005:
                    return False
        return True

    def _moves(t: int, s: int, room: int) -> Iterable[tuple[list[str | None], int]]:
        """(the cells filled, tokens consumed), lazily: a long run has very many splits."""
        if segment.hidden_blanks and s < n:
            yield [None], 0  # this cell printed nothing
        if t < len(tokens) and room >= 1:
            for cut in _cuts_right(tokens[len(tokens) - 1 - t], cols[: n - s], room, cap, spent):
                yield cut, 1

    def walk(t: int, s: int) -> bool:
        """`t` tokens and `s` cells are placed, counted from the right end."""
        if not spent.spend():
            return False
        if t == len(tokens) and (s == n or not segment.hidden_blanks):
            reading = tuple(values)
            if s == n and reading not in seen:  # — and —— are one blank: one reading
                seen.add(reading)
                segment.options.append(tuple(x or "" for x in texts))
            return len(segment.options) < max_options
        room = n - s - (len(tokens) - t - 1)
        for cut, consumed in _moves(t, s, room):
            if not spent.spend():  # every split tried counts against the bound
                return False
            low, high = n - s - len(cut), n - s
            for i, text in enumerate(cut):
                values[low + i] = _reading(text, cols[low + i])
                texts[low + i] = text
            go_on = walk(t + consumed, s + len(cut)) if holds(low, high) else True
            for i in range(low, high):
                values[i] = texts[i] = None
            if not go_on:
                return False
        return True

    # a separated line's blank cells at its ends may be cells, or separators (a trailing tab):
    # the readings of both count, so a row that either could be is ambiguous
    for variant in _token_variants(segment.tokens):
        tokens[:] = variant
        if not walk(0, 0):
            break
    return budget - spent.left  # over `budget` when the bound was hit


def _token_variants(tokens: Sequence[Token]) -> list[Sequence[Token]]:
    trimmed = list(tokens)
    while trimmed and trimmed[0].kind == "blank":
        trimmed.pop(0)
    while trimmed and trimmed[-1].kind == "blank":
        trimmed.pop()
    return [tokens] if len(trimmed) == len(tokens) else [tokens, trimmed]


def _cuts_right(
    token: Token, cols: Sequence[ColumnSpec], room: int, cap: int | None, budget: Budget
) -> Iterable[list[str | None]]:
    """The ways one printed token can fill the last cells of `cols` (`room` of them at most)."""
    if token.kind == "blank":
        yield [None]
    elif not token.run:
        yield [token.text]
    else:
        for width in range(1, min(len(token.text), room) + 1):
            yield from _pieces(token.text, width, cols[len(cols) - width :], cap, budget)


def constraints(table: str, present: set[Key], fmt: str | None, t: Templates) -> list[Constraint]:
    """The equality rules of `table` (rules.yaml) over the cells that are there."""
    rows = list(dict.fromkeys(r for r, _ in present))
    cols = list(dict.fromkeys(c for _, c in present))
    out: list[Constraint] = []

    def children(group: str) -> list[str]:
        return [r.key for r in t.requests_rows if r.parent == group and (fmt is None or fmt in r.formats)]

    def expand(part: str, col: str) -> list[Key] | None:
        if not part.startswith("group:"):
            return [(part, col)] if (part, col) in present else None
        group = part.removeprefix("group:")
        kids = [(k, col) for k in children(group)]
        printed = [k for k in kids if k in present]
        if not printed:
            return [(group, col)] if (group, col) in present else []
        return printed if len(printed) == len(kids) else None

    for rule in t.rules:
        if rule["table"] != table:
            continue
        name = f"{table}.{rule['name']}"
        kind = rule["kind"]
        if kind == "sum" and rule["each"] == "row":
            for row in rule.get("rows") or rows:
                keys = [(row, p) for p in rule["parts"]]
                if (row, rule["total"]) in present and all(k in present for k in keys):
                    out.append(Constraint(name, row, ((row, rule["total"]),), tuple(keys)))
        elif kind == "sum":
            for col in cols:
                parts = [expand(p, col) for p in rule["parts"]]
                if (rule["total"], col) in present and all(p is not None for p in parts):
                    minus = tuple(k for p in parts for k in p or ())
                    out.append(Constraint(name, col, ((rule["total"], col),), minus))
        elif kind == "balance":
            for col in cols:
                left, right = [(r, col) for r in rule["left"]], [(r, col) for r in rule["right"]]
                if all(k in present for k in left + right):
                    out.append(Constraint(name, col, tuple(left), tuple(right)))
        elif kind == "group_subtotal":
            for group in rule["groups"]:
                for col in cols:
                    kids = [(k, col) for k in children(group)]
                    if (group, col) in present and kids and all(k in present for k in kids):
                        out.append(Constraint(name, f"{group}/{col}", ((group, col),), tuple(kids)))
    return out


RULE_NAMES = {
    "row_total": "the row total (R2)",
    "results_total": "the column totals (R3)",
    "balance": "the balance (R1)",
    "group_subtotal": "the group subtotals",
    "review_total": "the 行政复议 total (R4)",
    "litigation_direct_total": "the 未经复议直接起诉 total (R5)",
    "litigation_after_review_total": "the 复议后起诉 total (R6)",
}


def _describe(rules: Iterable[str]) -> str:
    names = sorted({RULE_NAMES.get(r.split(".", 1)[1], r) for r in rules})
    return " and ".join(names) if names else "the row width"


def solve(
    segments: Sequence[Segment], fixed_cells: Sequence[Cell], fmt: str | None, t: Templates
) -> Solution:
    """Place every segment's glued digits, or leave it out; one table at a time."""
    solution = Solution([], [], set())
    if not segments:
        return solution
    table = segments[0].table
    arithmetic = table == "requests"  # a row total and column totals over 25 rows
    marks_blanks = any(NULL_CHARS.search(tok.text) for s in segments for tok in s.tokens if tok.run)
    short = any(s.hidden_blanks and _capacity(s) < len(s.slots) for s in segments)
    if arithmetic and not short and not marks_blanks:
        # every glued row has digits enough for all its cells and no blank is printed as a dash:
        # this table prints 0 for nothing rather than leaving cells empty, so no cell is taken to
        # have vanished (a table that prints some blanks may leave others empty; a vanished
        # blank would, but for chance, break the row total). Section 二 has no arithmetic to
        # catch one, and table 四 only three row totals: there any cell may have vanished
        for s in segments:
            s.hidden_blanks = False
    fixed: dict[Key, float | None] = {(c.row, c.col): c.value for c in fixed_cells if c.table == table}
    # a cell left blank in print (None) counts 0 in a sum, as in the checks
    present = set(fixed) | {k for s in segments for k in s.cell_keys()}
    rules = constraints(table, present, fmt, t)
    owner = {k: s_index for s_index, s in enumerate(segments) for k in s.cell_keys()}
    local: dict[int, list[Constraint]] = {}
    shared: list[Constraint] = []
    for c in rules:
        owners = {owner[k] for k in c.terms() if k in owner}
        if len(owners) == 1:
            local.setdefault(owners.pop(), []).append(c)
        elif owners:
            shared.append(c)
    remaining = TABLE_SEGMENT_NODES  # shared by the table's rows, so a table's search is bounded
    for index, segment in enumerate(segments):
        probe = Segment(segment.table, segment.row, segment.label, segment.slots, segment.tokens,
                        hidden_blanks=segment.hidden_blanks)
        remaining -= _readings(probe, [], fixed, max_options=2, budget=PROBE_NODES)
        segment.free = min(len(probe.options), 2)
        budget = max(0, min(SEGMENT_NODES, remaining))
        steps = _readings(segment, local.get(index, []), fixed, budget=budget)
        remaining -= steps
        segment.bounded = steps > budget or len(segment.options) >= MAX_OPTIONS
    chosen = _whole_table(segments, shared, fixed)
    for index, segment in enumerate(segments):
        used_local = [c for c in local.get(index, [])] if segment.free > 1 else []
        pick = chosen.get(index)
        rows = segment.rows
        where = f"{table}: {'row' if len(rows) == 1 else 'rows'} {', '.join(rows)} ({segment.label})"
        row_key = rows[0] if len(rows) == 1 else None
        digits = " ".join(tok.text for tok in segment.tokens if tok.kind == "value")
        if pick is None:
            if segment.bounded:
                reason = "more readings than the search may try"
            elif not segment.options:
                reason = (
                    f"no split satisfies {_describe(c.rule for c in local.get(index, []))}"
                    if segment.free else f"the digits fit no split into {len(segment.slots)} columns"
                )
            else:
                rules_text = _describe(c.rule for c in local.get(index, []))
                reason = f"{len(segment.options)} splits satisfy {rules_text}"
                if any(owner.get(k) == index for c in shared for k in c.terms()):
                    reason += " and the column rules"
            solution.warnings.append(ReportWarning(
                f"{where}: glued digits '{digits}' cannot be split with certainty ({reason}); row left out",
                code="glued_ambiguous", table=table, row=row_key,
            ))
            continue
        option, used_shared = pick
        split = len(segment.tokens) < len(segment.slots)
        used = used_local + used_shared
        for (row, col, label), text in zip(segment.slots, option, strict=True):
            solution.cells.append(Cell(
                table=table, row=row, col=col.key, value=_reading(text, col), raw=text or "",
                page=segment.tokens[0].page, label=label,
                provenance="split_by_rules" if split else "printed",
            ))
        runs = [tok.text for tok in segment.tokens if tok.run]
        if not split and (any(len(r) > 1 for r in runs) or len(segment.tokens) == 1):
            solution.warnings.append(ReportWarning(
                f"{where}: glued digits '{digits}' read as {len(segment.slots)} cell(s), one per printed "
                "number: the row width leaves no other reading",
                code="glued_read", table=table, row=row_key,
            ))
        if split:
            solution.used |= {(c.rule, c.subject) for c in used}
            solution.warnings.append(ReportWarning(
                f"{where}: glued digits '{digits}' split by {_describe(c.rule for c in used)} into "
                f"{', '.join(x or '·' for x in option)}",
                code="split_by_rules", table=table, row=row_key,
            ))
    return solution


def _whole_table(
    segments: Sequence[Segment], shared: list[Constraint], fixed: dict[Key, float]
) -> dict[int, tuple[tuple[str, ...], list[Constraint]]]:
    """The reading of each segment that every solution of the whole table agrees on.

    Segments with one reading keep it (their own rules decided). The others are searched
    together against the rules they share; a segment with no reading drops out, and so do the
    rules that need it.
    """
    decided: dict[int, tuple[tuple[str, ...], list[Constraint]]] = {}
    open_ = [i for i, s in enumerate(segments) if len(s.options) > 1 and not s.bounded]
    for i, s in enumerate(segments):
        if len(s.options) == 1 and not s.bounded:
            decided[i] = (s.options[0], [])
    if not open_:
        return decided
    values: dict[Key, float | None] = dict(fixed)
    for i, (option, _) in decided.items():
        for (row, col, _), text in zip(segments[i].slots, option, strict=True):
            values[(row, col.key)] = _reading(text or None, col)
    left_out = [s for i, s in enumerate(segments) if i not in decided and i not in open_]
    out_keys = {k for s in left_out for k in s.cell_keys()}
    usable = [c for c in shared if not any(k in out_keys for k in c.terms())]
    open_keys = {k for i in open_ for k in segments[i].cell_keys()}
    relevant = [c for c in usable if any(k in open_keys for k in c.terms())]
    if not relevant:
        return decided
    position = {k: n for n, i in enumerate(open_) for k in segments[i].cell_keys()}
    due: dict[int, list[Constraint]] = {}
    for c in relevant:
        last = max((position[k] for k in c.terms() if k in position), default=-1)
        due.setdefault(last, []).append(c)
    seen: list[set[tuple[str, ...]]] = [set() for _ in open_]
    steps = 0
    stack: list[tuple[str, ...]] = []

    def walk(n: int) -> bool:
        nonlocal steps
        if n == len(open_):
            for m, option in enumerate(stack):
                seen[m].add(option)
            return not all(len(x) > 1 for x in seen)  # every segment already ambiguous: stop
        segment = segments[open_[n]]
        for option in segment.options:
            steps += 1
            if steps > TABLE_NODES:
                return False
            for (row, col, _), text in zip(segment.slots, option, strict=True):
                values[(row, col.key)] = _reading(text or None, col)
            if all(_agrees(c, values.get) for c in due.get(n, ())):
                stack.append(option)
                go_on = walk(n + 1)
                stack.pop()
                if not go_on:
                    return False
        return True

    walk(0)
    if steps > TABLE_NODES:
        return decided  # bound reached: nothing more is certain
    for n, i in enumerate(open_):
        if len(seen[n]) == 1:
            keys = set(segments[i].cell_keys())
            used = [c for c in relevant if keys & set(c.terms())]
            decided[i] = (next(iter(seen[n])), used)
    return decided


@dataclass(frozen=True)
class Uncertain:
    """An OCR number below the confidence bar, held back from its row (`cells.row_cells`)."""

    table: str
    row: str
    label: str
    col: ColumnSpec
    token: Token

    @property
    def key(self) -> Key:
        return (self.row, self.col.key)


def readings_of(text: str, col: ColumnSpec, lookalikes: dict[str, str]) -> set[float]:
    """The values an uncertain OCR number may stand for: as read, or with one digit swapped for
    a look-alike (3/8, 1/7, 0/6/8, 5/6; formats/ocr.yaml)."""
    texts = {text}
    for i, ch in enumerate(text):
        texts |= {text[:i] + other + text[i + 1 :] for other in lookalikes.get(ch, "")}
    values = set()
    for candidate in texts:
        if _valid(candidate, col) and not NULL_CELL.match(candidate):
            value = _reading(candidate, col)
            if value is not None:
                values.add(value)
    return values


def confirm(
    uncertain: Sequence[Uncertain], cells: Sequence[Cell], fmt: str | None, t: Templates,
    lookalikes: dict[str, str],
) -> tuple[Solution, list[Uncertain]]:
    """Uncertain OCR numbers that the format's arithmetic confirms, and the rest.

    A cell is confirmed when the rules that hold it (the same equalities the solver uses) pin
    its value, every other cell of those rules is certain (printed or read confidently, none
    itself uncertain, absent or split by rules), the rules agree, and the value is one of the
    cell's readings (`readings_of`). Each uncertain cell is decided on its own: a confirmed cell
    never confirms another. The checks used are marked `used_to_split`."""
    solution = Solution([], [], set())
    rest = []
    # cells the solver split by the same rules are no evidence for them
    known = {(c.row, c.col): c.value for c in cells if c.provenance != "split_by_rules"}
    held = {u.key for u in uncertain}
    for item in uncertain:
        present = set(known) | {item.key}
        rules = [c for c in constraints(item.table, present, fmt, t)
                 if item.key in c.terms() and c.terms().count(item.key) == 1
                 and not (held - {item.key}) & set(c.terms())]
        implied = set()
        used = []
        for c in rules:
            inside, outside = (c.plus, c.minus) if item.key in c.plus else (c.minus, c.plus)
            if all(known[k] is None for k in outside):
                continue  # a blank side: the check does not apply, so it pins nothing
            total = sum(known[k] or 0 for k in outside) - sum(known[k] or 0 for k in inside if k != item.key)
            implied.add(round(total, 6))
            used.append(c)
        candidates = readings_of(item.token.text, item.col, lookalikes)
        if len(implied) != 1 or next(iter(implied)) not in {round(v, 6) for v in candidates}:
            rest.append(item)
            continue
        value = next(v for v in candidates if round(v, 6) in implied)
        x0, top, x1, bottom = item.token.box or (None, None, None, None)
        solution.cells.append(Cell(
            table=item.table, row=item.row, col=item.col.key, value=value, raw=item.token.text,
            page=item.token.page, label=item.label, x0=x0, top=top, x1=x1, bottom=bottom,
            provenance="ocr", confidence=item.token.confidence,
        ))
        solution.used |= {(c.rule, c.subject) for c in used}
        shown = int(value) if float(value).is_integer() else value
        solution.warnings.append(ReportWarning(
            f"{item.table}: row {item.row} ({item.label}): OCR read {item.col.key} "
            f"({item.token.text!r} at {item.token.confidence:.2f}) with low confidence; "
            f"confirmed as {shown} by {_describe(c.rule for c in used)}",
            code="ocr_confirmed_by_rules", table=item.table, row=item.row,
        ))
    return solution, rest
