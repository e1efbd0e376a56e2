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
    angle: float = 0.0  # degrees the image was turned back by: a page read by OCR, as OCR saw it


def _ocr_angle(page) -> float:
    """The skew OCR measured and turned this page back by (its boxes are on the deskewed page)."""
    from gkparse.source.pdf import grid
    from gkparse.source.pdf.ocr import render_grey, settings

    grey = render_grey(page, float(settings()["render_dpi"]))
    return float(grid.skew_angle(grid.binarize(grid.flatten(grey))))


def render_pages(data: bytes, numbers: Iterable[int], scale: float = SCALE,
                 deskew: Iterable[int] = ()) -> dict[int, PageImage]:
    """The pages (numbered from 1) of a PDF given as bytes; a number past the end is skipped. The
    pages in `deskew` (those read by OCR) are turned back as OCR turned them, so the cells' boxes,
    measured on the deskewed page, sit on their digits."""
    import pypdfium2 as pdfium
    from PIL import Image

    deskew = set(deskew)
    pdf = pdfium.PdfDocument(data)
    try:
        out = {}
        for number in sorted(set(numbers)):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            width, height = page.get_size()
            image = page.render(scale=scale).to_pil().convert("RGB")
            angle = _ocr_angle(page) if number in deskew else 0.0
            if abs(angle) > 1e-6:  # about the centre, as grid.rotate (cv2) turns it
                image = image.rotate(angle, resample=Image.BILINEAR, fillcolor=(255, 255, 255))
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=QUALITY, optimize=True)
            uri = "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
            out[number] = PageImage(number, float(width), float(height), uri, angle)
            page.close()
        return out
    finally:
        pdf.close()
