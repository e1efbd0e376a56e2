"""The pdfplumber reader (engine "pdfplumber"): fake bold dedupe, glyphs and ruling lines from
pdfplumber's objects, pdfminer errors."""

from __future__ import annotations

from gkparse.errors import InputError
from gkparse.source.pdf.layout import Rule
from gkparse.source.pdf.plumber import dedupe_chars, plumber_glyphs, plumber_rules
from tests.conftest import corpus_file
from tests.source.pdf.conftest import LINES, assert_refused, text_pdf


def test_dedupe_chars_agrees_with_pdfplumber():
    import pdfplumber
    from pdfplumber.utils.text import dedupe_chars as plumber_dedupe

    with pdfplumber.open(corpus_file("hongze-district-2024.pdf")) as pdf:
        chars = pdf.pages[2].chars
    doubled = []
    for c in chars:
        shift = {"x0": c["x0"] + 0.4, "x1": c["x1"] + 0.4, "top": c["top"] + 0.2, "doctop": c["doctop"] + 0.2}
        doubled += [c, {**c, **shift}]
    ours = dedupe_chars(doubled)
    assert ours == plumber_dedupe(doubled)
    assert ours == chars


def test_ruling_lines_from_pdfplumber_objects():
    def box(x0, x1, top, bottom, **kw):
        return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, **kw}

    lines = [box(100, 100.5, 10, 50), box(100, 300, 10, 10.5)]  # vertical, horizontal
    rects = [
        box(200, 201, 10, 50, fill=True),  # a rule drawn as a thin filled rectangle
        box(74, 518, 10, 50, fill=True, stroke=False),  # white shading behind text
        box(300, 400, 10, 50, fill=False, stroke=True),  # a stroked cell
    ]
    assert plumber_rules(lines, rects) == [
        Rule(100.25, 10, 50),
        Rule(200.5, 10, 50),
        Rule(300, 10, 50),
        Rule(400, 10, 50),
    ]


def test_unmapped_and_diagonal_chars_are_left_out():
    def char(text, matrix=(1, 0, 0, 1, 0, 0)):
        return {"text": text, "x0": 0, "x1": 9, "top": 0, "bottom": 9, "size": 9, "matrix": matrix}

    diagonal_45 = (0.7, 0.7, -0.7, 0.7, 0, 0)
    rotated_90 = (0, 1, -1, 0, 0, 0)
    glyphs, stats = plumber_glyphs(
        [char("申"), char("(cid:12)"), char("\ue021"), char("水", diagonal_45), char("印", rotated_90)]
    )
    assert [g.text for g in glyphs] == ["申", "印"]
    assert (stats.unmapped, stats.diagonal, stats.sideways) == (2, 1, 1)


def test_pdfminer_errors_do_not_leak(tmp_path, monkeypatch):
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    def broken(*args, **kwargs):
        raise PDFSyntaxError("No /Root object! - Is this really a PDF?")

    monkeypatch.setattr(pdfplumber, "open", broken)
    path = tmp_path / "fox.pdf"
    path.write_bytes(text_pdf(LINES))
    reason = "not a readable PDF (PDFSyntaxError: No /Root object! - Is this really a PDF?)"
    assert_refused(path, InputError, reason, "pdfplumber")
