from __future__ import annotations

import pytest

import gkparse
from tests.conftest import corpus_file

SEED = corpus_file("dongguan-drc-2019.txt").read_text("utf-8")


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
        lambda s: s.encode("gb18030"),
        lambda s: s.encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "utf16"],
)
def test_encodings_give_identical_cells(encode, tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(encode(SEED))
    report = gkparse.parse(path)
    reference = gkparse.parse(corpus_file("dongguan-drc-2019.txt"))
    assert [(c.table, c.row, c.col, c.value) for c in report.items] == [
        (c.table, c.row, c.col, c.value) for c in reference.items
    ]
    assert report.meta.agency == "东莞市发展和改革局"


def test_crlf_line_endings(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(SEED.replace("\n", "\r\n").encode("utf-8"))
    assert len(gkparse.parse(path).items) == 198


def test_directory_is_refused(tmp_path):
    with pytest.raises(gkparse.InputError) as err:
        gkparse.parse(tmp_path)
    assert str(err.value) == f"{tmp_path}: is a directory, not a report file"


def test_binary_noise_is_not_a_report(tmp_path):
    path = tmp_path / "noise.bin"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(gkparse.InputError):
        gkparse.parse(path)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_damaged_byte_is_replaced_and_its_number_left_out(encoding, tmp_path):
    """A download cut mid-character after a number: the rest of the report is read, the damaged
    row is left out rather than guessed, and a warning says what happened."""
    data = SEED.encode(encoding)
    cut = data.index("其他对外管理服务事项".encode(encoding))
    row_end = data.index(b"\n", cut)
    damaged = data[:row_end] + "国".encode(encoding)[:1] + data[row_end:]  # half a character
    path = tmp_path / "report.txt"
    path.write_bytes(damaged)
    report = gkparse.parse(path)
    reference = gkparse.parse(corpus_file("dongguan-drc-2019.txt"))
    name = encoding.upper()
    assert report.warnings[0] == f"text: 1 byte not valid {name} (a damaged file?) replaced with U+FFFD"
    got = {(c.table, c.row, c.col): c.value for c in report.items}
    want = {(c.table, c.row, c.col): c.value for c in reference.items}
    differ = {k for k, v in want.items() if got.get(k, "missing") != v}
    row = ("administrative_actions", "other_services")
    assert differ == {(*row, c) for c in ("previous", "change", "decisions")}
    assert set(got) == set(want) - differ  # the row is left out, not read with a guess
