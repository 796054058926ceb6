# The two commands a fresh machine needs: `make demo` and `make test`.
# Both create .venv and install what they need themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DB ?= data/database/veeva_opendata.db
REPORT ?= reports/veeva_dq_report.html
SAMPLES := data/samples/nppes_npidata_2016_first10k_41cols.csv \
           data/samples/nppes_npidata_2025_first1000_fullwidth.csv

.PHONY: install demo test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	# An editable install leaves src/ without bytecode, and where PYTHONDONTWRITEBYTECODE is
	# set none is ever written: every command would compile its modules again.
	$(BIN)/python -m compileall -q src
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# Load the bundled real CMS NPPES samples (2016 and 2025), validate every rule, write the
# HTML report and print the summary. Exit code 1 from validate means "error-level rules
# failed", which is the expected outcome on real data, so it does not fail the demo.
demo: $(STAMP)
	$(BIN)/veeva-dq ingest $(SAMPLES) --format nppes --db $(DB)
	$(BIN)/veeva-dq validate --rule all --db $(DB) --report $(REPORT) || [ $$? -eq 1 ]

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python bench/bench_sqlite.py --hcps 1000000

clean:
	rm -rf $(VENV) build dist src/*.egg-info .mypy_cache .ruff_cache .pytest_cache
