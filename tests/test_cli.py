from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

import gkparse
from gkparse.cli import cli
from tests.conftest import corpus_file


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_parse_json_to_stdout_has_spec_shape():
    result = run("parse", str(corpus_file("dongguan-drc-2019.txt")))
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert list(doc) == ["source", "meta", "sections", "cells", "checks", "warnings", "warning_details"]
    assert doc["meta"] == {"title": "2019年度东莞市发展和改革局政府信息公开年度报告",
                           "agency": "东莞市发展和改革局", "year": 2019, "format": "2019"}
    assert set(doc["cells"][0]) == {"table", "row", "col", "value", "raw", "page", "label",
                                    "provenance", "confidence", "x0", "top", "x1", "bottom"}
    assert {c["provenance"] for c in doc["cells"]} == {"printed"}
    assert set(doc["checks"][0]) == {"rule", "ok", "expected", "actual", "message", "used_to_split"}
    assert len(doc["warning_details"]) == len(doc["warnings"])
    assert [s["key"] for s in doc["sections"]] == [
        "overview", "active_disclosure", "requests", "review_litigation", "problems_and_improvements"]
    assert len(doc["cells"]) == 198


def test_parse_missing_file_is_one_clear_line():
    result = CliRunner().invoke(cli, ["parse", "/no/such/report.pdf"])
    assert result.exit_code == 1
    assert result.stderr == "gkparse: error: /no/such/report.pdf: file not found\n"


def test_parse_not_a_report(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n今天讨论了三件事。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"gkparse: error: {path}: not a government information disclosure annual report "
        "(no section headings, no tables found)\n"
    )


def test_parse_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"gkparse: error: {path}: file is empty\n"


def test_parse_csv_and_parquet_dataset(tmp_path):
    src = str(corpus_file("dongguan-drc-2019.txt"))
    assert run("parse", src, "--format", "csv", "-o", str(tmp_path / "csv")).exit_code == 0
    assert run("parse", src, "--format", "parquet", "-o", str(tmp_path / "pq")).exit_code == 0
    raw = (tmp_path / "csv" / "cells.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    cells = pd.read_csv(tmp_path / "csv" / "cells.csv", encoding="utf-8-sig")
    pq = pd.read_parquet(tmp_path / "pq" / "cells.parquet")
    assert list(cells.columns) == ["report_id", "table", "row", "col", "value", "raw", "page",
                                   "provenance", "confidence", "x0", "top", "x1", "bottom"]
    assert len(cells) == len(pq) == 198
    lic = pq[(pq.row == "licensing") & (pq.col == "change")]
    assert lic.value.tolist() == [-13]
    reports = pd.read_parquet(tmp_path / "pq" / "reports.parquet")
    assert reports.loc[0, "agency"] == "东莞市发展和改革局"
    assert reports.loc[0, "n_failed_checks"] == 0
    assert reports.loc[0, "status"] == "partial"  # warns: section 六 not printed


def test_parse_scanned_pdf_says_ocr_needed(tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(corpus_file("hongze-district-2023.pdf").read_bytes())
    image = pdf[0].render(scale=0.5).to_pil().convert("RGB")
    path = tmp_path / "scanned.pdf"
    image.save(path, "PDF")
    result = CliRunner().invoke(cli, ["parse", str(path), "--ocr", "never"])
    assert result.exit_code == 1
    assert result.stderr == f"gkparse: error: {path}: no usable text layer (OCR needed)\n"


def test_parse_scanned_pdf_without_the_ocr_extra_names_it(tmp_path, monkeypatch):
    """Without rapidocr/onnxruntime/OpenCV (simulated: their imports fail), a scan is refused with
    the extra to install, whatever --ocr says short of never."""
    import sys

    import pypdfium2 as pdfium

    for name in ("rapidocr", "onnxruntime", "cv2"):
        monkeypatch.setitem(sys.modules, name, None)
    pdf = pdfium.PdfDocument(corpus_file("hongze-district-2023.pdf").read_bytes())
    image = pdf[0].render(scale=0.5).to_pil().convert("RGB")
    path = tmp_path / "scanned.pdf"
    image.save(path, "PDF")
    for ocr in ("auto", "always"):
        result = CliRunner().invoke(cli, ["parse", str(path), "--ocr", ocr])
        assert result.exit_code == 1
        assert result.stderr == (
            f"gkparse: error: {path}: no usable text layer (OCR needed: pip install 'gkparse[ocr]')\n"
        )


def test_parse_pdf_json_records_reader_and_pages():
    result = run("parse", str(corpus_file("hongze-district-2023.pdf")))
    doc = json.loads(result.stdout)
    assert doc["source"]["kind"] == "pdf"
    assert doc["source"]["pages"] == 5
    assert doc["source"]["reader"] == "pdf:pdfium"
    assert {c["page"] for c in doc["cells"]} == {2, 3, 4}


def test_parse_all_reports_of_a_collection(tmp_path):
    text = Path(__file__).resolve().parents[1] / "fixtures" / "text"
    path = tmp_path / "汇编.txt"
    path.write_bytes(b"\n".join((text / f"report-{k}.tsv.txt").read_bytes() for k in (0, 1)))
    every = CliRunner().invoke(cli, ["parse", str(path), "--all"])
    assert every.exit_code == 0
    reports = json.loads(every.stdout)
    assert [r["source"]["part"] for r in reports] == [1, 2]
    assert [len(r["cells"]) for r in reports] == [
        len(gkparse.parse(text / f"report-{k}.tsv.txt").items) for k in (0, 1)
    ]
    first = json.loads(CliRunner().invoke(cli, ["parse", str(path)]).stdout)
    assert first["source"]["part"] == 1 and first["cells"] == reports[0]["cells"]
