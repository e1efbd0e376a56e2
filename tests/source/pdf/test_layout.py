"""Layout on synthetic glyphs: glyphs → lines and cells, ruling lines as cell boundaries,
vertical text, the blank cells of number columns."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gkparse.source.pdf.layout import (
    Glyph,
    HRule,
    Rule,
    fill_blank_number_cells,
    glyphs_to_lines,
)


def _row(text: str, x: float, top: float, size: float = 9.0) -> list[Glyph]:
    return [Glyph(ch, x + i * size, x + (i + 1) * size, top, top + size, size) for i, ch in enumerate(text)]


def test_cells_split_at_gaps_wider_than_a_character():
    glyphs = [*_row("行政许可", 80, 100), *_row("550", 300, 100.6, 10)]
    glyphs += [*_row("情", 80, 130), *_row("形", 93, 130)]  # 4pt apart: one cell
    lines = glyphs_to_lines(glyphs, page=2)
    assert [line.cells for line in lines] == [("行政许可", "550"), ("情 形",)]
    assert {line.page for line in lines} == {2}
    assert not any(line.separated for line in lines)


def test_a_ruling_line_between_glyphs_is_a_cell_boundary():
    # narrow columns: 社会|法律 are 8pt apart (< 1 char); a label touching its cell border
    glyphs = [*_row("社会", 402, 100, 10), *_row("法律", 430, 100, 10)]
    glyphs += [*_row("行政许可", 80, 130), *_row("3960181", 116.5, 130, 5)]
    rules = [Rule(426.5, 90, 125), Rule(116.3, 125, 150)]
    assert [line.cells for line in glyphs_to_lines(glyphs, 1)] == [("社会 法律",), ("行政许可3960181",)]
    assert [line.cells for line in glyphs_to_lines(glyphs, 1, rules)] == [
        ("社会", "法律"),
        ("行政许可", "3960181"),
    ]
    # a rule that does not reach the line does not split it
    assert glyphs_to_lines(glyphs[:4], 1, [Rule(426.5, 120, 150)])[0].cells == ("社会 法律",)


def test_blank_number_cells_are_the_columns_other_rows_print_numbers_in():
    # label columns 60–100 (vertical group label) and 100–200, number columns 200–240–280–320
    rules = [Rule(x, 90, 200) for x in (60, 100, 200, 240, 280, 320)]
    glyphs = [*_row("予以公开", 102, 100), *_row("3", 205, 100), *_row("0", 245, 100), *_row("3", 285, 100)]
    glyphs += [*_row("部分公开", 102, 120), *_row("2", 285, 120)]  # first two counts blank
    glyphs += [*_row("国家秘密", 102, 140)]  # every count blank
    glyphs += [*_row("三", 62, 160), *_row("无法提", 102, 160), *_row("1", 245, 160)]
    glyphs += [*_row("供", 102, 172)]  # the wrapped label's second line
    pages = fill_blank_number_cells([glyphs_to_lines(glyphs, 1, rules)])
    assert [(ln.cells, ln.numbers_from) for ln in pages[0]] == [
        (("予以公开", "3", "0", "3"), 1),
        (("部分公开", "", "", "2"), 1),
        (("国家秘密", "", "", ""), 1),
        (("三", "无法提", "", "1", ""), 2),
        (("供", "", "", ""), 1),
    ]
    # the blank column left of the first number holds no number in any row: a label column
    alone = fill_blank_number_cells([glyphs_to_lines(glyphs[7:16], 1, rules)])
    assert [ln.cells for ln in alone[0]] == [("部分公开", "2"), ("国家秘密",)]


def test_vertical_glyphs_are_cells_of_their_own():
    # a vertical label 4pt left of a row label, its glyphs level with two rows
    vertical = [Glyph(ch, 85, 94, 100 + 10 * i, 109 + 10 * i, 9) for i, ch in enumerate("办理结果")]
    glyphs = [*_row("（三）不予公开", 98, 110), *_row("1", 300, 110), *vertical, *_row("5.属于", 98, 130)]
    cells = [line.cells for line in glyphs_to_lines(glyphs, page=1)]
    assert ("理", "（三）不予公开", "1") in cells
    assert ("果", "5.属于") in cells


def _grid(xs, ys) -> list:
    """Vertical rulings at xs from ys[0] to ys[-1], horizontal ones at ys across them."""
    return [Rule(x, ys[0], ys[-1]) for x in xs] + [HRule(y, xs[0], xs[-1]) for y in ys]


def test_a_number_wrapped_in_a_ruled_cell_is_one_value():
    rules = _grid((100, 200, 240, 280), (90, 120, 150))
    glyphs = [
        *_row("予以公开", 102, 100),
        *_row("13", 211, 95),
        *_row("24", 211, 104.5),
        *_row("5", 255, 100),
    ]
    # the next row's number sits 1.5 pt below the last line of 24's cell, across the ruling
    glyphs += [*_row("部分公开", 102, 130), *_row("0", 215, 130), *_row("1", 255, 130)]
    assert [ln.cells for ln in glyphs_to_lines(glyphs, 1, rules)] == [
        ("予以公开", "1324", "5"),
        ("部分公开", "0", "1"),
    ]
    tight = [
        *_row("行政处罚", 102, 110),
        *_row("12", 211, 110),
        *_row("行政强制", 102, 120.5),
        *_row("3", 215, 120.5),
    ]
    assert [ln.cells for ln in glyphs_to_lines(tight, 1, rules)] == [
        ("行政处罚", "12", ""),
        ("行政强制", "3", ""),
    ]


def test_a_label_wrapped_over_three_lines_of_a_ruled_cell_is_one_cell():
    rules = _grid((60, 200, 240, 280), (90, 126, 150))
    glyphs = [
        *_row("四、结转下年度继续办", 62, 95),
        *_row("理（截至12月31日尚", 62, 104.5),
        *_row("在答复期限内）", 62, 114),
    ]
    glyphs += [*_row("3", 215, 104.5), *_row("45", 250, 104.5)]
    assert [ln.cells for ln in glyphs_to_lines(glyphs, 1, rules)] == [
        ("四、结转下年度继续办理（截至12月31日尚在答复期限内）", "3", "45"),
    ]
    # a group label spanning two rows keeps its lines (its middle is between the rows)
    rules = [*_grid((60, 120, 200, 240), (90, 150)), HRule(120, 120, 240)]
    glyphs = [
        *_row("（三）不", 62, 100),
        *_row("予公开", 62, 125),
        *_row("1.国家", 122, 100),
        *_row("2", 215, 100),
    ]
    glyphs += [*_row("2.法律", 122, 130), *_row("0", 215, 130)]
    assert [ln.cells for ln in glyphs_to_lines(glyphs, 1, rules)] == [
        ("（三）不", "1.国家", "2"),
        ("予公开",),
        ("2.法律", "0"),
    ]


def test_without_rulings_a_number_wraps_only_where_its_row_sits_between_its_lines():
    # 13 over 24 (0.5 pt apart) with the row's other number at their middle: one number
    glyphs = [
        *_row("予以公开", 102, 100),
        *_row("13", 211, 95),
        *_row("24", 211, 104.5),
        *_row("5", 255, 100),
    ]
    assert [ln.cells for ln in glyphs_to_lines(glyphs, 1)] == [("予以公开", "1324", "5")]
    # two rows of a single number column, as close: nothing at their middle, two values
    stacked = [
        *_row("行政处罚", 102, 95),
        *_row("22", 211, 95),
        *_row("行政强制", 102, 104.5),
        *_row("9", 215, 104.5),
    ]
    assert [ln.cells for ln in glyphs_to_lines(stacked, 1)] == [("行政处罚", "22"), ("行政强制", "9")]


LABEL_CHARS = "本年新收政府信息公开申请数量其他处理含申请人撤回逾期不补正等"


@st.composite
def _narrow_table(draw):
    """A ruled table: a label column and narrow number columns whose numbers wrap after
    `fit` digits, cells vertically centred, lines of a cell 1.15 em apart."""
    size, pad = 9.0, 3.0
    width = draw(st.integers(2, 7))
    fits = draw(st.lists(st.integers(1, 4), min_size=width, max_size=width))
    label_fit = draw(st.integers(4, 10))
    rows = draw(
        st.lists(
            st.tuples(
                st.text(LABEL_CHARS, min_size=2, max_size=24),
                st.lists(st.integers(0, 99999), min_size=width, max_size=width),
            ),
            min_size=1,
            max_size=5,
        )
    )
    xs = [60.0, 60.0 + label_fit * size + 2 * pad]
    for fit in fits:
        xs.append(xs[-1] + fit * size * 0.5 + 2 * pad)
    glyphs, y, ys = [], 100.0, [100.0]
    for label, numbers in rows:
        cells = [[label[i : i + label_fit] for i in range(0, len(label), label_fit)]]
        cells += [
            [str(n)[i : i + fit] for i in range(0, len(str(n)), fit)]
            for n, fit in zip(numbers, fits, strict=True)
        ]
        height = max(len(c) for c in cells) * size * 1.15 + 2 * pad
        for column, lines in enumerate(cells):
            top = y + (height - len(lines) * size * 1.15) / 2
            em = size if column == 0 else size * 0.5
            for k, text in enumerate(lines):
                left = xs[column] + pad if column == 0 else (xs[column] + xs[column + 1] - len(text) * em) / 2
                glyphs += [
                    Glyph(
                        ch,
                        left + i * em,
                        left + (i + 1) * em,
                        top + k * size * 1.15,
                        top + k * size * 1.15 + size,
                        size,
                    )
                    for i, ch in enumerate(text)
                ]
        y += height
        ys.append(y)
    rules = [Rule(x, ys[0], ys[-1]) for x in xs] + [HRule(v, xs[0], xs[-1]) for v in ys]
    return glyphs, rules, [(label, *map(str, numbers)) for label, numbers in rows]


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(_narrow_table())
def test_numbers_and_labels_wrapped_in_narrow_ruled_cells_come_out_whole(table):
    """Long numbers rendered into narrow ruled columns (and labels into a narrow label column)
    wrap over several lines: each row is one line of whole cells, never a digit in a neighbour."""
    glyphs, rules, rows = table
    assert [ln.cells for ln in glyphs_to_lines(glyphs, 1, rules)] == rows



PARAGRAPH = (
    "本机关严格按照《条例》要求，",
    "认真做好依申请公开工作。全年",
    "未发生因信息公开引起的行政复",
    "议和行政诉讼。",
)


def test_a_frame_around_prose_keeps_its_lines_and_a_wide_label_beside_numbers_is_joined():
    """A boxed paragraph (a 说明 cell beside it, no number in its row) stays as printed lines;
    a label cell as wide, wrapped over two lines beside a number cell, is one cell."""
    rules = _grid((60, 100, 400), (90, 150))
    glyphs = [*_row("说明", 62, 115)]
    for k, line in enumerate(PARAGRAPH):
        glyphs += _row(line, 102, 95 + 12 * k)
    assert [ln.cells for ln in glyphs_to_lines(glyphs, 1, rules)] == [
        (PARAGRAPH[0],), (PARAGRAPH[1],), ("说明", PARAGRAPH[2]), (PARAGRAPH[3],),
    ]
    # long lines without a sentence end: running text as well
    plain = [line.rstrip("。，") for line in PARAGRAPH[:2]]
    glyphs = [g for k, line in enumerate(plain) for g in _row(line + "相关", 102, 100 + 12 * k)]
    lines = [ln.cells for ln in glyphs_to_lines(glyphs, 1, rules)]
    assert lines == [(plain[0] + "相关",), (plain[1] + "相关",)]
    rules = _grid((60, 380, 400), (90, 126))
    glyphs = [*_row("四、结转下年度继续办理", 62, 95), *_row("（截至12月31日）", 62, 107)]
    glyphs += _row("7", 388, 101)
    assert [ln.cells for ln in glyphs_to_lines(glyphs, 1, rules)] == [
        ("四、结转下年度继续办理（截至12月31日）", "7"),
    ]


def test_a_label_wrapped_over_six_lines_beside_its_numbers_is_one_cell():
    """21 characters in a label cell 4 wide (six lines), two one-digit cells centred beside them."""
    lines = ["不不不不"] * 5 + ["不"]
    rules = _grid((60, 102, 112.5, 123), (100, 168.1))
    glyphs = [g for k, text in enumerate(lines) for g in _row(text, 63, 103 + 10.35 * k)]
    glyphs += [*_row("0", 105, 128.9, 4.5), *_row("0", 115.5, 128.9, 4.5)]
    assert [ln.cells for ln in glyphs_to_lines(glyphs, 1, rules)] == [("不" * 21, "0", "0")]
