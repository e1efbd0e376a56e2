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
