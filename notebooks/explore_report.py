# %% [markdown]
# # Exploring one report with gkparse
# A jupytext "percent" script: open it as a notebook (`jupytext --to ipynb`) or run it as is:
# `.venv/bin/python notebooks/explore_report.py`. It uses the public API only.

# %%
from pathlib import Path

import gkparse

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
