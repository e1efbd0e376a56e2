"""The hash index: (absolute path, size, mtime_ns) → sha256, so a resumed run re-reads no unchanged file.

The content hash stays the report_id (spec); the index only saves computing it again. A file whose
size or mtime changed is hashed again; an unreadable file is not indexed and gets a path-based id.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from gkparse.batch import work

INDEX = Path(".gkparse") / "index.json"
VERSION = 1


class HashIndex:
    """A JSON file of {absolute path: [size, mtime_ns, sha256]}; entries of other runs are kept."""

    def __init__(self, path: Path):
        self.path = path
        self.files: dict[str, list] = {}
        self.hashed = 0
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("version") == VERSION:
                self.files = data["files"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass  # no index yet, or an unreadable one: everything is hashed again, nothing is lost

    def report_id(self, path: Path) -> str:
        key = os.path.abspath(path)
        try:
            st = os.stat(key)
        except OSError:
            return work.path_id(str(path))
        entry = self.files.get(key)
        if entry and entry[0] == st.st_size and entry[1] == st.st_mtime_ns:
            return entry[2]
        self.hashed += 1
        digest = work.file_id(path)
        if digest is None:
            return work.path_id(str(path))
        self.files[key] = [st.st_size, st.st_mtime_ns, digest]
        return digest

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": VERSION, "files": self.files}, ensure_ascii=False), "utf-8")
        tmp.replace(self.path)
