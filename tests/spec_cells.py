"""Expected cells of a fixture spec (fixtures/html, fixtures/docx, fixtures/pdf *.spec.json)."""

from __future__ import annotations

Key = tuple[str, str, str]


def spec_cells(spec: dict) -> dict[Key, tuple[object, str | None]]:
    """(table, row, col) → (value, raw text when printed specially, else None; "" when blank).
    The cells of a table cut at the page edge (a PDF's "clipped") are not printed: left out."""
    out: dict[Key, tuple[object, str | None]] = {}
    clipped = spec.get("pdf", {}).get("clipped", {})
    for table, rows in spec["cells"].items():
        for row, cells in rows.items():
            if isinstance(cells, list):
                cells = dict(zip(spec["columns"][table], cells, strict=True))
            for col, cell in cells.items():
                if col in clipped.get(table, {}).get(row, ()):
                    continue
                if isinstance(cell, list):
                    out[(table, row, col)] = (cell[1], cell[0])
                else:
                    out[(table, row, col)] = (cell, "" if cell is None else None)
    return out


def fixture_module(name: str):
    """Import a script from fixtures/ (fixtures/<name>.py) once, by file path."""
    import importlib.util
    import sys
    from pathlib import Path

    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parents[1] / "fixtures" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module
