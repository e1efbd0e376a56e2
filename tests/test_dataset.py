"""Reading a converted dataset back: the same DataFrames from CSV as from Parquet."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from gkparse.cli import cli
from gkparse.dataset import read_dataset
from tests.conftest import corpus_file


def test_read_dataset_gives_the_same_tables_from_csv_and_parquet(tmp_path):
    inputs = [str(corpus_file("dongguan-drc-2019.txt"))]
    for fmt in ("csv", "parquet"):
        args = ["convert", *inputs, "-o", str(tmp_path / fmt), "--format", fmt, "--no-progress"]
        assert CliRunner().invoke(cli, args).exit_code == 0
    from_csv, from_parquet = read_dataset(tmp_path / "csv"), read_dataset(tmp_path / "parquet")
    for name in ("reports", "cells", "sections", "checks"):
        left, right = from_csv[name], from_parquet[name]
        if name == "reports":  # seconds differ from run to run
            left, right = left.drop(columns="seconds"), right.drop(columns="seconds")
        pd.testing.assert_frame_equal(left, right)  # values and dtypes


def test_read_dataset_names_a_folder_that_is_not_one(tmp_path):
    from gkparse.errors import InputError

    with pytest.raises(InputError) as err:
        read_dataset(tmp_path)
    assert str(err.value) == f"{tmp_path}: no reports.parquet or reports.csv: not a gkparse dataset"


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    out = tmp_path_factory.mktemp("ds")
    inputs = [str(corpus_file(n)) for n in ("dongguan-drc-2019.txt", "hongze-district-2023.pdf")]
    for fmt in ("csv", "parquet"):
        args = ["convert", *inputs, "-o", str(out / fmt), "--format", fmt, "--no-progress"]
        assert CliRunner().invoke(cli, args).exit_code == 0
    return out


def test_keys_are_ordered_categoricals_in_the_formats_order(converted):
    cells = read_dataset(converted / "parquet")["cells"]
    for col in ("table", "row", "col"):
        assert isinstance(cells[col].dtype, pd.CategoricalDtype) and cells[col].cat.ordered
    assert list(cells.table.cat.categories) == ["documents", "administrative_actions", "requests",
                                                "review_litigation"]
    requests = cells[(cells.table == "requests") & (cells.col == "total")].sort_values("row")
    rows = list(dict.fromkeys(requests.row.astype(str)))
    assert rows[:4] == ["new_received", "brought_forward", "granted", "partially_granted"]
    assert rows[-3:] == ["other", "total", "carried_forward"]


def test_labels_on_request(converted):
    tables = read_dataset(converted / "csv", labels=True)
    cells = tables["cells"].set_index(["row", "col"], drop=False)
    assert cells.loc[("denied.state_secret", "total"), "row_label"].iloc[0] == "不予公开·属于国家秘密"
    assert cells.loc[("granted", "natural_person"), "col_label"].iloc[0] == "自然人"
    assert set(tables["cells"].table_label) >= {"收到和处理政府信息公开申请", "行政复议、行政诉讼"}
    labels = dict(zip(tables["indicators"].indicator, tables["indicators"].indicator_label, strict=True))
    assert labels["disclosure_rate"] == "实质公开率"
    assert "row_label" not in read_dataset(converted / "csv")["cells"]


def test_pandas_polars_and_duckdb_read_the_parquet_files_with_no_casts(converted):
    import duckdb
    import polars as pl

    path = converted / "parquet"
    assert str(pd.read_parquet(path / "cells.parquet").value.dtype) == "Float64"
    assert pl.read_parquet(path / "cells.parquet").schema["value"] == pl.Float64
    assert pl.read_parquet(path / "checks.parquet").schema["ok"] == pl.Boolean
    # the README's example, word for word
    sql = f"""
        select r.agency, r.year, c.value as new_requests
        from '{path}/cells.parquet' c join '{path}/reports.parquet' r using (report_id)
        where c."table" = 'requests' and c."row" = 'new_received' and c.col = 'total'
        order by r.year"""
    assert duckdb.sql(sql).fetchall() == [("东莞市发展和改革局", 2019, 93.0), ("洪泽区人民政府", 2023, 21.0)]
    types = dict(duckdb.sql(f"describe select * from '{path}/indicators.parquet'").fetchall()[i][:2]
                 for i in range(7))
    assert types == {"report_id": "VARCHAR", "indicator": "VARCHAR", "value": "DOUBLE", "numerator": "DOUBLE",
                     "denominator": "DOUBLE", "n": "BIGINT", "null_reason": "VARCHAR"}


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_the_duckdb_engine_gives_a_view_per_table(converted, fmt):
    con = read_dataset(converted / fmt, engine="duckdb")
    rate = con.execute("""
        select i.value from indicators i join reports r using (report_id)
        where r.year = 2019 and i.indicator = 'disclosure_rate'""").fetchone()[0]
    assert rate == pytest.approx(22 / 93)
    assert con.execute("select count(*) from checks where not ok").fetchone()[0] == 2
    # the README's example: rates aggregated as Σ numerator / Σ denominator
    pooled = dict(con.execute(
        "select indicator, sum(numerator) / sum(denominator) from indicators where value is not null "
        "group by all").fetchall())
    assert pooled["disclosure_rate"] == pytest.approx((22 + 4) / (93 + 21))


def test_a_text_column_that_is_all_null_is_still_text_for_polars_and_duckdb(tmp_path):
    import duckdb
    import polars as pl

    args = ["parse", str(corpus_file("dongguan-drc-2019.txt")), "--format", "parquet", "-o", str(tmp_path)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert pl.read_parquet(tmp_path / "reports.parquet").schema["error"] == pl.String
    described = duckdb.sql(f"describe select error from '{tmp_path}/reports.parquet'").fetchall()
    assert described[0][:2] == ("error", "VARCHAR")
