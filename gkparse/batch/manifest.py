"""A manifest: the CSV a scraper writes beside its downloads, one row per file.

Columns: `path` (relative to the manifest's folder, or absolute) and any of `url, agency, year,
title`. Its values win over what the text says (`meta.sources` records "manifest"), and a
year or agency the text contradicts is warned about.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from gkparse.meta import GIVEN_FIELDS, check_given


class ManifestError(ValueError):
    """The manifest cannot be used; the message names the file and the line."""


def read_manifest(path: Path) -> tuple[dict[str, dict[str, object]], list[str]]:
    """{absolute input path: its meta}, and the columns that were ignored (neither `path` nor a
    meta field). UTF-8 with or without a BOM (as Excel saves it), or GB18030."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    rows = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in rows.fieldnames or []]
    if "path" not in columns:
        raise ManifestError(f"{path}: no `path` column (columns: {', '.join(columns) or 'none'})")
    ignored = [c for c in columns if c != "path" and c not in GIVEN_FIELDS]
    base = path.resolve().parent
    found: dict[str, dict[str, object]] = {}
    for number, row in enumerate(rows, start=2):
        row = {(k or "").strip(): v for k, v in row.items()}
        name = (row.get("path") or "").strip()
        if not name:
            raise ManifestError(f"{path}, line {number}: empty path")
        try:
            meta = check_given({k: row.get(k) for k in GIVEN_FIELDS if k in row})
        except ValueError as e:
            raise ManifestError(f"{path}, line {number}: {e}") from None
        key = os.path.abspath(base / name)
        if key in found:
            raise ManifestError(f"{path}, line {number}: {name} is listed twice")
        found[key] = meta
    return found, ignored
