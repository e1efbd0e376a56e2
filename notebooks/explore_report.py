# %% [markdown]
# # Exploring one report with gkparse
# A jupytext "percent" script: open it as a notebook (`jupytext --to ipynb`) or run it as is:
# `.venv/bin/python notebooks/explore_report.py`. It uses the public API only.

# %%
import tempfile
from pathlib import Path

import gkparse
from gkparse.batch import convert

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
report = gkparse.parse(CORPUS / "dongguan-drc-2019.txt")
print(report)

# %% [markdown]
# The requests table, wide, with the official Chinese labels:

# %%
print(report.table("requests", labels=True).to_string())

# %% [markdown]
# Long format for analysis, and which numbers failed the format's own arithmetic:

# %%
cells = report.cells
print(cells.groupby("table").size())
print([(c.rule, c.message) for c in report.checks if not c.ok] or "all checks pass")
for warning in report.warnings:
    print("warning:", warning)

# %% [markdown]
# A batch: convert the two 洪泽 PDFs into a dataset, read it back as DataFrames, and check each
# year against the year before (R8–R10). `gkparse convert` does the same from the shell.

# %%
dataset = Path(tempfile.mkdtemp()) / "dataset"
convert([CORPUS / "hongze-district-2023.pdf", CORPUS / "hongze-district-2024.pdf"], dataset, progress=False)
tables = gkparse.read_dataset(dataset)
print(tables["reports"][["agency", "year", "status", "n_cells", "n_failed_checks"]].to_string())
years = gkparse.cross_year_checks(dataset)
print(years[["year", "rule", "ok", "message"]].to_string())
