# The two set-up commands of the README: `make demo` and `make test`.
# Both create .venv and install everything the project needs, on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench system-deps clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,camelot,dask,analysis,ocr]"
	touch $(STAMP)

# pdftotext/pdftoppm (poppler-utils) let the tests read the real PDFs as text too.
# fonts-noto-cjk: the notebook's and the demo's plots label in Chinese (else they fall back to keys).
# chromium: headless, it opens `gkparse inspect` pages in the tests (counts the outlined cells).
system-deps:
	@command -v pdftotext >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; \
	  else echo "note: poppler-utils not installed; pdftotext-based tests will be skipped"; fi; }
	@fc-list :lang=zh 2>/dev/null | grep -q . || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	  else echo "note: no CJK font; plots label with the canonical keys"; fi; }
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: chromium not installed; the inspect page's browser tests will be skipped"; fi; }

demo: $(STAMP) system-deps
	$(BIN)/python examples/demo.py

test: $(STAMP) system-deps
	$(BIN)/ruff check gkparse tests fixtures bench examples notebooks
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/text_speed.py

clean:
	rm -rf $(VENV) out
