"""Placing a row's numbers by where they sit, when its blank cells are not printed."""

from __future__ import annotations

from gkparse.document import Line
from gkparse.tables.positions import Columns, _from_groups, _scored, agree, header_columns, place_by_position
from gkparse.tables.tokens import Token
from gkparse.templates import templates

CENTRED = Columns("centre", (200.0, 240.0, 280.0, 320.0), 0)


def number(text: str, centre: float, width: float = 5.0, line: int = 0) -> Token:
    return Token("value", text, line=line, page=1, x=(centre - width / 2, centre + width / 2))


def right_aligned(text: str, right: float) -> Token:
    return Token("value", text, line=0, page=1, x=(right - 5.0 * len(text), right))


def test_numbers_go_to_the_column_they_sit_under():
    placed = place_by_position([number("3", 241), number("12", 319, 10)], CENTRED)
    assert [(t.kind, t.text) for t in placed] == [
        ("blank", ""),
        ("value", "3"),
        ("blank", ""),
        ("value", "12"),
    ]


def test_a_number_between_two_columns_leaves_the_row_out():
    assert place_by_position([number("3", 255)], CENTRED) is None  # 15 pt off, gap 40: > 0.3 × 40


def test_two_numbers_under_one_column_leave_the_row_out():
    assert place_by_position([number("3", 240), number("4", 243)], CENTRED) is None


def test_numbers_without_positions_or_filling_the_row_are_not_placed():
    unplaced = Token("value", "3", line=0, page=1)
    assert place_by_position([unplaced], CENTRED) is None
    assert place_by_position([number(str(i), c) for i, c in enumerate(CENTRED.positions)], CENTRED) is None
    assert place_by_position([number("3", 240)], None) is None


def test_columns_are_the_groups_numbers_form_one_under_the_other():
    tokens = [number("1", 200.2), number("10", 199.8, 10), number("7", 281), number("0", 240)]
    tokens.append(number("5", 279))
    assert _from_groups(tokens, "centre", 3) == Columns("centre", (200.0, 240.0, 280.0), 0)
    assert _from_groups(tokens, "centre", 4) is None  # 3 groups for 4 columns: no guess


def test_right_aligned_columns_line_up_by_their_right_edge():
    # 1, 1234 and 56 right-aligned at 250 and 300: their centres differ by up to 7.5 pt
    printed = (("1", 250), ("1234", 250), ("56", 300), ("7", 300))
    tokens = [right_aligned(text, right) for text, right in printed]
    by_edge = {
        edge: _scored(c, tokens)
        for edge in ("left", "centre", "right")
        if (c := _from_groups(tokens, edge, 2)) is not None
    }
    assert min(by_edge.values(), key=lambda c: c.spread) == Columns("right", (250.0, 300.0), 0.0)
    placed = place_by_position([right_aligned("99", 300)], by_edge["right"])
    assert [t.text for t in placed] == ["", "99"]


def test_groups_that_never_share_a_line_may_be_one_column():
    # right-aligned at 250: "1" centres at 247.5, "123456" at 235: two groups by centre, never on
    # one line; beside a column that prints nothing they would pass for two columns
    tokens = [
        number("1", 247.5, line=0),
        number("123456", 235, 30, line=1),
        number("5", 300, line=0),
        number("6", 300, line=1),
    ]
    assert len({round(t.x[0] + t.x[1]) for t in tokens[:2]}) == 2  # the centres 12.5 pt apart
    assert _from_groups(tokens, "centre", 3) is None
    groups = _from_groups(tokens[:1] + tokens[2:3] + [number("7", 235, line=0)], "centre", 3)
    assert groups == Columns("centre", (235.0, 247.5, 300.0), 0)  # the same groups sharing a line
    assert _from_groups(tokens, "right", 2) == Columns("right", (250.0, 302.5), 0)


def _header_line(*words: tuple[str, float, float]) -> Line:
    """A borderless header line: each word its own cell (text, x0, x1)."""
    return Line(tuple(w[0] for w in words), 1, False, words=tuple((w,) for w in words))


def test_header_labels_place_the_columns_also_wrapped_or_vertical():
    columns = templates().requests_columns
    lines = [
        _header_line(("申请人情况", 420, 470)),
        _header_line(("法人或其他组织", 410, 480)),
        # 自然人 wrapped, 商业企业 and 科研机构 as vertical text (a glyph a line), the others wrapped
        _header_line(
            ("自然", 340, 358),
            ("商", 370, 379),
            ("科", 390, 399),
            ("社会公益组", 405, 450),
            ("法律服务机", 460, 505),
            ("其", 512, 521),
            ("总计", 530, 548),
        ),
        _header_line(
            ("人", 345, 354),
            ("业", 370, 379),
            ("研", 390, 399),
            ("织", 423, 432),
            ("构", 478, 487),
            ("他", 512, 521),
        ),
        _header_line(("企", 370, 379), ("机", 390, 399)),
        _header_line(("业", 370, 379), ("构", 390, 399)),
        Line(
            ("一、本年新收政府信息公开申请数量", "3", "5"),
            1,
            False,
            spans=((120, 260), (347, 352), (537, 542)),
        ),
    ]
    header = header_columns(lines, columns, before=6)
    assert header is not None and header.edge == "centre"
    assert [round(x, 1) for x in header.positions] == [349.0, 374.5, 394.5, 427.5, 482.5, 516.5, 539.0]
    # a label that matches no column, or two columns' labels run together, says nothing
    merged = [*lines[:2], _header_line(("自然人", 340, 358), ("其他总计", 512, 548))]
    assert header_columns(merged, columns, before=3) is None


def test_rows_and_header_must_agree_on_the_columns():
    header = Columns("centre", (100.0, 150.0, 200.0), 0)
    assert agree(Columns("right", (110.0, 160.0, 210.0), 0), header)
    assert not agree(Columns("centre", (100.0, 180.0, 200.0), 0), header)  # the middle one is nearer 200
    assert not agree(Columns("centre", (100.0, 150.0), 0), header)
