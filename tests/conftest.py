"""Shared test paths. The real reports are read in place from ../shared/corpus/real."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Every property test is derandomized and bounded; on a loaded 2-core CI machine generating an
# example can take longer than hypothesis' health-check bar, which says nothing about the code.
settings.register_profile(
    "gkparse", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile("gkparse")

# the round-trip property suites: derandomized (CI sees the same cases every run), 500 by default
ROUNDTRIP_EXAMPLES = int(os.environ.get("GKPARSE_ROUNDTRIP_EXAMPLES", "500"))
roundtrip = settings(max_examples=ROUNDTRIP_EXAMPLES, derandomize=True, database=None)

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "real"
GOLDENS = REPO / "tests" / "goldens"


def load_golden(name: str) -> dict:
    return json.loads((GOLDENS / f"{name}.json").read_text("utf-8"))


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.fail(f"corpus file missing: {path} (tests read ../shared/corpus/real in place)")
    return path


def cell_map(cells) -> dict:
    """(table, row, col) → (value, raw, page) for report cells or golden dicts."""
    out = {}
    for c in cells:
        get = c.get if isinstance(c, dict) else (lambda k, c=c: getattr(c, k))
        out[(get("table"), get("row"), get("col"))] = (get("value"), get("raw"), get("page"))
    return out


def assert_cells_match_golden(cells, golden: str) -> None:
    """Same (table, row, col) set as the golden; same value (and int/float type), raw text and page."""
    got = cell_map(cells)
    want = cell_map(load_golden(golden)["cells"])
    assert sorted(set(want) - set(got)) == []
    assert sorted(set(got) - set(want)) == []
    assert {k: v for k, v in got.items() if v != want[k]} == {}
    assert {k: type(v[0]) for k, v in got.items()} == {k: type(v[0]) for k, v in want.items()}
