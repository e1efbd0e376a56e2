from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
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
    assert list(doc) == ["source", "meta", "sections", "cells", "checks", "warnings", "warning_details",
                         "status", "error"]
    assert doc["meta"] == {"title": "2019年度东莞市发展和改革局政府信息公开年度报告",
                           "agency": "东莞市发展和改革局", "year": 2019, "format": "2019", "url": None,
                           "sources": {"title": "title", "agency": "title", "year": "title",
                                       "format": "tables"}}
    assert (doc["status"], doc["error"]) == ("partial", None)
    assert set(doc["cells"][0]) == {"table", "row", "col", "value", "raw", "page", "label",
                                    "provenance", "confidence", "x0", "top", "x1", "bottom",
                                    "source_row", "source_col"}
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
                                   "provenance", "confidence", "x0", "top", "x1", "bottom",
                                   "source_row", "source_col"]
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


LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy"
HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项"]


def test_parse_meta_options_win_and_are_recorded():
    src = str(corpus_file("dongguan-drc-2019.txt"))
    result = run("parse", src, "--meta", "year=2020", "--meta", "url=https://fgj.dg.gov.cn/a.html")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert (doc["meta"]["year"], doc["meta"]["url"]) == (2020, "https://fgj.dg.gov.cn/a.html")
    assert doc["meta"]["sources"] == {"title": "title", "agency": "title", "year": "caller",
                                      "format": "tables", "url": "caller"}
    conflict = [d for d in doc["warning_details"] if d["code"] == "meta_conflict"]
    assert [d["message"] for d in conflict] == [
        "meta: year 2020 given by the caller contradicts 2019 from the title; 2020 kept"]


@pytest.mark.parametrize(("item", "message"), [
    ("year", "'year' is not KEY=VALUE"),
    ("year=二〇二〇", "meta year must be a whole number, not '二〇二〇'"),
    ("province=广东", "unknown meta field 'province' (use title, agency, year, url)"),
])
def test_parse_bad_meta_option_is_a_usage_error(item, message):
    result = CliRunner().invoke(cli, ["parse", str(corpus_file("dongguan-drc-2019.txt")), "--meta", item])
    assert result.exit_code == 2
    assert f"Invalid value for --meta: {message}" in result.stderr


def test_parse_pre_2019_report_exits_3_with_its_sections():
    path = LEGACY / "legacy-0.tsv.txt"
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 3
    assert result.stderr == (
        f"gkparse: {path}: report in the pre-2019 format (2008 条例 tables); tables not read\n")
    doc = json.loads(result.stdout)
    assert (doc["status"], doc["error"], doc["cells"]) == (
        "unsupported", "report in the pre-2019 format (2008 条例 tables); tables not read", [])
    assert [s["key"] for s in doc["sections"]][:3] == ["overview", "active_disclosure", "requests"]


def test_parse_report_without_tables_exits_1_and_still_writes_json(tmp_path):
    path = tmp_path / "page.txt"
    body = "\n".join(f"{h}\n详见附件。" for h in HEADINGS)
    path.write_text(f"某区教育局2023年政府信息公开工作年度报告\n{body}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 1
    missing = ("tables: not found: section 二 (documents, administrative_actions); section 三 (requests); "
               "section 四 (review_litigation)")
    assert result.stderr == (
        f"gkparse: error: {path}: no table read ({missing}); sections and meta written (status partial)\n")
    doc = json.loads(result.stdout)
    assert (doc["status"], len(doc["sections"]), doc["warnings"]) == ("partial", 6, [missing])
    assert (doc["meta"]["agency"], doc["meta"]["year"]) == ("某区教育局", 2023)


def manifest_inputs(tmp_path) -> Path:
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    shutil.copy(corpus_file("dongguan-drc-2019.txt"), inputs / "sub" / "a.txt")
    shutil.copy(LEGACY / "legacy-1.layout.txt", inputs / "old.txt")
    (inputs / "junk.txt").write_text("随便写点东西\n", encoding="utf-8")
    return inputs


def test_convert_manifest_fills_url_and_meta_and_resumes(tmp_path):
    inputs = manifest_inputs(tmp_path)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "path,url,agency,year,province\n"
        "in/sub/a.txt,https://fgj.dg.gov.cn/a.html,,2019,广东\n"
        f"{inputs / 'junk.txt'},https://x.gov.cn/j.html,某县财政局,2021,\n"
        "in/old.txt,https://x.gov.cn/o.html,,,\n",
        encoding="utf-8-sig",
    )
    out = tmp_path / "ds"
    args = ["convert", str(inputs), "-o", str(out), "--no-progress", "--manifest", str(manifest)]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert first.stderr.splitlines() == [
        "gkparse: manifest: columns ignored: province",
        f"2 converted, 1 failed, 0 already done; dataset in {out}",
    ]
    reports = pd.read_parquet(out / "reports.parquet").sort_values("path").reset_index(drop=True)
    assert reports.path.tolist() == [str(inputs / n) for n in ("junk.txt", "old.txt", "sub/a.txt")]
    assert reports.url.tolist() == ["https://x.gov.cn/j.html", "https://x.gov.cn/o.html",
                                    "https://fgj.dg.gov.cn/a.html"]
    assert reports.status.tolist() == ["failed", "unsupported", "partial"]
    assert reports.error.tolist()[:2] == [
        "not a government information disclosure annual report (no section headings, no tables found)",
        "report in the pre-2019 format (2008 条例 tables); tables not read",
    ]
    assert reports.agency.tolist() == ["某县财政局", "淮安市洪泽区人民政府", "东莞市发展和改革局"]
    assert reports.year.tolist() == [2021, 2010, 2019]
    again = CliRunner().invoke(cli, args)
    assert again.stderr.splitlines()[-1] == f"0 converted, 0 failed, 3 already done; dataset in {out}"


def test_convert_manifest_alone_lists_the_inputs(tmp_path):
    manifest_inputs(tmp_path)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path,title\nin/sub/a.txt,东莞发改2019年报\n", encoding="utf-8")
    out = tmp_path / "ds"
    args = ["convert", "-o", str(out), "--no-progress", "--manifest", str(manifest)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    reports = pd.read_parquet(out / "reports.parquet")
    assert reports.path.tolist() == [str(tmp_path / "in" / "sub" / "a.txt")]
    assert len(pd.read_parquet(out / "cells.parquet")) == 198


@pytest.mark.parametrize(("text", "message"), [
    ("url\nhttps://a\n", "no `path` column (columns: url)"),
    ("path,year\na.txt,二〇二〇\n", "line 2: meta year must be a whole number, not '二〇二〇'"),
    ("path\na.txt\na.txt\n", "line 3: a.txt is listed twice"),
])
def test_convert_bad_manifest_is_a_usage_error(tmp_path, text, message):
    manifest = tmp_path / "m.csv"
    manifest.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", "-o", str(tmp_path / "ds"), "--manifest", str(manifest)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_convert_needs_inputs_or_a_manifest(tmp_path):
    result = CliRunner().invoke(cli, ["convert", "-o", str(tmp_path / "ds")])
    assert result.exit_code == 2
    assert "give INPUTS (files or directories), or --manifest FILE.csv" in result.stderr


def test_parse_size_and_page_limits(tmp_path):
    src = corpus_file("dongguan-drc-2019.txt")
    big = CliRunner().invoke(cli, ["parse", str(src), "--max-bytes", "4K"])
    assert big.exit_code == 1
    assert big.stderr == f"gkparse: error: {src}: file is 8 KiB, over the 4 KiB limit (max_bytes)\n"
    assert run("parse", str(src), "--max-bytes", "1M").exit_code == 0
    pdf = corpus_file("hongze-district-2023.pdf")
    pages = CliRunner().invoke(cli, ["parse", str(pdf), "--max-pages", "4"])
    assert pages.exit_code == 1
    assert pages.stderr == f"gkparse: error: {pdf}: PDF has 5 pages, over the 4-page limit (max_pages)\n"
    assert run("parse", str(pdf), "--max-pages", "0").exit_code == 0
    bad = CliRunner().invoke(cli, ["parse", str(src), "--max-bytes", "lots"])
    assert bad.exit_code == 2 and "'lots' is not a size" in bad.stderr


def test_convert_size_limit_fails_that_input_only(tmp_path):
    inputs = manifest_inputs(tmp_path)
    out = tmp_path / "ds"
    args = ["convert", str(inputs), "-o", str(out), "--no-progress", "--max-bytes", "5K"]
    result = CliRunner().invoke(cli, args)
    assert result.stderr.splitlines()[-1] == f"1 converted, 2 failed, 0 already done; dataset in {out}"
    reports = pd.read_parquet(out / "reports.parquet").set_index("path")
    error = reports.loc[str(inputs / "sub" / "a.txt"), "error"]
    assert error == "file is 8 KiB, over the 5 KiB limit (max_bytes)"


def test_parse_html_page_with_headings_and_table_pictures_exits_1(tmp_path):
    body = "".join(f"<p>{h}</p><p><img src='t{k}.png'></p>" for k, h in enumerate(HEADINGS))
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>某区教育局2023年政府信息公开工作年度报告</title></head>"
                    f"<body><h1>某区教育局2023年政府信息公开工作年度报告</h1>{body}</body></html>", "utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["status"] == "partial" and doc["cells"] == []
    assert [d["code"] for d in doc["warning_details"]][-1] == "tables_missing"
    assert "no table read (tables: not found: section 二" in result.stderr
