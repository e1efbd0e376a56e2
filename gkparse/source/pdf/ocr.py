"""Scanned pages → the same lines and cells as the text-layer path, through offline OCR.

A page without a usable text layer is rendered with pypdfium2, deskewed, and its ruling lines
found in the pixels (`grid`). RapidOCR's detector runs once on the page (the rulings painted
out, so that a border is never read as a "1" or a "一"); each text box is cut at the vertical
rulings it crosses, and every piece is recognised in batches. A piece becomes a `Glyph` with
its tight ink box in PDF points and its confidence (the weakest character's), and the vertical
rulings become `Rule`s: from there `glyphs_to_lines`, the code the text-layer readers use, builds
the lines and cells. Tables without rulings fall back to the box positions, as there.

In a cell that reads as a number once the usual look-alikes are mapped (o/O/〇→0, l/I/|→1,
S→5; only when the whole cell is then numeric), they are mapped. Nothing is downloaded: the
detection and recognition models ship inside the rapidocr wheel, and their paths are given
explicitly (no code path of rapidocr's that fetches a model is reached). The model sessions are
made once per process and reused for every page and file (`engine()`).

Needs the `ocr` extra (rapidocr, onnxruntime, opencv-python-headless).
"""

from __future__ import annotations

import importlib
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex

from gkparse.document import Line
from gkparse.errors import NoTextLayerError
from gkparse.source.pdf.layout import CELL_MAX_LINES, Glyph, HRule, Rule, glyphs_to_lines, join_ruled_cells

OCR_MISSING_REASON = "no usable text layer (OCR needed: pip install 'gkparse[ocr]')"
VERTICAL_RATIO = 3.0  # a text box this many times taller than wide is vertical text
PAD = 0.2  # × line height: margin around a piece given to the recogniser
SHRINK = 0.2  # × box height: a detected box's margin, left out of the text's extent
LINE_HEIGHT = 8.0  # points: the least height of a crop given to the recogniser
THIN_DIGITS = 0.3  # × ink height per digit: no digit but "1" is narrower
# a number with a speck read beside it as a mark: the number, at a confidence below any bar
STRAY_MARKS = regex.compile(r"[.·,'`:;]*(\d+)[.·,'`:;]*")
STRAY_CONFIDENCE = 0.5
SLASH_LEAN = 0.2  # × height: a lone stroke whose top sits this far right of its bottom is a "/"
FLAT_DASHES = {"一", "_", "~", "-"}
REQUIRED = ("rapidocr", "onnxruntime", "cv2")


def settings() -> dict:
    from gkparse.templates import ocr_settings

    return ocr_settings()


def available() -> bool:
    """Is the `ocr` extra installed?"""
    try:
        for name in REQUIRED:
            importlib.import_module(name)
    except ImportError:
        return False
    return True


def require(name: str) -> None:
    if not available():
        raise NoTextLayerError(name, OCR_MISSING_REASON)


def map_digits(text: str) -> str:
    """A cell that is a number once OCR's look-alikes are mapped (`1O5`→`105`, `l`→`1`), as that
    number; any other text as it is (a label keeps its letters)."""
    stripped = text.strip()
    if not stripped or stripped.isdigit():
        return text
    # accents are no part of a digit: "ó" is an "o" with a speck over it
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", stripped) if not unicodedata.combining(ch))
    mapped = stripped.translate(str.maketrans(settings()["digit_confusions"]))
    core = mapped.replace(",", "")
    return mapped if core.isdigit() and core.isascii() and not mapped.startswith(",") else text


@dataclass(frozen=True)
class Read:
    """One recognised piece: its text and confidence (the weakest character's, 0–1)."""

    text: str
    confidence: float


class Engine:
    """The detection and recognition sessions, made once per process (onnxruntime sessions
    take about a second to load and hold the models' memory)."""

    def __init__(self) -> None:
        import rapidocr
        from rapidocr import RapidOCR

        cfg = settings()
        models = Path(rapidocr.__file__).parent / "models"
        det, rec = models / "PP-OCRv6_det_small.onnx", models / "PP-OCRv6_rec_small.onnx"
        for path in (det, rec):
            if not path.exists():  # a rapidocr without bundled models would download them: refuse
                raise RuntimeError(f"rapidocr's bundled model {path.name} is missing")
        threads = int(cfg["threads"])
        pipeline = RapidOCR(params={
            "Global.use_cls": False,
            "Global.log_level": "error",
            "Det.model_path": str(det),
            "Rec.model_path": str(rec),
            "Det.limit_side_len": int(cfg["detector_max_side"]),
            "Det.limit_type": "max",
            "Rec.rec_batch_num": int(cfg["recognizer_batch"]),
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        })
        self.detector = pipeline._load_det_model()
        self.recognizer = pipeline._load_rec_model()
        # sessions of our own: a thread pool that spins while waiting is slower on a shared
        # 2-core machine than no pool at all
        self.detector.session.session = _session(det, threads)
        self.recognizer.session.session = _session(rec, threads)
        if not self.recognizer.session.have_key():
            raise RuntimeError("rapidocr's recognition model carries no character list")
        self.characters = self.recognizer.postprocess_op.character
        self.batch = int(cfg["recognizer_batch"])
        self.lock = threading.Lock()

    def detect(self, image) -> list[tuple[float, float, float, float]]:
        """Text boxes (x0, y0, x1, y1 in pixels) of a grey page image."""
        import numpy as np

        out = self.detector(np.dstack([image] * 3))
        if out.boxes is None:
            return []
        return [(float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 0].max()), float(b[:, 1].max()))
                for b in out.boxes]

    def recognize(self, crops: list) -> list[Read]:
        """Each grey crop's text; crops of similar width are batched together."""
        import numpy as np

        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / max(crops[i].shape[0], 1))
        reads: list[Read | None] = [None] * len(crops)
        _, height, width = self.recognizer.rec_image_shape
        for start in range(0, len(order), self.batch):
            chunk = order[start : start + self.batch]
            ratio = max(width / height, *(crops[i].shape[1] / max(crops[i].shape[0], 1) for i in chunk))
            batch = np.stack([
                self.recognizer.resize_norm_img(np.dstack([crops[i]] * 3), ratio) for i in chunk
            ]).astype(np.float32)
            preds = self.recognizer.session(batch)
            for i, pred in zip(chunk, preds, strict=True):
                reads[i] = self._decode(pred)
        return [r for r in reads if r is not None]

    def _decode(self, pred) -> Read:
        """CTC greedy decoding; the confidence is the lowest of the characters' probabilities."""
        best = pred.argmax(axis=1)
        probs = pred.max(axis=1)
        chars, confs = [], []
        previous = -1
        for index, prob in zip(best.tolist(), probs.tolist(), strict=True):
            if index != previous and index != 0:
                chars.append(self.characters[index])
                confs.append(prob)
            previous = index
        return Read("".join(chars), round(min(confs), 4) if confs else 0.0)


def _session(model: Path, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 4
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = False
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])


_ENGINE: Engine | None = None
_ENGINE_LOCK = threading.Lock()


def engine() -> Engine:
    """The process's OCR engine, made on first use."""
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            _ENGINE = Engine()
        return _ENGINE


def render_grey(page, dpi: float):
    """The page as a grey image: its red channel, in which a red seal over the text fades
    into the paper and black print stays black."""
    array = page.render(scale=dpi / 72, rev_byteorder=True).to_numpy()  # RGB(A)
    return array.copy() if array.ndim == 2 else array[:, :, 0].copy()


def ocr_page(page, number: int, dpi: float | None = None, tables_only: bool = False) -> list[Line] | None:
    """One pypdfium2 page → its lines (the same shape as `glyphs_to_lines` gives a text page);
    with `tables_only`, None for a page that shows no ruled table (it is not recognised)."""
    from gkparse.source.pdf import grid

    dpi = float(dpi or settings()["render_dpi"])
    px = dpi / 72
    geometry = grid.page_geometry(render_grey(page, dpi), dpi)
    if tables_only and not grid.has_table(geometry):
        return None
    ocr = engine()
    with ocr.lock:
        detected = ocr.detect(geometry.clean)
    median = sorted(b[3] - b[1] for b in detected)[len(detected) // 2] if detected else 0
    # vertical text (三、本年度办理结果 drawn top to bottom in a rowspan cell): its box is left to
    # the ink search below, which finds it character by character, as the text layer has it
    boxes = [(b, True) for b in detected if not (b[3] - b[1] > VERTICAL_RATIO * (b[2] - b[0])
                                                and b[3] - b[1] > 2 * median)]
    boxes += [(b, False) for b in grid.uncovered_ink(geometry.ink, [b for b, _ in boxes], px)]
    pieces: list[tuple[int, int, int, int]] = []
    crops = []
    h, w = geometry.clean.shape

    def piece(x0: int, y0: int, x1: int, y1: int, part: tuple[float, float, float, float]) -> None:
        # the recogniser reads a crop about a line high: a lone "-" cropped flat reads as "1"
        tall = max(y1 - y0, int(LINE_HEIGHT * px))
        middle = (y0 + y1) // 2
        pad = max(int(PAD * tall), 2)
        cx0, cx1 = max(min(x0 - pad, int(part[0])), 0), min(max(x1 + pad, int(part[2])), w)
        cy0, cy1 = max(middle - tall // 2 - pad, 0), min(middle + tall // 2 + pad, h)
        pieces.append((x0, y0, x1, y1))
        crops.append(geometry.clean[cy0:cy1, cx0:cx1])

    for box, from_detector in boxes:
        for part in grid.split_at_rulings(box, geometry.verticals, px):
            # a detected box has a margin around its text, which may hold a neighbour's ink:
            # the text's extent is the ink in its middle band
            margin = SHRINK * (part[3] - part[1]) if from_detector else 0.0
            window = (part[0] + margin, part[1] + margin, part[2] - margin, part[3] - margin)
            tight = grid.ink_box(geometry.ink, window if window[2] > window[0] else part)
            if tight is None:
                continue
            lines = [tight]
            if from_detector and grid.in_cell(part, geometry.verticals, px):
                # over the box's whole height: its margin may cut a second line's top
                lines = grid.split_lines(geometry.ink, (window[0], part[1], window[2], part[3]), px) or lines
            for x0, y0, x1, y1 in lines:
                piece(x0, y0, x1, y1, part)
    with ocr.lock:
        reads = ocr.recognize(crops) if crops else []
        reads = second_look(ocr, geometry.clean, pieces, reads, px)
    found = []
    for (x0, y0, x1, y1), read in zip(pieces, reads, strict=True):
        text = map_digits(read.text).strip()
        if text in FLAT_DASHES and (y1 - y0) * 2.5 <= x1 - x0:
            text = "-"  # a lone flat stroke: a dash, whatever script the recogniser took it for
        confidence = read.confidence
        stray = STRAY_MARKS.fullmatch(text)
        if stray and stray.group(1) != text:
            # a speck beside a number (".3"): the number, but not trusted unless confirmed
            text, confidence = stray.group(1), min(confidence, STRAY_CONFIDENCE)
        if text == "1" and grid.leans_right(geometry.ink, (x0, y0, x1, y1)) >= SLASH_LEAN:
            text = "/"  # a slanted stroke is the "/" printed for a blank cell, not a "1"
        if text.isdigit() and text != "1" and (x1 - x0) < THIN_DIGITS * (y1 - y0) * len(text):
            confidence = 0.0  # digits too thin to be digits: a stroke of a border, read as a number
        if text:
            found.append((text, x0 / px, x1 / px, y0 / px, y1 / px, confidence))
    rules = [Rule(s.pos / px, s.start / px, s.end / px) for s in geometry.verticals]
    horizontal = [HRule(s.pos / px, s.start / px, s.end / px) for s in geometry.horizontals]
    glyphs = join_wrapped_numbers(_em_glyphs(found), rules, horizontal)
    return glyphs_to_lines(_join_wrapped_labels(glyphs, rules, horizontal), number, rules)


def _join_wrapped_labels(glyphs: list[Glyph], rules: list[Rule], horizontal: list[HRule]) -> list[Glyph]:
    """A label wrapped over several lines of its ruled cell becomes one glyph on its row's line
    (`join_ruled_cells`, as on text pages). Only labels (text with Chinese in it, such as
    "5.要求行政机关确认或重新出具已" over "获取信息"): a horizontal ruling that a seal or the JPEG
    broke would close two rows' number cells as one, and join their digits (numbers are
    joined by `join_wrapped_numbers`, which decides the rows for the whole table)."""
    if not rules or not horizontal:
        return glyphs
    label = [g for g in glyphs if regex.search(r"\p{Han}", g.text)]
    if not label:
        return glyphs
    others = [g for g in glyphs if not regex.search(r"\p{Han}", g.text)]
    numbers = [(g.top + g.bottom) / 2 for g in others if NUMBER.fullmatch(g.text)]
    joined = join_ruled_cells(label, rules, horizontal, one_char_runs=True)
    out = [_level_with(g, numbers) for g in joined] + others
    out.sort(key=lambda g: (g.top, g.x0))
    return out


def _level_with(label: Glyph, numbers: list[float]) -> Glyph:
    """A joined label on the line of its row's numbers (those whose centre lies within its
    lines, which only its row's can: the cell is closed by rulings above and below), top-aligned
    or centred as they are; `join_ruled_cells` saw the labels alone, and put it at their middle."""
    if label.extent is None:
        return label
    top, bottom = label.extent
    level = sorted(y for y in numbers if top <= y <= bottom)
    if not level:
        return label
    middle, half = level[len(level) // 2], (label.bottom - label.top) / 2
    return label._replace(top=middle - half, bottom=middle + half)


NUMBER = regex.compile(r"\d[\d,.]*")
WRAP_PITCH = (0.7, 1.6)  # × em: the centres of two lines of one cell are about a line pitch apart
WRAP_WHITE = 0.5  # × em: the most white space between them
WRAP_FULL = 1.5  # × digit width: a wrapped line leaves less room than this for one more digit
SAME_BORDER = 1.5  # points: the same vertical ruling, seen at two heights
STUB = 2.0  # points: a horizontal ruling reaching no further into a column crosses none of it


def _column_at(rules: list[Rule], x: float, y: float) -> tuple[float, float] | None:
    """The ruled column around x at height y: the nearest vertical rulings left and right."""
    left = max((r.x for r in rules if r.top <= y <= r.bottom and r.x < x), default=None)
    right = min((r.x for r in rules if r.top <= y <= r.bottom and r.x > x), default=None)
    return None if left is None or right is None else (left, right)


def _table_at(rules: list[Rule], y: float) -> tuple[float, float]:
    """The table's extent left to right at height y (its outermost vertical rulings)."""
    xs = [r.x for r in rules if r.top <= y <= r.bottom]
    return min(xs), max(xs)


def join_wrapped_numbers(glyphs: list[Glyph], rules: list[Rule], horizontal: list[HRule]) -> list[Glyph]:
    """A number wrapped inside its ruled cell (`18` over `68`) becomes one glyph `1868`, where its
    row's other cells sit. The rows are decided for the whole table, not cell by cell: a seal
    or the JPEG may break one column's segment of a row's ruling, so two lines are one cell
    only when NO horizontal ruling crosses any column of the table between them. Besides: both
    lines are in the same column (between the same two vertical rulings); the upper one is
    full (it leaves no room for one more digit at its padding, so it wrapped), the lower one
    is no wider and shares its left edge, centre or right edge; they are a line pitch apart;
    and they are all the ink of their cell (the row band between the rulings above and below
    them, in that column). Anything else is left as it is: a row whose cells do not fit its
    columns is then left out with a warning, never joined across a row."""
    if not rules or not horizontal:
        return glyphs
    numbers = sorted((i for i, g in enumerate(glyphs) if NUMBER.fullmatch(g.text)),
                     key=lambda i: glyphs[i].top)
    if len(numbers) < 2:
        return glyphs

    def centre(g: Glyph) -> float:
        return (g.top + g.bottom) / 2

    def column(g: Glyph) -> tuple[float, float] | None:
        return _column_at(rules, (g.x0 + g.x1) / 2, centre(g))

    def rulings(y0: float, y1: float, x0: float, x1: float) -> list[float]:
        # a ruling's stub beside a border (where a blot stops) crosses nothing
        return [h.y for h in horizontal if y0 < h.y < y1 and h.x1 > x0 + STUB and h.x0 < x1 - STUB]

    def full(g: Glyph, cell: tuple[float, float]) -> bool:
        digit = (g.x1 - g.x0) / max(len(g.text), 1)
        return (cell[1] - g.x1) - (g.x0 - cell[0]) <= WRAP_FULL * digit

    def follows(upper: Glyph, lower: Glyph, cell: tuple[float, float]) -> bool:
        em = min(upper.size, lower.size)
        digit = (upper.x1 - upper.x0) / max(len(upper.text), 1)
        other = column(lower)
        if other is None or any(abs(a - b) > SAME_BORDER for a, b in zip(cell, other, strict=True)):
            return False
        pitch = centre(lower) - centre(upper)
        if not WRAP_PITCH[0] * em <= pitch <= WRAP_PITCH[1] * em:
            return False
        if lower.top - upper.bottom > WRAP_WHITE * em:
            return False
        if lower.x1 - lower.x0 > upper.x1 - upper.x0 + 0.5 * digit:
            return False
        return (abs(lower.x0 - upper.x0) <= digit or abs(lower.x1 - upper.x1) <= digit
                or abs(centre_x(lower) - centre_x(upper)) <= digit)

    def centre_x(g: Glyph) -> float:
        return (g.x0 + g.x1) / 2

    taken: set[int] = set()
    chains: list[tuple[list[int], tuple[float, float]]] = []
    for n, i in enumerate(numbers):
        cell = column(glyphs[i]) if i not in taken else None
        if cell is None or not full(glyphs[i], cell):
            continue
        chain = [i]
        while len(chain) < CELL_MAX_LINES and full(glyphs[chain[-1]], cell):
            last = glyphs[chain[-1]]
            below = [k for k in numbers[n + 1 :] if k not in taken and k not in chain
                     and follows(last, glyphs[k], cell)]
            if len(below) != 1:
                break
            chain.append(below[0])
        if len(chain) < 2:
            continue
        first, last = glyphs[chain[0]], glyphs[chain[-1]]
        x0 = min(_table_at(rules, centre(first))[0], _table_at(rules, centre(last))[0])
        x1 = max(_table_at(rules, centre(first))[1], _table_at(rules, centre(last))[1])
        if rulings(centre(first), centre(last), x0, x1):
            continue  # a row's ruling somewhere in the table between the lines: two rows
        above = rulings(-1e9, centre(first), x0, x1)
        below = rulings(centre(last), 1e9, x0, x1)
        if not above or not below:
            continue
        ceiling, floor = max(above), min(below)
        inside = {k for k, g in enumerate(glyphs)
                  if cell[0] < centre_x(g) < cell[1] and ceiling < centre(g) < floor}
        if inside != set(chain):
            continue  # other ink in the cell: not (only) one wrapped number
        taken.update(chain)
        chains.append((chain, (x0, ceiling, x1, floor)))
    if not chains:
        return glyphs
    out = [g for k, g in enumerate(glyphs) if k not in taken]
    for chain, (x0, ceiling, x1, floor) in chains:
        parts = [glyphs[k] for k in chain]
        # the row's one-line numbers sit where the joined one goes (centred or top-aligned)
        level = sorted(centre(glyphs[k]) for k in numbers
                       if k not in taken and ceiling < centre(glyphs[k]) < floor
                       and x0 < centre_x(glyphs[k]) < x1)
        middle = level[len(level) // 2] if level else (parts[0].top + parts[-1].bottom) / 2
        half = (parts[0].bottom - parts[0].top) / 2
        confs = [g.confidence for g in parts if g.confidence is not None]
        out.append(Glyph("".join(g.text for g in parts), min(g.x0 for g in parts),
                         max(g.x1 for g in parts), middle - half, middle + half, parts[0].size,
                         (parts[0].top, parts[-1].bottom), min(confs) if confs else None))
    out.sort(key=lambda g: (g.top, g.x0))
    return out


def doubtful(read: Read) -> bool:
    """A read that may be a number and is below the bar: digits read with low confidence, or a
    lone sign that is no digit, no CJK and no dash (`θ` for a 0). A lone "1" is not re-read: a
    stroke left of a border, a speck's streak, reads as "1" however it is cropped."""
    bar = float(settings()["digit_confidence_min"])
    text = map_digits(read.text).strip()
    if read.confidence >= bar or not text or text == "1":
        return False
    if any(ch.isdigit() for ch in text):
        return True
    return len(text) <= 2 and not regex.search(r"\p{Han}", text) and text not in FLAT_DASHES


def second_look(ocr: Engine, clean, pieces: list[tuple[int, int, int, int]], reads: list[Read],
                px: float) -> list[Read]:
    """Re-read the doubtful pieces (`doubtful`) from crops of their own, upscaled, in two
    preprocessings (`look_crops`). A re-read replaces the first read when it is confident and the
    other re-read does not contradict it, or when both re-reads give the same text: then its
    confidence is that of two reads both wrong, 1 − (1 − c₁)(1 − c₂). Only doubtful pieces are
    re-read, so a clean page costs nothing."""
    cfg = settings()["second_look"]
    bar = float(settings()["digit_confidence_min"])
    todo = [i for i, read in enumerate(reads) if doubtful(read)][: int(cfg["max_pieces"])]
    if not todo:
        return reads
    crops = [crop for i in todo for crop in look_crops(clean, pieces[i], px, cfg)]
    again = ocr.recognize(crops)
    out = list(reads)
    for n, i in enumerate(todo):
        first, second = again[2 * n], again[2 * n + 1]
        a, b = map_digits(first.text).strip(), map_digits(second.text).strip()
        if a and a == b:
            both = 1 - (1 - first.confidence) * (1 - second.confidence)
            out[i] = Read(a, round(max(both, first.confidence, second.confidence), 4))
            continue
        sure = [(t, r) for t, r in ((a, first), (b, second)) if t and r.confidence >= bar]
        others = [t for t, r in ((a, first), (b, second)) if t and r.confidence < bar]
        if len(sure) == 1 and all(not any(ch.isdigit() for ch in t) or t == sure[0][0] for t in others):
            out[i] = Read(sure[0][0], sure[0][1].confidence)
    return out


def look_crops(clean, piece: tuple[int, int, int, int], px: float, cfg: dict) -> list:
    """Two crops of a piece, with a margin, for the second look: upscaled and binarized (Otsu),
    and upscaled more with a light denoise and the contrast stretched."""
    import cv2
    import numpy as np

    h, w = clean.shape
    x0, y0, x1, y1 = piece
    margin = max(int(float(cfg["margin"]) * max(y1 - y0, LINE_HEIGHT * px)), 2)
    cy0, cy1 = max(y0 - margin, 0), min(y1 + margin, h)
    cx0, cx1 = max(x0 - margin, 0), min(x1 + margin, w)
    crop = clean[cy0:cy1, cx0:cx1]
    big = cv2.resize(crop, None, fx=float(cfg["scale"][0]), fy=float(cfg["scale"][0]),
                     interpolation=cv2.INTER_CUBIC)
    _, binary = cv2.threshold(cv2.GaussianBlur(big, (3, 3), 0), 0, 255,
                              cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bigger = cv2.resize(crop, None, fx=float(cfg["scale"][1]), fy=float(cfg["scale"][1]),
                        interpolation=cv2.INTER_CUBIC)
    bigger = cv2.medianBlur(bigger, 3)
    low, high = np.percentile(bigger, (2, 98))
    stretched = np.clip((bigger.astype(np.float32) - low) * 255 / max(high - low, 1), 0, 255)
    return [binary, stretched.astype(np.uint8)]


CJK_INK = 0.88  # a CJK character's ink is about this share of its em square
DIGIT_INK = 0.72  # a digit's ink: cap height over the em


def _em_glyphs(found: list[tuple[str, float, float, float, float, float]]) -> list[Glyph]:
    """Pieces with their ink boxes → glyphs with the em boxes a text layer would give (the line
    builder groups by the vertical centre within half an em, and splits cells at about one
    em): the em from the ink height, by script; a piece of neither script (a dash) gets the
    page's median em. The vertical centre is the ink's, which is the em box's to within a point."""
    ems: list[float | None] = []
    for text, _, _, top, bottom, _ in found:
        height = bottom - top
        if regex.search(r"\p{Han}", text):
            ems.append(height / CJK_INK)
        elif any(ch.isdigit() for ch in text):
            ems.append(height / DIGIT_INK)
        else:
            ems.append(None)
    known = sorted(e for e in ems if e is not None)
    median = known[len(known) // 2] if known else 10.0
    glyphs = []
    for (text, x0, x1, top, bottom, confidence), em in zip(found, ems, strict=True):
        em = em or median
        if text == "-" and x1 - x0 >= 0.6 * median:  # a flat stroke an em long: an em dash
            text = "——" if x1 - x0 >= 1.6 * median else "—"
        middle = (top + bottom) / 2
        glyphs.append(Glyph(text, x0, x1, middle - em / 2, middle + em / 2, em, confidence=confidence))
    glyphs.sort(key=lambda g: (g.top, g.x0))
    return glyphs


def ocr_document(data: bytes, name: str, pages: list[list[Line]] | None = None,
                 only: set[int] | None = None, tables_only: bool = False,
                 skipped: list[int] | None = None) -> tuple[list[list[Line]], list[int]]:
    """OCR the pages of a PDF: all of them, or the page numbers in `only` (their lines replace
    those of `pages`, the text-layer reader's). Returns the lines of every page and the numbers
    of the pages OCRed. With `tables_only` (`--ocr tables`) a page that shows no ruled table is
    not recognised: it stays empty, and its number goes into `skipped`."""
    from gkparse.source.pdf.probe import open_pdfium

    require(name)
    pdf = open_pdfium(data, name)
    try:
        out = list(pages) if pages is not None else [[] for _ in range(len(pdf))]
        done = []
        for index in range(len(pdf)):
            number = index + 1
            if only is not None and number not in only:
                continue
            page = pdf[index]
            try:
                lines = ocr_page(page, number, tables_only=tables_only)
                if lines is None:
                    out[index] = []
                    if skipped is not None:
                        skipped.append(number)
                else:
                    out[index] = lines
                    done.append(number)
            finally:
                page.close()
    finally:
        pdf.close()
    return out, done
