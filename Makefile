# Limber: `make run` starts the app, `make test` runs every check headless.
# Both create .venv and install the project (with its test tools) on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest screenshot benchmark contact-sheet clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m app

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshot.py docs/screenshot.png
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshot.py docs/picker-dark.png --page picker --dark

benchmark: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py

contact-sheet: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/contact_sheet.py docs/contact-sheet.png

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

# The launcher, icon and software-centre description, in the user's data folder (no root needed).
.PHONY: install-desktop
install-desktop:
	@data="$${XDG_DATA_HOME:-$$HOME/.local/share}"; \
	install -D -m 644 assets/limber.desktop "$$data/applications/limber.desktop" && \
	install -D -m 644 assets/icon.svg "$$data/icons/hicolor/scalable/apps/limber.svg" && \
	install -D -m 644 assets/limber.metainfo.xml "$$data/metainfo/io.github.limber.Limber.metainfo.xml" && \
	if command -v update-desktop-database >/dev/null 2>&1; then \
		update-desktop-database -q "$$data/applications" || true; fi; \
	echo "installed $$data/applications/limber.desktop, its icon and its metainfo"
