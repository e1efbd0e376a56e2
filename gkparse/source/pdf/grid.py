"""Page geometry of a scanned page image: skew, ruling lines, and where text boxes break.

A scan is a picture: the table grid has to be found in the pixels. The page is binarized, its
skew (scanners turn pages by up to about 1°) found by the projection profile, and the ruling
lines picked out by morphology: an opening with a long thin kernel keeps only the strokes that
are long lines (no character has a stroke that long). A vertical segment's extent is kept, so a
merged (rowspan/colspan) cell, whose inner border is missing, is as the text-layer path sees it:
a `Rule` that stops where the border stops. Every length is in PDF points, converted by the dpi.

Needs numpy and OpenCV (the `ocr` extra).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import cv2
import numpy as np

SKEW_MAX = 1.5  # degrees searched either way
SKEW_STEP = 0.05
SKEW_WIDTH = 700  # pixels: the skew is measured on the page scaled to this width
H_LINE_MIN = 40.0  # points: a horizontal ruling is at least this long (a "——" dash is ~21 pt)
V_LINE_KERNEL = 12.0  # points: the opening kernel for vertical lines (longer than most strokes)
V_LINE_MIN = 20.0  # points: a vertical segment this long is a ruling on its own
SPECK_PIXELS = 1.5  # square points: less ink than this is a speck, not a character
SPECK_SIZE = 3.0  # points: a speck is smaller than this both ways (a digit is 6 pt high or more)
DASH_MIN = 2.0  # points: a flat stroke this long is a dash (a "-" is about a third of an em)
EDGE = 12.0  # points: the margin of the sheet that is ignored
JOIN = 3.0  # points: a vertical segment that ends this close to a horizontal ruling joins it


@dataclass(frozen=True)
class Segment:
    """A ruling line in pixels: at `pos` (x of a vertical, y of a horizontal), from `start` to `end`."""

    pos: float
    start: float
    end: float


@dataclass
class Geometry:
    image: np.ndarray  # the deskewed page, grey on white paper (uint8)
    clean: np.ndarray  # the same with the ruling lines painted white (what OCR reads)
    ink: np.ndarray  # binarized `clean`: True where there is ink
    angle: float  # degrees the page was turned back by
    verticals: list[Segment]
    horizontals: list[Segment]


def flatten(grey: np.ndarray) -> np.ndarray:
    """The page on white paper: divided by its background (grey paper, a binding shadow)."""
    small = cv2.resize(grey, None, fx=0.125, fy=0.125, interpolation=cv2.INTER_AREA)
    background = cv2.dilate(small, np.ones((5, 5), np.uint8))  # the paper around the print
    background = cv2.resize(background, (grey.shape[1], grey.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(grey, np.maximum(background, 1), scale=255)


def binarize(flat: np.ndarray) -> np.ndarray:
    """Ink mask of a flattened page: Otsu's threshold."""
    _, mask = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return mask > 0


def skew_angle(ink: np.ndarray) -> float:
    """The rotation (degrees, OpenCV's sense) that makes the text lines level: the angle whose
    row profile is sharpest (text lines and rulings give the sum of squared row-to-row steps its
    peak when level)."""
    h, w = ink.shape
    scale = SKEW_WIDTH / w
    small = cv2.resize(ink.astype(np.uint8) * 255, (SKEW_WIDTH, max(int(h * scale), 1)),
                       interpolation=cv2.INTER_AREA)
    centre = (SKEW_WIDTH / 2, small.shape[0] / 2)
    best, best_score = 0.0, -1.0
    for angle in np.arange(-SKEW_MAX, SKEW_MAX + 1e-9, SKEW_STEP):
        matrix = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
        turned = cv2.warpAffine(small, matrix, (small.shape[1], small.shape[0]), flags=cv2.INTER_LINEAR)
        profile = turned.sum(axis=1, dtype=np.float64)
        score = float(np.square(np.diff(profile)).sum())
        if score > best_score:
            best, best_score = float(angle), score
    return round(best, 3)


def rotate(grey: np.ndarray, angle: float) -> np.ndarray:
    if abs(angle) < 1e-6:
        return grey
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _segments(
    mask: np.ndarray, vertical: bool, min_length: float
) -> tuple[list[Segment], list[int], np.ndarray]:
    """The mask's components at least `min_length` long: segments, their labels, the label image."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out, kept = [], []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        if (h if vertical else w) < min_length:
            continue
        pos = x + w / 2 if vertical else y + h / 2
        start, end = (y, y + h) if vertical else (x, x + w)
        out.append(Segment(float(pos), float(start), float(end)))
        kept.append(label)
    return out, kept, labels


def page_geometry(grey: np.ndarray, dpi: float) -> Geometry:
    """Deskew the page, find its rulings, and paint them out of the image that OCR reads."""
    px = dpi / 72  # pixels per point
    angle = skew_angle(binarize(flatten(grey)))
    image = flatten(rotate(grey, angle))
    # nothing is printed this close to the sheet's edge; a scan puts its shadows and borders there
    edge = int(EDGE * px)
    image[:edge], image[-edge:], image[:, :edge], image[:, -edge:] = 255, 255, 255, 255
    ink = binarize(image)
    ink8 = ink.astype(np.uint8)
    h_open = cv2.morphologyEx(ink8, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (max(int(H_LINE_MIN * px), 3), 1)))
    v_open = cv2.morphologyEx(ink8, cv2.MORPH_OPEN, cv2.getStructuringElement(
        cv2.MORPH_RECT, (1, max(int(V_LINE_KERNEL * px), 3))))
    # a border that a JPEG or a faint scan broke into dashes: the long pieces' gaps bridged (a
    # character's stroke, shorter than the kernel, is gone by now and is not bridged to a border)
    bridge = max(int(1.5 * px), 1)
    h_open = cv2.morphologyEx(h_open, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1)))
    v_open = cv2.morphologyEx(v_open, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge)))
    horizontals, h_labels, h_image = _segments(h_open, False, H_LINE_MIN * px)
    candidates, v_labels, v_image = _segments(v_open, True, V_LINE_KERNEL * px)
    keep = [(s, label) for s, label in zip(candidates, v_labels, strict=True)
            if s.end - s.start >= V_LINE_MIN * px or _joined(s, horizontals, px)]
    verticals = [s for s, _ in keep]
    lines = np.isin(h_image, h_labels) | np.isin(v_image, [label for _, label in keep])
    lines = cv2.dilate(lines.astype(np.uint8), np.ones((3, 3), np.uint8))
    clean = image.copy()
    clean[lines > 0] = 255
    return Geometry(image, clean, ink & (lines == 0), angle, verticals, horizontals)


def _joined(s: Segment, horizontals: list[Segment], px: float) -> bool:
    """Does a short vertical segment run from one horizontal ruling to another (a cell border of
    a low row), rather than being a long stroke of a character?"""
    tol = JOIN * px

    def touches(y: float) -> bool:
        return any(abs(h.pos - y) <= tol and h.start - tol <= s.pos <= h.end + tol for h in horizontals)

    return touches(s.start) and touches(s.end)


def split_at_rulings(box: tuple[float, float, float, float], verticals: list[Segment],
                     px: float) -> list[tuple[float, float, float, float]]:
    """A text box cut at the vertical rulings that cross it: the detector may run one box over a
    border, but a border always separates two cells."""
    x0, y0, x1, y1 = box
    middle = (y0 + y1) / 2
    cuts = sorted(s.pos for s in verticals if s.start <= middle <= s.end and x0 + px < s.pos < x1 - px)
    if not cuts:
        return [box]
    edges = [x0, *cuts, x1]
    return [(a, y0, b, y1) for a, b in itertools.pairwise(edges) if b - a > 2 * px]


def ink_box(ink: np.ndarray, box: tuple[float, float, float, float]) -> tuple[int, int, int, int] | None:
    """The tight box of the ink inside `box` (pixels), or None when it holds no ink."""
    h, w = ink.shape
    x0, y0 = max(int(box[0]), 0), max(int(box[1]), 0)
    x1, y1 = min(int(np.ceil(box[2])), w), min(int(np.ceil(box[3])), h)
    if x1 <= x0 or y1 <= y0:
        return None
    part = ink[y0:y1, x0:x1]
    rows = np.flatnonzero(part.any(axis=1))
    cols = np.flatnonzero(part.any(axis=0))
    if len(rows) == 0 or len(cols) == 0:
        return None
    return x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1


LINE_PIECE_MIN = 4.5  # points: each line of a box split in two is at least this high (a digit's ink ~6)


def split_lines(ink: np.ndarray, region: tuple[float, float, float, float],
                px: float) -> list[tuple[int, int, int, int]]:
    """The lines of a text box the detector drew over two lines of one narrow cell (`45` over
    `7`, a wrapped number), split at the blank pixel rows between them: each line's tight ink
    box; [] when the box holds one line, when a line is lower than LINE_PIECE_MIN (the
    strokes of 二 or 三 are far lower), or when ink touches the box's top or bottom (a
    neighbouring row's text cut by the box, which is no line of this one)."""
    h, w = ink.shape
    x0, y0 = max(int(region[0]), 0), max(int(region[1]), 0)
    x1, y1 = min(int(np.ceil(region[2])), w), min(int(np.ceil(region[3])), h)
    if x1 <= x0 or y1 <= y0:
        return []
    rows = ink[y0:y1, x0:x1].any(axis=1).tolist()
    if rows[0] or rows[-1]:
        return []
    pieces, start = [], None
    for y, filled in enumerate(rows):
        if filled and start is None:
            start = y
        elif not filled and start is not None:
            pieces.append((start, y))
            start = None
    if len(pieces) < 2 or any(b - a < LINE_PIECE_MIN * px for a, b in pieces):
        return []
    out = [ink_box(ink, (x0, y0 + a, x1, y0 + b)) for a, b in pieces]
    return [box for box in out if box is not None]


def in_cell(box: tuple[float, float, float, float], verticals: list[Segment], px: float) -> bool:
    """Is the box between two vertical rulings that run past its top and bottom (in a ruled cell)?"""
    x0, y0, x1, y1 = box
    spanning = [s.pos for s in verticals if s.start <= y0 and s.end >= y1]
    return any(x <= x0 + px for x in spanning) and any(x >= x1 - px for x in spanning)


def uncovered_ink(ink: np.ndarray, boxes: list[tuple[float, float, float, float]],
                  px: float) -> list[tuple[float, float, float, float]]:
    """Boxes around the ink no detected text box covers: the detector, on a page scaled down,
    misses a lone thin "0" or "-" in a table cell, which must not come out as a blank cell.
    Specks (scan noise, dust) are dropped first; strokes closer than 3 pt are then one box."""
    covered = np.zeros(ink.shape, np.uint8)
    for x0, y0, x1, y1 in boxes:
        covered[max(int(y0) - 1, 0) : int(y1) + 2, max(int(x0) - 1, 0) : int(x1) + 2] = 1
    rest = (ink & (covered == 0)).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rest, connectivity=8)
    keep = np.zeros(count, bool)
    for label in range(1, count):
        _, _, w, h, area = stats[label]
        dash = w >= DASH_MIN * px and w >= 2.5 * h  # a thin "-": little ink, but long and flat
        keep[label] = dash or (area >= SPECK_PIXELS * px * px and max(w, h) >= SPECK_SIZE * px)
    rest = keep[labels].astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(int(3 * px), 1), max(int(px), 1)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(rest, kernel), connectivity=8)
    out = []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        ys, xs = np.nonzero(rest[y : y + h, x : x + w] & (labels[y : y + h, x : x + w] == label))
        if len(xs):
            out.append((float(x + xs.min()), float(y + ys.min()),
                        float(x + xs.max() + 1), float(y + ys.max() + 1)))
    return out


def leans_right(ink: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """How far the ink's top third sits right of its bottom third, in heights of the box: a "/"
    leans right by about half its height, a "1" stands upright (its flag pulls the top left)."""
    x0, y0, x1, y1 = box
    part = ink[y0:y1, x0:x1]
    third = max(part.shape[0] // 3, 1)
    top, bottom = np.nonzero(part[:third])[1], np.nonzero(part[-third:])[1]
    if len(top) == 0 or len(bottom) == 0:
        return 0.0
    return float(top.mean() - bottom.mean()) / max(y1 - y0, 1)


TABLE_RULINGS = 3  # a ruled table has at least this many horizontal and vertical rulings


def has_table(geometry: Geometry) -> bool:
    """Does the page show a ruled table (`--ocr tables` recognises only such pages)?"""
    return len(geometry.horizontals) >= TABLE_RULINGS and len(geometry.verticals) >= TABLE_RULINGS
