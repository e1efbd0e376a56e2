"""Damaged inputs: truncated, bytes flipped or zeroed, pieces spliced in. Each one is parsed or
refused with a GkparseError that names the file; no other exception ever leaves gkparse.parse."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import gkparse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SOURCES = {
    "pdf": sorted((FIXTURES / "pdf").glob("*.pdf"))[:4],
    "html": sorted((FIXTURES / "html").glob("*.html")),
    "docx": sorted((FIXTURES / "docx").glob("*.docx")),
    "txt": sorted((FIXTURES / "text").glob("report-*.tsv.txt")),
}
CASES = 40  # per kind, derandomized: the same damage on every run


def damaged(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    how = rng.choice(["truncate", "flip", "zero", "splice"])
    at = rng.randrange(len(out))
    if how == "truncate":
        return bytes(out[:at])
    if how == "flip":
        for _ in range(rng.randint(1, 50)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif how == "zero":
        out[at : at + 4000] = bytes(len(out[at : at + 4000]))
    else:
        start = rng.randrange(len(out))
        out[at:at] = out[start : start + rng.randint(1, 3000)]
    return bytes(out)


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_damaged_inputs_parse_or_fail_with_a_reason(kind, tmp_path):
    assert SOURCES[kind], f"no {kind} fixtures"
    rng = random.Random(kind)
    for case in range(CASES):
        source = rng.choice(SOURCES[kind])
        path = tmp_path / f"case-{case}.{kind}"
        path.write_bytes(damaged(source.read_bytes(), rng))
        try:
            gkparse.parse(path)  # any other exception fails the test
        except gkparse.GkparseError as e:
            assert str(e).startswith(f"{path}: ") and len(str(e)) > len(f"{path}: ")
