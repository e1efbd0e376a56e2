"""Make docs/inspect.png, the README's picture of `gkparse inspect`: 洪泽 2023, the page of table 四
with its two failed checks red, one failed cell's tooltip shown (headless Chromium cannot hover).

    python examples/inspect_screenshot.py [--pdf PATH] [--out docs/inspect.png]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import gkparse  # noqa: E402 - after the path is set
from gkparse.inspect import inspect_html  # noqa: E402

HONGZE = REPO.parent / "shared" / "corpus" / "real" / "hongze-district-2023.pdf"
# only the page of table 四, and one failed cell's tooltip as its hover shows it
FOCUS = """<style>section.page:not([data-page="{page}"]),.report-side,.tables{{display:none}}
.box[data-key="{key}"]::after{{content:attr(data-tip);position:absolute;left:0;top:calc(100% + 60px);
z-index:10;white-space:pre;background:#1f2328;color:#fff;font-size:12px;padding:6px 8px;border-radius:4px}}
</style></head>"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pdf", type=Path, default=HONGZE)
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "inspect.png")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("needs chromium (make system-deps installs it)")
    from PIL import Image

    report = gkparse.parse(args.pdf)
    failed = report.cell("review_litigation", "review", "total")
    focus = FOCUS.format(page=failed.page, key="review_litigation.review.total")
    html = inspect_html(report).replace("</head>", focus, 1)
    with tempfile.TemporaryDirectory() as tmp:
        page, shot = Path(tmp) / "page.html", Path(tmp) / "shot.png"
        page.write_text(html, "utf-8")
        subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={tmp}/profile", "--window-size=1200,1220", f"--screenshot={shot}",
                        page.as_uri()], check=True, capture_output=True, timeout=120)
        image = Image.open(shot).convert("RGB")
    # the page and its side note; a 256-colour octree palette keeps it small (median cut greys out
    # the legend's few coloured pixels)
    image = image.quantize(256, method=Image.Quantize.FASTOCTREE)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    image.save(args.out, optimize=True)
    print(f"{args.out}: {args.out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
