"""notebooks/analysis.ipynb runs top to bottom with its plots, so the committed notebook cannot rot."""

from __future__ import annotations

import os

import nbformat
from nbclient import NotebookClient

from tests.conftest import REPO

NOTEBOOK = REPO / "notebooks" / "analysis.ipynb"


def _outputs(nb) -> list:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def test_the_committed_notebook_carries_its_outputs():
    outputs = _outputs(nbformat.read(NOTEBOOK, as_version=4))
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 4
    assert not [o for o in outputs if o.output_type == "error"]


def test_the_notebook_executes_with_its_plots(monkeypatch):
    # the kernel imports this checkout's gkparse, whatever the venv's editable install points at
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        cell.outputs = [] if cell.cell_type == "code" else cell.get("outputs")
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 4
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    from gkparse.batch import find_inputs

    inputs = len(find_inputs([REPO / "fixtures"]))  # every fixture the repo holds, none failed
    assert f"{{'converted': {inputs}, 'failed': 0, 'skipped': 0}}" in text
    assert "review_litigation.review_total review: total printed 1, parts add to 0" in text
