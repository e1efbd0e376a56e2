"""Checks across years (R8–R10) on converted datasets: pairing by agency, rules, soft flags."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from gkparse.cli import cli
from gkparse.cross_year import PLACE_PREFIX, SAME_NAME, cross_year_checks
from tests.conftest import corpus_file

REQUEST_COLS = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
                "legal_service_org", "other_org", "total"]


def report(rid: str, agency: str, year: int, fmt: str = "2021", status: str = "ok",
           n_cells: int = 200) -> dict:
    return {"report_id": rid, "agency": agency, "year": year, "format": fmt, "status": status,
            "n_cells": n_cells}


def requests_cells(rid: str, brought: int, carried: int) -> list[dict]:
    rows = []
    for row, total in (("brought_forward", brought), ("carried_forward", carried)):
        rows += [{"report_id": rid, "table": "requests", "row": row, "col": col,
                  "value": total if col in ("natural_person", "total") else 0} for col in REQUEST_COLS]
    return rows


def run(reports: list[dict], cells: list[dict]) -> pd.DataFrame:
    return cross_year_checks(pd.DataFrame(reports), pd.DataFrame(cells))


def summary(checks: pd.DataFrame) -> list[tuple]:
    return [(r.report_id, r.last_report_id, r.match, r.rule, r.soft, r.ok, r.message)
            for r in checks.itertuples()]


def test_r8_carried_forward_becomes_next_years_brought_forward():
    checks = run(
        [report("a22", "某县财政局", 2022), report("a23", "某县财政局", 2023)],
        requests_cells("a22", 0, 4) + requests_cells("a23", 3, 1),
    )
    failed = checks[~checks.ok.astype(bool)]
    assert summary(failed) == [
        ("a23", "a22", SAME_NAME, "requests.brought_forward_vs_last_year", False, False,
         "natural_person: this.brought_forward = 3; last.carried_forward = 4"),
        ("a23", "a22", SAME_NAME, "requests.brought_forward_vs_last_year", False, False,
         "total: this.brought_forward = 3; last.carried_forward = 4"),
    ]
    assert len(checks) == 7 and (checks.year == 2023).all()
    assert failed.expected.tolist() == [4, 4] and failed.actual.tolist() == [3, 3]


def test_r9_2019_previous_count_is_last_years_plus_change():
    def action(rid: str, col: str, value: int | None) -> dict:
        return {"report_id": rid, "table": "administrative_actions", "row": "licensing", "col": col,
                "value": value}

    cells = [action("b19", "previous", 40), action("b19", "change", -3), action("b20", "previous", 37),
             action("b20", "change", None)]
    reports = [report("b19", "某市人民政府", 2019, "2019"), report("b20", "某市人民政府", 2020, "2019")]
    assert summary(run(reports, cells)) == [
        ("b20", "b19", SAME_NAME, "administrative_actions.previous_vs_last_year", True, True,
         "licensing: this.previous = 37; last.previous = 40, last.change = -3"),
    ]
    # R9 is a 2019-format rule: a 2021 report of the next year is not compared with it
    reports[1]["format"] = "2021"
    assert run(reports, cells).empty


def test_place_prefix_pairs_only_a_unique_candidate():
    cells = requests_cells("x23", 0, 2) + requests_cells("y24", 2, 0)
    pair = [report("x23", "洪泽区人民政府", 2023), report("y24", "淮安市洪泽区人民政府", 2024)]
    assert set(run(pair, cells).match) == {PLACE_PREFIX}
    # two agencies of 2023 the 2024 name could be: no guess
    other = report("z23", "洪泽区人民政府办公室", 2023)
    rival = [*pair, report("w23", "江苏省淮安市洪泽区人民政府", 2023)]
    assert run(rival, cells + requests_cells("w23", 0, 2)).empty
    assert run([*pair, other], cells).report_id.tolist() == ["y24"] * 7
    # a bare department name has no place of its own: it pairs with no place-prefixed name
    bare = [report("c23", "财政局", 2023), report("c24", "东莞市财政局", 2024)]
    assert run(bare, requests_cells("c23", 0, 2) + requests_cells("c24", 2, 0)).empty


def test_failed_reports_and_duplicates():
    reports = [
        report("d22", "某区教育局", 2022, status="failed"),
        report("d23", "某区教育局", 2023),
        report("d24a", "某区教育局", 2024, n_cells=150),
        report("d24b", "某区教育局", 2024, n_cells=198),  # the same report scraped twice: most cells wins
    ]
    cells = requests_cells("d23", 0, 5) + requests_cells("d24a", 9, 0) + requests_cells("d24b", 5, 0)
    checks = run(reports, cells)
    assert set(zip(checks.report_id, checks.last_report_id, strict=True)) == {("d24b", "d23")}
    assert checks.ok.all()


def test_blank_cells_are_not_verified():
    cells = requests_cells("e22", 0, 4) + requests_cells("e23", 4, 0)
    for c in cells:
        if c["col"] == "research_institution":
            c["value"] = None
    checks = run([report("e22", "某县财政局", 2022), report("e23", "某县财政局", 2023)], cells)
    assert "research_institution" not in {m.split(":")[0] for m in checks.message}
    assert len(checks) == 6


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_crossyear_command_on_the_hongze_reports(tmp_path, fmt):
    out = tmp_path / "ds"
    inputs = [str(corpus_file(f"hongze-district-{y}.pdf")) for y in (2023, 2024)]
    assert CliRunner().invoke(cli, ["convert", *inputs, "-o", str(out), "--format", fmt,
                                    "--no-progress"]).exit_code == 0
    result = CliRunner().invoke(cli, ["crossyear", str(out)])
    assert result.exit_code == 0
    written = out / f"cross_year.{fmt}"
    assert result.stderr.strip() == (
        f"9 checks on 1 pairs of consecutive years, 0 failed (0 of them soft rules); written to {written}"
    )
    checks = pd.read_parquet(written) if fmt == "parquet" else pd.read_csv(written, encoding="utf-8-sig")
    assert set(checks.agency) == {"淮安市洪泽区人民政府"} and set(checks.match) == {PLACE_PREFIX}
    # 洪泽 2024 prints 8 行政规范性文件 in force: 5 in force at the end of 2023, 3 issued, 0 repealed
    assert checks.message.tolist()[-1] == (
        "normative_documents: this.in_force = 8; last.in_force = 5, this.issued = 3, -this.repealed = 0"
    )
    assert checks.ok.all()


def test_pairing_finds_the_name_with_places_in_front_or_behind_and_refuses_two():
    from gkparse.cross_year import PLACE_PREFIX, Pairing
    from gkparse.templates import templates

    units = templates().text["place_units"]
    chosen = {
        ("淮安市洪泽区人民政府", 2023): {"report_id": "long23"},
        ("洪泽区人民政府", 2024): {"report_id": "short24"},
        ("洪泽区财政局", 2023): {"report_id": "short23"},
        ("淮安市洪泽区财政局", 2024): {"report_id": "long24"},
        ("财政局", 2023): {"report_id": "bare23"}, ("某市财政局", 2024): {"report_id": "x24"},
    }
    pairing = Pairing(chosen, units)
    assert pairing.last_year("洪泽区人民政府", 2024) == ({"report_id": "long23"}, PLACE_PREFIX)  # longer
    shorter = pairing.last_year("淮安市洪泽区财政局", 2024)
    assert shorter == ({"report_id": "short23"}, PLACE_PREFIX)
    assert pairing.last_year("某市财政局", 2024) is None  # a bare 财政局 pairs with nothing
    two = {**chosen, ("江苏省淮安市洪泽区人民政府", 2023): {"report_id": "longer23"}}
    assert Pairing(two, units).last_year("洪泽区人民政府", 2024) is None  # two candidates: not certain
