"""Page images for the inspect page: pypdfium2 renders, embedded as JPEG data URIs."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from dataclasses import dataclass

SCALE = 2.0  # 144 dpi: table digits of 9–10 pt are sharp; about 150–300 KB a page as JPEG
QUALITY = 80


@dataclass(frozen=True)
class PageImage:
    number: int  # from 1, as Cell.page
    width: float  # PDF points, the size the cells' boxes are measured in
    height: float
    data_uri: str


def render_pages(data: bytes, numbers: Iterable[int], scale: float = SCALE) -> dict[int, PageImage]:
    """The pages (numbered from 1) of a PDF given as bytes; a number past the end is skipped."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = {}
        for number in sorted(set(numbers)):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            width, height = page.get_size()
            image = page.render(scale=scale).to_pil().convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=QUALITY, optimize=True)
            uri = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
            out[number] = PageImage(number, float(width), float(height), uri)
            page.close()
        return out
    finally:
        pdf.close()
