"""Real web pages saved as one line of text by a site archive, cells glued together.

`*.truth.json` holds every printed cell, read from the archived page. A cell is either read
right or left out with a warning naming its row; a cell split out of glued digits says so.
"""

from __future__ import annotations

import json

import pytest
import regex

import gkparse
from tests.conftest import corpus_file

SECTIONS = ["overview", "active_disclosure", "requests", "review_litigation", "problems_and_improvements",
            "other_matters"]
PAGES = {
    # page: (cells read, rows left out because their glued digits fit several splits)
    "pingtan-zone-2019": (179, ["documents.normative_documents", "administrative_actions.licensing",
                                "administrative_actions.other_services", "administrative_actions.penalty",
                                "administrative_actions.coercion", "administrative_actions.fees",
                                "administrative_actions.procurement"]),
    "pingtan-zone-2022": (197, ["documents.normative_documents"]),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_one_line_page_is_read_right_or_left_out(page):
    truth = json.loads(corpus_file(f"{page}.truth.json").read_text("utf-8"))
    text = corpus_file(f"{page}.page.txt").read_text("utf-8")
    report = gkparse.parse(corpus_file(f"{page}.page.txt"))
    want = {(c["table"], c["row"], c["col"]): c["value"] for c in truth["cells"]}
    got = {(c.table, c.row, c.col): c for c in report.items}
    assert [s.key for s in report.sections] == SECTIONS
    assert {k: c.value for k, c in got.items() if k not in want or want[k] != c.value} == {}
    assert all(type(c.value) is type(want[k]) for k, c in got.items())
    read, left_out = PAGES[page]
    assert len(got) == read
    assert len(got) >= 0.85 * len(want)
    missing_rows = sorted({f"{t}.{r}" for t, r, _ in set(want) - set(got)})
    assert missing_rows == sorted(left_out)
    for row in left_out:
        table, key = row.split(".", 1)
        assert [w.code for w in report.warnings if getattr(w, "row", None) == key and w.table == table] == [
            "glued_ambiguous"]
    # a cell marked as printed stands alone in the text; one that did not was split, and says so
    for c in report.items:
        alone = regex.search(rf"(?<![\d.]){regex.escape(c.raw)}(?![\d.])", text) is not None
        if c.provenance == "printed":
            assert alone, c
    assert (report.meta.agency, report.meta.year) == (truth["agency"], truth["year"])
    assert report.meta.format == truth["format"]


def test_checks_the_solver_relied_on_are_marked():
    report = gkparse.parse(corpus_file("pingtan-zone-2022.page.txt"))
    used = sorted(c.message.split(":")[0] for c in report.checks if c.used_to_split)
    # the rows whose digits only the row total could split: 71|3|…|74, 21|…|21, 37|…|37, 72|3|…|75
    assert used == ["granted", "new_received", "total", "unable.not_held"]
    assert all(c.ok for c in report.checks if c.used_to_split)
    split = [c for c in report.items if c.provenance == "split_by_rules"]
    assert {c.table for c in split} == {"documents", "requests"}
