"""Placing a row's numbers in its columns: by count, or by position where blanks are not printed."""

from __future__ import annotations

from gkparse.tables.cells import _clusters, place_by_position
from gkparse.tables.tokens import Token

COLUMNS = [200.0, 240.0, 280.0, 320.0]  # centres of 4 number columns


def number(text: str, centre: float, width: float = 5.0) -> Token:
    return Token("value", text, line=0, page=1, x=(centre - width / 2, centre + width / 2))


def test_numbers_go_to_the_column_they_sit_under():
    placed = place_by_position([number("3", 241), number("12", 319, 10)], COLUMNS)
    assert [(t.kind, t.text) for t in placed] == [
        ("blank", ""), ("value", "3"), ("blank", ""), ("value", "12"),
    ]


def test_a_number_between_two_columns_leaves_the_row_out():
    assert place_by_position([number("3", 255)], COLUMNS) is None  # 15 pt off, gap 40: > 0.3 × 40


def test_two_numbers_under_one_column_leave_the_row_out():
    assert place_by_position([number("3", 240), number("4", 243)], COLUMNS) is None


def test_numbers_without_positions_or_filling_the_row_are_not_placed():
    unplaced = Token("value", "3", line=0, page=1)
    assert place_by_position([unplaced], COLUMNS) is None
    assert place_by_position([number(str(i), c) for i, c in enumerate(COLUMNS)], COLUMNS) is None
    assert place_by_position([number("3", 240)], None) is None


def test_columns_are_the_groups_numbers_form_one_under_the_other():
    tokens = [number("1", 200.2), number("10", 199.8, 10), number("7", 281), number("0", 240)]
    tokens.append(number("5", 279))
    assert _clusters(tokens) == [200.0, 240.0, 280.0]
