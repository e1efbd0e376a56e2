"""The CLI's JSON path stays light: no pandas, pyarrow or numpy is imported to print a report."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

HEAVY = ("pandas", "pyarrow", "numpy", "matplotlib", "duckdb")
PROBE = f"""
import json, sys
HEAVY = {HEAVY!r}
from click.testing import CliRunner
from gkparse.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:])
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set(HEAVY))
print(json.dumps({{"exit": result.exit_code, "heavy": heavy, "out": result.output[:200]}}))
"""


@pytest.mark.parametrize("argv", [
    ["parse", "fixtures/text/report-0.tsv.txt"],
    ["parse", "fixtures/text/report-1.layout.txt", "--all"],
    ["--version"],
    ["--help"],
])
def test_the_json_path_imports_no_table_library(argv):
    run = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=REPO, capture_output=True, text=True,
                         check=True)
    probe = json.loads(run.stdout)
    assert probe["exit"] == 0, probe["out"]
    assert probe["heavy"] == []


def test_a_table_format_still_loads_pandas_where_it_writes():
    run = subprocess.run([sys.executable, "-c", PROBE, "parse", "fixtures/text/report-0.tsv.txt",
                          "--format", "csv"], cwd=REPO, capture_output=True, text=True, check=True)
    probe = json.loads(run.stdout)
    assert probe["exit"] == 0 and "pandas" in probe["heavy"]
