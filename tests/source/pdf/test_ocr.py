"""Scanned PDFs through OCR (gkparse/source/pdf/ocr.py, grid.py).

The scans in fixtures/scans/ are image-only PDFs made by fixtures/make_scans.py from fixture PDFs
(150 dpi, rotated, blurred, noisy, grey paper, a binding shadow, a red seal, JPEG): their
expected cells are their sources' specs. Every cell must be right or left out with a warning
that names its row: an OCR reading that is wrong and passes silently is the failure that
matters. The tests that run OCR are few pages each, and skip without the `ocr` extra.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

import gkparse
from gkparse.models import ReportWarning, Source
from gkparse.pipeline import parse_document
from gkparse.source.pdf import pdf_to_document
from gkparse.source.pdf.ocr import map_digits
from tests.source.pdf.conftest import LINES, PUA_CMAP, text_pdf
from tests.spec_cells import fixture_module, spec_cells

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
SCANS = FIXTURES / "scans"
OCR_REASON = "the ocr extra is not installed (pip install 'gkparse[ocr]')"
MANIFEST = json.loads((SCANS / "manifest.json").read_text("utf-8"))


def need_ocr() -> None:
    for name in ("rapidocr", "onnxruntime", "cv2"):
        pytest.importorskip(name, reason=OCR_REASON)


def spec_of(stem: str) -> dict:
    return json.loads((FIXTURES / "pdf" / f"{stem}.spec.json").read_text("utf-8"))


def outcome(report: gkparse.Report, spec: dict) -> dict[str, list]:
    """Each expected cell: right (value and type), or absent with a warning that names its row (or
    leaves its whole table out), or else a problem: absent silently, wrong, or a cell the spec
    does not have."""
    expected = spec_cells(spec)
    got = {(c.table, c.row, c.col): c for c in report.items}
    out: dict[str, list] = {"right": [], "warned": [], "silent_missing": [], "wrong": [], "extra": []}
    for key, (value, _) in expected.items():
        cell = got.get(key)
        if cell is None:
            table, row, _ = key
            pattern = rf"(?<![\w.]){re.escape(row)}(?![\w.])"
            named = any(str(w).startswith(table) and (re.search(pattern, str(w)) or "table left out" in w)
                        for w in report.warnings)
            out["warned" if named else "silent_missing"].append(key)
        elif cell.value == value and type(cell.value) is type(value):
            out["right"].append(key)
        else:
            out["wrong"].append((key, value, cell.value, cell.confidence))
    out["extra"] = sorted(set(got) - set(expected))
    return out


_PARSED: dict[str, gkparse.Report] = {}


def parsed_scan(name: str) -> gkparse.Report:
    need_ocr()
    if name not in _PARSED:
        _PARSED[name] = gkparse.parse(SCANS / name)
    return _PARSED[name]


# ----------------------------------------------------------------------------- no OCR needed


def test_digit_lookalikes_are_mapped_only_in_a_number():
    assert [map_digits(t) for t in ("1O5", "l", "S", "IS", "〇", "1,2O4", "0")] == [
        "105", "1", "5", "15", "0", "1,204", "0"]
    # text that is not a number once mapped keeps its letters: a label, a word, a code
    assert [map_digits(t) for t in ("行政许可", "OK", "SOS办", "l.属于", ",1")] == [
        "行政许可", "OK", "SOS办", "l.属于", ",1"]


def test_committed_scans_are_the_listed_ones():
    need_ocr()  # the script needs OpenCV
    make_scans = fixture_module("make_scans")
    listed = sorted(f"{stem}-scan{seed}.pdf" for stem, seed, _ in make_scans.SCANS)
    assert sorted(p.name for p in SCANS.glob("*.pdf")) == listed == sorted(m["scan"] for m in MANIFEST)
    assert all(p.stat().st_size < 300_000 for p in SCANS.glob("*.pdf"))


def with_confidence(cells: tuple[str, ...], confidence: tuple[float, ...]) -> gkparse.Report:
    """docx-lo-plain-12's text, its 1.属于国家秘密 row as OCR might have read it."""
    data = (FIXTURES / "pdf" / "docx-lo-plain-12.pdf").read_bytes()
    doc, _ = pdf_to_document(data, "x.pdf", ocr="never")
    index = next(i for i, ln in enumerate(doc.lines) if ln.text.startswith("1.属于国家秘密"))
    line = doc.lines[index]
    assert line.cells == ("1.属于国家秘密", "722", "0", "0", "0", "0", "0", "722")
    doc.lines[index] = dataclasses.replace(line, cells=cells, confidence=confidence)
    return parse_document(Source(None, "0" * 64, "pdf"), doc)


def state_secret(report: gkparse.Report) -> dict:
    return {c.col: c for c in report.items if (c.table, c.row) == ("requests", "denied.state_secret")}


def ocr_warnings(report: gkparse.Report) -> list[ReportWarning]:
    return [w for w in report.warnings if getattr(w, "code", "").startswith("ocr_")]


def test_a_low_confidence_digit_is_left_out_and_named():
    """An OCR number below the bar (formats/ocr.yaml) that the arithmetic does not confirm (the
    rules want 722; no look-alike of 725 is) is not emitted: its cell is left out, a typed
    warning names it, and the checks that need it are not run; the row's other cells are
    emitted with provenance "ocr" and their confidence."""
    report = with_confidence(("1.属于国家秘密", "725", "0", "0", "0", "0", "0", "722"),
                             (0.99, 0.62, 0.97, 1.0, 1.0, 1.0, 1.0, 0.95))
    row = state_secret(report)
    assert "natural_person" not in row
    assert [(c.value, c.provenance, c.confidence) for c in row.values()] == [
        (0, "ocr", 0.97), (0, "ocr", 1.0), (0, "ocr", 1.0), (0, "ocr", 1.0), (0, "ocr", 1.0),
        (722, "ocr", 0.95)]
    [warning] = ocr_warnings(report)
    assert isinstance(warning, ReportWarning)
    assert (warning.code, warning.table, warning.row) == (
        "ocr_low_confidence", "requests", "denied.state_secret")
    assert str(warning) == ("requests: row denied.state_secret (1.属于国家秘密): OCR read natural_person "
                            "('725' at 0.62) with low confidence; left out")
    assert [c for c in report.checks if not c.ok] == []  # none is run on a guess


def test_the_arithmetic_confirms_an_uncertain_digit_among_its_lookalikes():
    """'122' read at 0.62 where the row total (722, read confidently) and the column totals both
    want 722, a look-alike reading (1/7): the cell is emitted as 722, provenance "ocr" with its
    low confidence, a warning says which rules confirmed it, and their checks are marked
    `used_to_split` (they pass because they were used)."""
    report = with_confidence(("1.属于国家秘密", "122", "0", "0", "0", "0", "0", "722"),
                             (0.99, 0.62, 0.97, 1.0, 1.0, 1.0, 1.0, 0.95))
    cell = state_secret(report)["natural_person"]
    assert (cell.value, cell.raw, cell.provenance, cell.confidence) == (722, "122", "ocr", 0.62)
    [warning] = ocr_warnings(report)
    assert (warning.code, warning.row) == ("ocr_confirmed_by_rules", "denied.state_secret")
    assert str(warning) == ("requests: row denied.state_secret (1.属于国家秘密): OCR read natural_person "
                            "('122' at 0.62) with low confidence; confirmed as 722 by the column totals (R3) "
                            "and the row total (R2)")
    used = sorted({c.rule for c in report.checks if c.used_to_split})
    assert used == ["requests.results_total", "requests.row_total"]
    assert all(c.ok for c in report.checks)


def test_a_rule_whose_other_cells_are_uncertain_confirms_nothing():
    """Both the part and the row total uncertain: the row total (R2) holds two unknowns and
    confirms neither; each is confirmed by its column's total alone. So with another part of
    the row uncertain: the row total is not used, for either of them."""
    report = with_confidence(("1.属于国家秘密", "722", "0", "0", "0", "0", "0", "722"),
                             (0.99, 0.62, 0.97, 1.0, 1.0, 1.0, 1.0, 0.5))
    assert [str(w).rsplit(" by ", 1)[1] for w in ocr_warnings(report)] == ["the column totals (R3)"] * 2
    assert {c.rule for c in report.checks if c.used_to_split} == {"requests.results_total"}
    report = with_confidence(("1.属于国家秘密", "722", "0", "0", "0", "0", "0", "722"),
                             (0.99, 0.62, 0.97, 1.0, 0.5, 1.0, 1.0, 1.0))
    assert [(w.code, str(w).rsplit(" by ", 1)[1]) for w in ocr_warnings(report)] == [
        ("ocr_confirmed_by_rules", "the column totals (R3)")] * 2


# ----------------------------------------------------------------------------- through OCR


@pytest.mark.parametrize("scan", [m["scan"] for m in MANIFEST])
def test_scan_parses_to_its_spec_with_no_silent_wrong(scan):
    report = parsed_scan(scan)
    source = next(m["source"] for m in MANIFEST if m["scan"] == scan)
    spec = spec_of(source)
    result = outcome(report, spec)
    assert result["wrong"] == [] and result["silent_missing"] == [] and result["extra"] == []
    # the floor of what is read: most cells (the rest are named in warnings)
    assert len(result["right"]) >= 0.75 * len(spec_cells(spec)), len(result["right"])
    assert report.meta.format == spec["format"]
    s = report.source
    assert (s.reader, s.ocr, s.text_layer, s.ocr_pages) == ("pdf:ocr", True, "none", (1, 2, 3))
    values = [c for c in report.items if c.value is not None]
    confirmed = {(w.table, w.row) for w in ocr_warnings(report) if w.code == "ocr_confirmed_by_rules"}
    assert all(c.provenance == "ocr" and (c.confidence >= 0.9 or (c.table, c.row) in confirmed)
               for c in values)


def printed_number(text: str):
    """A grey image with `text` printed on it, and the text's ink box."""
    import cv2
    import numpy as np

    image = np.full((80, 200), 255, np.uint8)
    cv2.putText(image, text, (40, 55), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2, cv2.LINE_AA)
    ys, xs = np.nonzero(image < 128)
    return image, (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)


def test_the_second_look_rereads_a_doubtful_number_from_its_own_crop():
    """A piece read below the bar is read again from an upscaled crop of its own; the confident
    re-read replaces it. A confident read, a label and a lone "1" (a border's stroke reads as
    one) are not re-read."""
    need_ocr()
    from gkparse.source.pdf.ocr import Read, engine, second_look

    image, box = printed_number("3708")
    px = 200 / 72
    [again] = second_look(engine(), image, [box], [Read("3706", 0.5)], px)
    assert again.text == "3708" and again.confidence >= 0.9
    kept = [Read("3706", 0.95), Read("行政许可", 0.4), Read("1", 0.5)]
    assert second_look(engine(), image, [box] * 3, kept, px) == kept


def test_a_slanted_stroke_is_a_slash_and_an_upright_one_a_one():
    """The "/" printed for a blank cell is read as "1" at times: its lean tells them apart (a "7"
    leans about 0.1)."""
    need_ocr()
    import cv2
    import numpy as np

    from gkparse.source.pdf.grid import leans_right
    from gkparse.source.pdf.ocr import SLASH_LEAN

    slash = np.zeros((40, 40), bool)
    cv2.line(slash.view(np.uint8), (11, 34), (23, 6), 1, 2)
    assert leans_right(slash, (10, 5, 25, 36)) >= SLASH_LEAN
    for digit in ("1", "7", "4"):
        image, box = printed_number(digit)
        assert leans_right(image < 128, box) < SLASH_LEAN, digit


def test_the_reports_table_says_which_pages_were_ocred():
    from gkparse.write.tables import frames, merge_rows, report_rows

    scan = parsed_scan(MANIFEST[0]["scan"])
    text = gkparse.parse(FIXTURES / "pdf" / "docx-lo-plain-12.pdf")
    reports = frames(merge_rows([report_rows(scan), report_rows(text)]))["reports"]
    assert reports["ocr"].tolist() == [True, False]
    assert str(reports["ocr"].dtype) == "boolean" and str(reports["ocr_pages"].dtype) == "str"
    assert reports.loc[0, "ocr_pages"] == "1,2,3" and reports["ocr_pages"].isna().tolist() == [False, True]


def test_ocr_tables_reads_only_the_pages_with_a_table():
    """`--ocr tables`: page 3 of html-print-32's scan holds only prose and is not recognised (a
    typed warning says so, its sections are missing); the tables come out as with `auto`."""
    need_ocr()
    auto = parsed_scan("html-print-32-scan2.pdf")
    tables = gkparse.parse(SCANS / "html-print-32-scan2.pdf", ocr="tables")
    assert (tables.source.ocr_pages, auto.source.ocr_pages) == ((1, 2), (1, 2, 3))
    [skipped] = [w for w in tables.warnings if getattr(w, "code", "") == "ocr_pages_skipped"]
    assert str(skipped) == ("pdf: pages 3 show no table and were not read (--ocr tables); "
                            "their sections are left out")
    assert [(c.table, c.row, c.col, c.value) for c in tables.items] == [
        (c.table, c.row, c.col, c.value) for c in auto.items]
    assert len(tables.sections) < len(auto.sections)


def mixed_pdf(path: Path, stem: str = "docx-lo-plain-12") -> Path:
    """The fixture's text pages 1 and 3 around page 2 of its committed scan."""
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument((FIXTURES / "pdf" / f"{stem}.pdf").read_bytes())
    scan = pdfium.PdfDocument((SCANS / f"{stem}-scan4.pdf").read_bytes())
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(text, [0])
    mixed.import_pages(scan, [1])
    mixed.import_pages(text, [2])
    mixed.save(path)
    return path


def test_mixed_pdf_ocrs_only_the_scanned_page(tmp_path):
    """Text pages and a scanned table page: only that page goes through OCR, and the text pages'
    cells are exactly the text layer's."""
    need_ocr()
    stem = "docx-lo-plain-12"
    report = gkparse.parse(mixed_pdf(tmp_path / "mixed.pdf", stem))
    s = report.source
    assert (s.reader, s.ocr, s.ocr_pages) == ("pdf:pdfium+ocr", True, (2,))
    assert "pdf: pages without a text layer read by OCR: 2" in report.warnings
    spec = spec_of(stem)
    result = outcome(report, spec)
    assert result["wrong"] == [] and result["silent_missing"] == [] and result["extra"] == []
    pages = spec["pdf"]["pages"]
    text_keys = [k for k in spec_cells(spec) if pages[k[0]][k[1]] != 2]
    assert set(text_keys) <= set(result["right"])
    assert {c.provenance for c in report.items if c.page != 2} == {"printed"}
    assert {c.provenance for c in report.items if c.page == 2} == {"ocr"}


def test_garbled_text_layer_goes_to_ocr():
    need_ocr()
    doc, layer = pdf_to_document(text_pdf(LINES[:3], to_unicode=PUA_CMAP), "garbled.pdf")
    assert (layer, doc.reader, doc.ocr_pages) == ("garbled", "pdf:ocr", [1])
    assert [ln.text.replace(" ", "") for ln in doc.lines] == [
        line.decode().replace(" ", "") for line in LINES[:3]]


def test_the_models_ship_with_rapidocr_and_nothing_is_downloaded(monkeypatch):
    need_ocr()
    import rapidocr.utils.download_file as download

    from gkparse.source.pdf import ocr

    def no_download(*args, **kwargs):
        raise AssertionError("rapidocr tried to download")

    monkeypatch.setattr(download.DownloadFile, "run", classmethod(no_download))
    monkeypatch.setattr("requests.get", no_download)
    engine = ocr.Engine()
    assert engine.recognizer.session.have_key()
    assert engine.detect(__import__("numpy").full((64, 64), 255, "uint8")) == []


def test_convert_reads_scans_through_ocr_in_its_workers(tmp_path):
    """A folder with a (partly) scanned PDF and an HTML report: the worker OCRs the scanned page,
    the dataset's cells carry provenance and confidence."""
    need_ocr()
    import shutil

    from gkparse.batch import convert, find_inputs

    inputs = tmp_path / "in"
    inputs.mkdir()
    mixed_pdf(inputs / "mixed.pdf")
    shutil.copy(FIXTURES / "html" / "report-2021-utf8.html", inputs)
    counts = convert(find_inputs([inputs]), tmp_path / "out", fmt="csv", progress=False)
    assert counts == {"converted": 2, "failed": 0, "skipped": 0}
    tables = gkparse.read_dataset(tmp_path / "out")
    reports = tables["reports"].set_index("path")
    assert set(reports["kind"]) == {"pdf", "html"} and set(reports["status"]) <= {"ok", "partial"}
    cells = tables["cells"]
    pdf_id = reports.loc[str(inputs / "mixed.pdf"), "report_id"]
    ocr = cells[(cells.report_id == pdf_id) & (cells.provenance == "ocr")]
    assert len(ocr) > 100 and set(ocr.page) == {2}
    assert (ocr.confidence.dropna() >= 0.9).all()
    assert set(cells[cells.report_id != pdf_id].provenance) == {"printed"}


# ----------------------------------------------------------------------------- wrapped numbers

DPI = 200
PX = DPI / 72
COLUMNS = (100.0, 200.0, 218.0, 250.0, 300.0)  # points: a label column, a narrow one, two wide ones
ROWS = (100.0, 124.0, 136.0, 148.0)  # a tall row (its number wraps), then two low rows


def ruled_table(blotted: tuple[int, ...] = ()):
    """A page image (200 dpi) with a ruled table; in the columns `blotted` (their indexes) the
    ruling between the two low rows is painted over, up to the column's borders (a red seal
    fades into the paper in the red channel that OCR reads)."""
    import cv2
    import numpy as np

    image = np.full((int(300 * PX), int(400 * PX)), 255, np.uint8)
    for x in COLUMNS:
        cv2.line(image, (int(x * PX), int(ROWS[0] * PX)), (int(x * PX), int(ROWS[-1] * PX)), 0, 2)
    for y in ROWS:
        cv2.line(image, (int(COLUMNS[0] * PX), int(y * PX)), (int(COLUMNS[-1] * PX), int(y * PX)), 0, 2)
    y = int(ROWS[2] * PX)
    for k in blotted:
        cv2.ellipse(image, (int((COLUMNS[k] + COLUMNS[k + 1]) / 2 * PX), y),
                    (int((COLUMNS[k + 1] - COLUMNS[k] - 2) / 2 * PX), int(1.5 * PX)), 0, 0, 360, 255, -1)
    return image


def rulings(image):
    from gkparse.source.pdf import grid
    from gkparse.source.pdf.layout import HRule, Rule

    geometry = grid.page_geometry(image, DPI)
    return ([Rule(s.pos / PX, s.start / PX, s.end / PX) for s in geometry.verticals],
            [HRule(s.pos / PX, s.start / PX, s.end / PX) for s in geometry.horizontals])


def number(text: str, x0: float, middle: float):
    """A number glyph as OCR gives it (its em box from a 6 pt high ink box, 3.6 pt per digit)."""
    from gkparse.source.pdf.layout import Glyph

    return Glyph(text, x0, x0 + 3.6 * len(text), middle - 4.2, middle + 4.2, 8.4, confidence=0.99)


def test_a_number_wrapped_in_its_ruled_cell_is_one_value():
    """`13` over `24` in the narrow column of one row band (no ruling anywhere across the table
    between them), the row's other number beside their middle: one number, 1324, on the row's line."""
    need_ocr()
    from gkparse.source.pdf.layout import glyphs_to_lines
    from gkparse.source.pdf.ocr import join_wrapped_numbers

    rules, horizontal = rulings(ruled_table())
    glyphs = [number("13", 203.0, 108.0), number("24", 203.0, 116.0), number("5", 230.0, 112.0)]
    joined = join_wrapped_numbers(glyphs, rules, horizontal)
    assert sorted(g.text for g in joined) == ["1324", "5"]
    [wrapped] = [g for g in joined if g.text == "1324"]
    assert (wrapped.extent, wrapped.confidence) == ((103.8, 120.2), 0.99)
    assert [ln.cells for ln in glyphs_to_lines(joined, 1, rules)] == [("1324", "5", "")]
    # the lower line is not where a wrapped line goes (no edge nor centre shared with the upper one)
    shifted = [*glyphs[:1], number("24", 208.0, 116.0), glyphs[2]]
    assert sorted(g.text for g in join_wrapped_numbers(shifted, rules, horizontal)) == ["13", "24", "5"]


def test_a_ruling_broken_in_one_column_does_not_join_two_rows():
    """Two low rows: `12` at the bottom of the upper one's narrow cell, `34` at the top of the lower
    one's, close enough to be one wrapped number. The ruling between them is erased in the narrow
    column only (a blot): the other columns still show it, so they are two rows, and nothing is
    joined. With the ruling missing across the whole table they would be one cell (the check that
    the test can fail)."""
    need_ocr()
    from gkparse.source.pdf.layout import glyphs_to_lines
    from gkparse.source.pdf.ocr import join_wrapped_numbers

    glyphs = [number("12", 203.0, 131.5), number("7", 230.0, 130.0),
              number("34", 203.0, 139.5), number("8", 230.0, 142.0)]
    rules, horizontal = rulings(ruled_table(blotted=(1,)))
    # the blot did break the ruling in that column: no segment crosses it between the rows
    assert not [h for h in horizontal if abs(h.y - ROWS[2]) < 2 and h.x0 < 209 < h.x1]
    assert [h for h in horizontal if abs(h.y - ROWS[2]) < 2 and h.x0 < 234 < h.x1]
    kept = join_wrapped_numbers(glyphs, rules, horizontal)
    assert sorted(g.text for g in kept) == ["12", "34", "7", "8"]
    assert [ln.cells for ln in glyphs_to_lines(kept, 1, rules)] == [("12", "7", ""), ("34", "8", "")]
    rules, horizontal = rulings(ruled_table(blotted=(0, 1, 2, 3)))
    assert "1234" in [g.text for g in join_wrapped_numbers(glyphs, rules, horizontal)]


def test_ocr_reads_a_number_wrapped_in_a_narrow_cell_as_one():
    """Through OCR (render, rulings, detection, recognition): the wrapped `13`/`24` is read as
    1324, on the line of the row's other number."""
    need_ocr()
    import cv2
    import pypdfium2 as pdfium
    from PIL import Image

    from gkparse.source.pdf.ocr import ocr_page

    image = ruled_table()
    for text, x, baseline in (("13", 203.0, 111.0), ("24", 203.0, 119.5), ("5", 230.0, 115.0)):
        cv2.putText(image, text, (int(x * PX), int(baseline * PX)), cv2.FONT_HERSHEY_SIMPLEX, 0.55, 0, 2,
                    cv2.LINE_AA)
    import io

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, "PDF", resolution=DPI)
    pdf = pdfium.PdfDocument(buffer.getvalue())
    lines = ocr_page(pdf[0], 1)
    assert [ln.cells for ln in lines] == [("1324", "5", "")]


def test_a_box_over_two_lines_of_a_cell_is_split():
    """The detector may draw one box over `45` and `7` wrapped in a narrow cell: it is split at the
    blank rows between them (not the strokes of 三, which are far lower than a line)."""
    need_ocr()
    import numpy as np

    from gkparse.source.pdf.grid import split_lines

    ink = np.zeros((200, 100), bool)
    ink[20:37, 10:30] = True  # a line 6 pt high (at 200 dpi)
    ink[45:62, 10:20] = True  # the line under it, 3 pt below
    assert split_lines(ink, (5, 15, 35, 70), PX) == [(10, 20, 30, 37), (10, 45, 20, 62)]
    assert split_lines(ink, (5, 25, 35, 70), PX) == []  # the box cuts the upper line: not split
    three = np.zeros((60, 60), bool)
    for y in (10, 22, 34):
        three[y : y + 3, 10:40] = True
    assert split_lines(three, (5, 5, 45, 45), PX) == []
