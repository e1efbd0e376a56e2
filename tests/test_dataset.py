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
