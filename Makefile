# Limber: `make run` starts the app, `make test` runs every check headless.
# Both create .venv and install the project (with its test tools) on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest screenshot benchmark contact-sheet clean mutation coverage translations

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

# On every core (pytest-xdist); the rewritten tests kept in __pycache__ even where the
# shell sets PYTHONDONTWRITEBYTECODE, so each worker's collection reuses them.
pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n auto

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshot.py docs/screenshot.png
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshot.py docs/picker-dark.png --page picker --dark
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshot.py docs/picker-zh_CN.png --page picker --language zh_CN
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshot.py docs/session-zh_CN.png --language zh_CN

benchmark: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py

contact-sheet: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/contact_sheet.py docs/contact-sheet.png

# Mutation testing of the core (config in pyproject.toml, [tool.mutmut]): one
# module at a time, niced, as the machine is shared: `make mutation MODULE=cues`.
# Without MODULE every core module is mutated (long). Results stay in mutants/,
# so a second run only tries mutants whose code or tests changed; the survivors
# are listed at the end (`$(BIN)/mutmut show NAME` shows one as a diff).
MODULE ?=
MUTATION_JOBS ?= 2
mutation: $(STAMP)
	QT_QPA_PLATFORM=offscreen nice -n 10 $(BIN)/mutmut run --max-children $(MUTATION_JOBS) \
		$(if $(MODULE),"app.$(MODULE).*") > mutants.log 2>&1 || (tail -n 40 mutants.log; false)
	@$(BIN)/mutmut results | grep -F "$(if $(MODULE),app.$(MODULE).,app.)" | grep -E ": (survived|no tests|suspicious)$$" || true
	@$(BIN)/python tools/mutation_score.py $(MODULE)

# Line and branch coverage of the whole suite, as a terminal table and htmlcov/.
coverage: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest --cov=app --cov-branch \
		--cov-report=term-missing:skip-covered --cov-report=html

# The catalogs (docs/translations.md): extract the program's texts (babel.cfg) and
# the shipped YAML's (tools/extract_content.py) into templates, merge them into
# each language's .po (a new language: add it to LANGUAGES), compile the .mo.
LANGUAGES := de zh_CN
LOCALE    := app/locale
VERSION   := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --add-comments=Translators: --no-location --sort-output \
		--project=Limber --version=$(VERSION) --copyright-holder="the Limber authors" \
		--msgid-bugs-address="the Limber issue tracker" -w 100 -o $(LOCALE)/limber.pot app
	$(BIN)/python tools/extract_content.py $(LOCALE)/content.pot
	@for lang in $(LANGUAGES); do for domain in limber content; do \
		$(BIN)/pybabel update -i $(LOCALE)/$$domain.pot -d $(LOCALE) -D $$domain -l $$lang \
			--init-missing --ignore-obsolete --ignore-pot-creation-date -w 100 || exit 1; \
	done; done
	$(BIN)/pybabel compile -d $(LOCALE) -D limber --statistics
	$(BIN)/pybabel compile -d $(LOCALE) -D content --statistics

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache mutants mutants.log .coverage htmlcov

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
