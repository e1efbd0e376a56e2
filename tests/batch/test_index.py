from __future__ import annotations

import os
import shutil

from gkparse.batch import convert, find_inputs, work
from tests.conftest import corpus_file


def test_resume_hashes_only_changed_files(tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(corpus_file("dongguan-drc-2019.txt"), inputs / "a.txt")
    (inputs / "b.txt").write_text("随便写点东西\n", encoding="utf-8")
    (inputs / "c.txt").write_text("会议纪要\n", encoding="utf-8")
    out = tmp_path / "ds"
    hashed: list[str] = []
    real = work.file_id
    monkeypatch.setattr(work, "file_id", lambda path: hashed.append(path.name) or real(path))

    def run() -> dict[str, int]:
        hashed.clear()
        return convert(find_inputs([inputs]), out, progress=False)

    assert run() == {"converted": 1, "failed": 2, "skipped": 0}
    assert sorted(hashed) == ["a.txt", "b.txt", "c.txt"]
    assert run() == {"converted": 0, "failed": 0, "skipped": 3}
    assert hashed == []

    st = (inputs / "b.txt").stat()
    os.utime(inputs / "b.txt", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # touched, same bytes
    (inputs / "c.txt").write_text("会议纪要。\n", encoding="utf-8")  # changed
    assert run() == {"converted": 0, "failed": 1, "skipped": 2}
    assert sorted(hashed) == ["b.txt", "c.txt"]
    assert run() == {"converted": 0, "failed": 0, "skipped": 3}
    assert hashed == []
