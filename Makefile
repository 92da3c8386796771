# Two commands on a fresh machine: `make book` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BOOK_FLAGS := --warningiserror --nitpick --keep-going

.PHONY: help book student pdf student-pdf handouts slides test check validate lint serve clean lab

# `make help` lists the targets with the line that follows `##`.
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 22

# The environment: created once, reinstalled when the pins change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[book,test]'
	touch $@

validate: $(STAMP) ## validate the data package (one line per fault)
	$(BIN)/briefing validate data

# Validate first: bad data stops here, before any chapter executes.
book: validate ## build the book into _build/html (validates first)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)

# The student edition: the same book with every solution removed, into _build/student/html.
student: validate ## the student edition (no solutions) into _build/student/html
	BRIEFING_EDITION=student $(BIN)/jupyter-book build . $(BOOK_FLAGS) --path-output _build/student
	ln -sfn _build/html _build/student/html

# The whole book printed to one PDF by the system Chromium, from the built HTML: page numbers, bookmarks, a
# contents list with pages. `student-pdf` prints the student edition (no solutions); `handouts` one PDF per
# chapter of the student edition.
pdf: book ## print the book (instructor edition) to _build/pdf with the system Chromium
	$(BIN)/briefing pdf --html _build/html --out _build/pdf/lachin-corridor-briefing.pdf

student-pdf: student ## print the student edition (no solutions) to _build/pdf
	$(BIN)/briefing pdf --html _build/student/html --out _build/pdf/lachin-corridor-briefing-student.pdf

handouts: student ## one PDF per chapter (student edition) into _build/pdf/handouts
	$(BIN)/briefing pdf --html _build/student/html --per-chapter _build/pdf/handouts

# A reveal.js deck per topic chapter, offline (glued values from the built book): _build/slides/<chapter>/index.html.
slides: book ## a slide deck per topic chapter into _build/slides (opens offline)
	$(BIN)/briefing slides --all --html _build/html --out _build/slides

test: book ## the full suite: lint, data, builds, browser (builds the book first)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/briefing lint-chapters
	$(BIN)/pytest

# The inner loop: lint and the fast tests, no build (under a minute).
check: $(STAMP) ## lint (code and chapters' code cells) and the fast tests, no build
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/briefing lint-chapters
	$(BIN)/briefing validate data
	$(BIN)/briefing check-quotes
	$(BIN)/pytest -q -m "not build and not browser" tests/test_data.py \
		tests/test_validate.py tests/test_prose.py tests/test_ingest.py tests/test_sources_fidelity.py \
		tests/test_chart_specs.py tests/test_chapters.py tests/test_layout.py

# JupyterLab on 127.0.0.1 with the chapters' .md files opening as notebooks (jupytext writes them back as .md).
lab: $(STAMP) ## JupyterLab with the chapters as notebooks (jupytext), on 127.0.0.1
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[lab]'
	$(BIN)/python -m briefing.lab

serve: ## serve the built book on http://127.0.0.1:8000 (loopback only)
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html 8000

lint: $(STAMP) ## lint the code and the chapters' code cells
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/briefing lint-chapters

clean: ## remove the build
	rm -rf _build
