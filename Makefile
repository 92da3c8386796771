# Two commands on a fresh machine: `make book` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BOOK_FLAGS := --warningiserror --nitpick --keep-going

.PHONY: book test validate lint clean

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

test: book
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf _build
