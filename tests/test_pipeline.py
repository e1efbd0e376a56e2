"""A file that collects several reports (a 汇编 of departments' reports): each is read on its own."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

import gkparse
from gkparse.cli import cli

TEXT = Path(__file__).resolve().parents[1] / "fixtures" / "text"
PARTS = [TEXT / "report-0.tsv.txt", TEXT / "report-1.tsv.txt", TEXT / "report-2.tsv.txt"]


def cells(report: gkparse.Report) -> list[tuple]:
    return [(c.table, c.row, c.col, c.value, c.raw) for c in report.items]


def collection(tmp_path: Path) -> Path:
    path = tmp_path / "汇编.txt"
    path.write_bytes(b"\n".join(p.read_bytes() for p in PARTS))
    return path


def test_each_report_of_a_collection_reads_as_it_does_alone(tmp_path):
    path = collection(tmp_path)
    reports = gkparse.parse_all(path)
    alone = [gkparse.parse(p) for p in PARTS]
    assert [r.source.part for r in reports] == [1, 2, 3]
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert [r.source.report_id for r in reports] == [sha, f"{sha}-2", f"{sha}-3"]
    for got, want in zip(reports, alone, strict=True):
        assert cells(got) == cells(want)
        assert got.meta == want.meta
        assert [(s.key, s.text) for s in got.sections] == [(s.key, s.text) for s in want.sections]
        assert [(c.rule, c.ok) for c in got.checks] == [(c.rule, c.ok) for c in want.checks]
        assert got.warnings[1:] == want.warnings
    assert [r.warnings[0] for r in reports] == [
        f"file: holds 3 reports; this is report {k}, {r.meta.title}; "
        "parse --all, parse_all and convert read each"
        for k, r in enumerate(alone, start=1)
    ]


def test_parse_reads_the_first_report_and_says_there_are_more(tmp_path):
    report = gkparse.parse(collection(tmp_path))
    assert cells(report) == cells(gkparse.parse(PARTS[0]))
    assert report.warnings[0].startswith("file: holds 3 reports; this is report 1, ")


def test_a_single_report_is_one_part():
    [report] = gkparse.parse_all(PARTS[0])
    assert report.source.part is None
    assert report.source.report_id == report.source.sha256


def test_convert_writes_a_row_per_report(tmp_path):
    out = tmp_path / "ds"
    path = collection(tmp_path)
    assert CliRunner().invoke(cli, ["convert", str(path), "-o", str(out), "--no-progress"]).exit_code == 0
    reports = pd.read_parquet(out / "reports.parquet")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert reports.report_id.tolist() == [sha, f"{sha}-2", f"{sha}-3"]
    assert reports.agency.tolist() == [gkparse.parse(p).meta.agency for p in PARTS]
    cells_table = pd.read_parquet(out / "cells.parquet")
    assert cells_table.groupby("report_id").size().loc[reports.report_id].tolist() == [
        len(gkparse.parse(p).items) for p in PARTS
    ]
