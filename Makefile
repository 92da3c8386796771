# Two commands on a fresh machine: `make book` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BOOK_FLAGS := --warningiserror --nitpick --keep-going

.PHONY: book student pdf test validate lint clean

# The environment: created once, reinstalled when the pins change.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

validate: $(STAMP)
	$(BIN)/briefing validate data

# Validate first: bad data stops here, before any chapter executes.
book: validate
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)

# The student edition: the same book with every solution removed, into _build/student/html.
student: validate
	BRIEFING_EDITION=student $(BIN)/jupyter-book build . $(BOOK_FLAGS) --path-output _build/student
	ln -sfn _build/html _build/student/html

# The whole book printed to one PDF by the system Chromium, from the built HTML.
pdf: book
	$(BIN)/briefing pdf --html _build/html --out _build/pdf/lachin-corridor-briefing.pdf

test: book
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf _build
